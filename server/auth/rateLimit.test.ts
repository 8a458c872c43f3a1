import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabaseUrl } from "@/db/client";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { hitWindow } from "@/server/security/rateLimit";
import {
  ACCOUNT_FREE_FAILURES,
  ACCOUNT_MAX_DELAY_MS,
  ADDRESS_FREE_FAILURES,
  backoffDelayMs,
  PAIR_FREE_FAILURES,
  recordSignInFailure,
  recordSignInSuccess,
  signInLockSeconds,
} from "./rateLimit";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const NOW = Date.UTC(2026, 0, 1);

describe("sign-in back-off", () => {
  it("doubles the wait per failure after the free tries: 0, 1 s, 2 s, 4 s … capped", () => {
    const delays = [1, 2, 3, 4, 5, 6, 40].map((n) => backoffDelayMs(n, 3, 60_000));
    expect(delays).toEqual([0, 0, 0, 1000, 2000, 4000, 60_000]);
  });

  it("slows down the failing (account, address) pair exponentially", async () => {
    const db = t.db;
    for (let i = 0; i < PAIR_FREE_FAILURES; i++) await recordSignInFailure(db, "anna@example.com", "10.0.0.1", NOW);
    expect(await signInLockSeconds(db, "anna@example.com", "10.0.0.1", NOW)).toBe(0);
    for (let i = 0; i < 8; i++) await recordSignInFailure(db, "anna@example.com", "10.0.0.1", NOW);
    expect(await signInLockSeconds(db, "anna@example.com", "10.0.0.1", NOW)).toBe(2 ** 7);
  });

  it("clears the account's and the pair's counters after a correct password", async () => {
    const db = t.db;
    for (let i = 0; i < 6; i++) await recordSignInFailure(db, "ok@example.com", "10.0.0.3", NOW);
    expect(await signInLockSeconds(db, "ok@example.com", "10.0.0.3", NOW)).toBeGreaterThan(0);
    await recordSignInSuccess(db, "ok@example.com", "10.0.0.3");
    expect(await signInLockSeconds(db, "ok@example.com", "10.0.0.3", NOW)).toBe(0);
  });

  it("locks an address that sprays many accounts, not other addresses", async () => {
    const db = t.db;
    for (let i = 0; i < ADDRESS_FREE_FAILURES + 3; i++) await recordSignInFailure(db, `spray-${i}@example.com`, "10.1.2.9", NOW);
    expect(await signInLockSeconds(db, "fresh@example.com", "10.1.2.9", NOW)).toBeGreaterThan(0);
    expect(await signInLockSeconds(db, "fresh@example.com", "10.1.2.10", NOW)).toBe(0);
  });

  it("without a known address uses only the account counter, capped at the short delay", async () => {
    const db = t.db;
    for (let i = 0; i < 200; i++) await recordSignInFailure(db, "nobody-knows@example.com", null, NOW);
    expect(await signInLockSeconds(db, "nobody-knows@example.com", null, NOW)).toBe(ACCOUNT_MAX_DELAY_MS / 1000);
    expect(await signInLockSeconds(db, "someone-else@example.com", null, NOW)).toBe(0);
    expect(ACCOUNT_FREE_FAILURES).toBeGreaterThan(PAIR_FREE_FAILURES);
  });

  it("forgets the back-off once it has passed", async () => {
    const db = t.db;
    for (let i = 0; i < 6; i++) await recordSignInFailure(db, "later@example.com", "10.0.0.8", NOW);
    const seconds = await signInLockSeconds(db, "later@example.com", "10.0.0.8", NOW);
    expect(await signInLockSeconds(db, "later@example.com", "10.0.0.8", NOW + seconds * 1000)).toBe(0);
  });
});

describe("window limits", () => {
  it("allows `limit` hits per window, then names the seconds to wait, then starts over", async () => {
    const limit = { limit: 3, windowMs: 60_000 };
    const hits = [];
    for (let i = 0; i < 4; i++) hits.push(await hitWindow(t.db, "k", limit, NOW));
    expect(hits.map((h) => h.allowed)).toEqual([true, true, true, false]);
    expect(hits[3]!.retryAfterSeconds).toBe(60);
    expect((await hitWindow(t.db, "k", limit, NOW + 60_000)).allowed).toBe(true);
  });

  it("shares counters between two connections to the same database (two app instances)", async () => {
    const other = openDatabaseUrl(t.file);
    try {
      const limit = { limit: 2, windowMs: 60_000 };
      expect((await hitWindow(t.db, "shared", limit, NOW)).allowed).toBe(true);
      expect((await hitWindow(other, "shared", limit, NOW)).allowed).toBe(true);
      expect((await hitWindow(t.db, "shared", limit, NOW)).allowed).toBe(false);
    } finally {
      await closeDatabase(other);
    }
  });
});
