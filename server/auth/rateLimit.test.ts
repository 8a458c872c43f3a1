import { describe, expect, it } from "vitest";
import { ACCOUNT_FAILURES_ALLOWED, recordSignInFailure, recordSignInSuccess, signInLockSeconds } from "./rateLimit";

describe("sign-in rate limit", () => {
  it("locks an account after repeated failures and says for how long", async () => {
    const account = `locked-${Math.random()}@example.com`;
    for (let i = 0; i < ACCOUNT_FAILURES_ALLOWED - 1; i++) await recordSignInFailure(account, "10.0.0.1");
    expect(await signInLockSeconds(account, "10.0.0.1")).toBe(0);
    await recordSignInFailure(account, "10.0.0.1");
    const seconds = await signInLockSeconds(account, "10.0.0.2");
    expect(seconds).toBeGreaterThan(60);
    expect(seconds).toBeLessThanOrEqual(15 * 60);
  });

  it("clears the account counter after a successful sign-in", async () => {
    const account = `ok-${Math.random()}@example.com`;
    for (let i = 0; i < ACCOUNT_FAILURES_ALLOWED - 1; i++) await recordSignInFailure(account, "10.0.0.3");
    await recordSignInSuccess(account);
    await recordSignInFailure(account, "10.0.0.3");
    expect(await signInLockSeconds(account, "10.0.0.4")).toBe(0);
  });

  it("locks an address that tries many accounts", async () => {
    const address = `10.1.${Math.floor(Math.random() * 250)}.9`;
    for (let i = 0; i < 30; i++) await recordSignInFailure(`spray-${i}-${Math.random()}@example.com`, address);
    expect(await signInLockSeconds("fresh@example.com", address)).toBeGreaterThan(0);
  });
});
