import { RateLimiterMemory } from "rate-limiter-flexible";

/*
 * Failed sign-ins are counted per account and per client address. The account
 * limit stops guessing one password from many machines; the address limit stops
 * one machine trying many accounts. Success clears the account counter.
 */
const WINDOW_SECONDS = 15 * 60;
export const ACCOUNT_FAILURES_ALLOWED = 5;
export const ADDRESS_FAILURES_ALLOWED = 30;

const byAccount = new RateLimiterMemory({
  keyPrefix: "signin-account",
  points: ACCOUNT_FAILURES_ALLOWED,
  duration: WINDOW_SECONDS,
  blockDuration: WINDOW_SECONDS,
});
const byAddress = new RateLimiterMemory({
  keyPrefix: "signin-address",
  points: ADDRESS_FAILURES_ALLOWED,
  duration: WINDOW_SECONDS,
  blockDuration: WINDOW_SECONDS,
});

/** Seconds until this account or address may try again, or 0 when not locked. */
export async function signInLockSeconds(account: string, address: string): Promise<number> {
  const [a, b] = await Promise.all([byAccount.get(account), byAddress.get(address)]);
  const locked = [
    a && a.consumedPoints >= ACCOUNT_FAILURES_ALLOWED ? a.msBeforeNext : 0,
    b && b.consumedPoints >= ADDRESS_FAILURES_ALLOWED ? b.msBeforeNext : 0,
  ];
  return Math.ceil(Math.max(...locked) / 1000);
}

export async function recordSignInFailure(account: string, address: string): Promise<void> {
  await Promise.all([byAccount.consume(account).catch(() => undefined), byAddress.consume(address).catch(() => undefined)]);
}

export async function recordSignInSuccess(account: string): Promise<void> {
  await byAccount.delete(account);
}
