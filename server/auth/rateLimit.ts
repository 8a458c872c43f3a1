import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { rateLimits } from "@/db/schema";
import { serialize, transaction } from "@/db/transaction";
import { clearLimit, enforceWindow, readBackoff, recordBackoffFailure } from "@/server/security/rateLimit";

/*
 * Failed sign-ins slow down the one who fails, not the account's owner:
 *  - per (account, address): after a few free tries each failure doubles the wait,
 *    up to 15 minutes: guessing from one machine gets slow fast;
 *  - per account, from anywhere: the wait doubles too but never exceeds a short
 *    delay, so a botnet guessing one password cannot lock the owner out: the owner,
 *    from their own address, waits at most ACCOUNT_MAX_DELAY_MS;
 *  - per address, over all accounts: stops one machine spraying many accounts.
 * Counters live in the database (server/security/rateLimit.ts). Without a known
 * client address only the account counter applies, never one shared by everyone.
 */
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const MEMORY_MS = 24 * 60 * MINUTE;

export const PAIR_FREE_FAILURES = 3;
export const PAIR_MAX_DELAY_MS = 15 * MINUTE;
export const ACCOUNT_FREE_FAILURES = 10;
export const ACCOUNT_MAX_DELAY_MS = 30 * SECOND;
export const ADDRESS_FREE_FAILURES = 50;
export const ADDRESS_MAX_DELAY_MS = 15 * MINUTE;

/** 0 for the free failures, then 1 s, 2 s, 4 s … up to `max`. */
export function backoffDelayMs(failures: number, free: number, max: number): number {
  if (failures <= free) return 0;
  return Math.min(max, SECOND * 2 ** Math.min(30, failures - free - 1));
}

function keys(account: string, address: string | null) {
  const a = account.trim().toLowerCase();
  return {
    pair: address ? `signin:pair:${a}|${address}` : null,
    account: `signin:account:${a}`,
    address: address ? `signin:address:${address}` : null,
  };
}

/** Seconds until this account may be tried again from this address, or 0. */
export async function signInLockSeconds(db: DbOrTx, account: string, address: string | null, now = Date.now()): Promise<number> {
  const k = keys(account, address);
  const until: number[] = [];
  for (const key of [k.pair, k.account, k.address]) if (key !== null) until.push((await readBackoff(db, key, now)).blockedUntil);
  return Math.max(0, Math.ceil((Math.max(0, ...until) - now) / SECOND));
}

export async function recordSignInFailure(db: DbOrTx, account: string, address: string | null, now = Date.now()): Promise<void> {
  const k = keys(account, address);
  if (k.pair) {
    await recordBackoffFailure(
      db,
      k.pair,
      { delayMs: (n) => backoffDelayMs(n, PAIR_FREE_FAILURES, PAIR_MAX_DELAY_MS), memoryMs: MEMORY_MS },
      now,
    );
  }
  await recordBackoffFailure(
    db,
    k.account,
    { delayMs: (n) => backoffDelayMs(n, ACCOUNT_FREE_FAILURES, ACCOUNT_MAX_DELAY_MS), memoryMs: MEMORY_MS },
    now,
  );
  if (k.address) {
    await recordBackoffFailure(
      db,
      k.address,
      { delayMs: (n) => backoffDelayMs(n, ADDRESS_FREE_FAILURES, ADDRESS_MAX_DELAY_MS), memoryMs: MEMORY_MS },
      now,
    );
  }
}

/**
 * Claims one sign-in attempt before the password is checked: 0 when it may go ahead (and
 * it is then counted as a failure until it proves correct), else the seconds to wait.
 * Checking the limit and counting the attempt happen in one transaction, taking turns per
 * account, so a burst of parallel guesses (on one instance or several) is held to the
 * same free tries as guesses one after another: each claim sees the ones before it.
 */
export async function claimSignInAttempt(db: Db, account: string, address: string | null, now = Date.now()): Promise<number> {
  return transaction(db, async (tx) => {
    await serialize(tx, keys(account, address).account);
    const wait = await signInLockSeconds(tx, account, address, now);
    if (wait === 0) await recordSignInFailure(tx, account, address, now);
    return wait;
  });
}

/**
 * A correct password clears the account's and this address's counters for it, and takes
 * back the one its claim added to the address's spray counter (which stays otherwise).
 */
export async function recordSignInSuccess(db: DbOrTx, account: string, address: string | null): Promise<void> {
  const k = keys(account, address);
  if (k.pair) await clearLimit(db, k.pair);
  await clearLimit(db, k.account);
  if (k.address) {
    await db
      .update(rateLimits)
      .set({ count: sql`${rateLimits.count} - 1` })
      .where(sql`${rateLimits.key} = ${k.address} AND ${rateLimits.count} > 0`);
  }
}

/** SIGNUP_LIMIT_PER_HOUR raises it where many accounts come from one address on purpose (the end-to-end suite). */
export const SIGNUP_LIMIT = { limit: Number(process.env.SIGNUP_LIMIT_PER_HOUR) || 10, windowMs: 60 * MINUTE };

/** Sign-ups per address (or, without one, for all unknown addresses together) per hour. */
export async function enforceSignUpLimit(db: Db, address: string | null, now = Date.now()): Promise<void> {
  await enforceWindow(db, `signup:${address ?? "unknown"}`, SIGNUP_LIMIT, "Too many sign-ups from here. Please try again later.", now);
}

export const INVITATION_LOOKUP_LIMIT = { limit: 30, windowMs: 10 * MINUTE };

/** Invitation look-ups and answers per signed-in user: enough for real use, too few to guess links. */
export async function enforceInvitationLookupLimit(db: Db, userId: string, now = Date.now()): Promise<void> {
  await enforceWindow(db, `invitation:${userId}`, INVITATION_LOOKUP_LIMIT, "Too many invitation look-ups. Please try again later.", now);
}

export const VERIFICATION_MAIL_LIMIT = { limit: 5, windowMs: 60 * MINUTE };

/** Verification mails per account and hour: nobody's mailbox is flooded through us. */
export async function enforceVerificationMailLimit(db: Db, userId: string, now = Date.now()): Promise<void> {
  await enforceWindow(db, `verify-mail:${userId}`, VERIFICATION_MAIL_LIMIT, "Too many verification mails. Please try again later.", now);
}
