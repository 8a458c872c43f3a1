import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeDatabase, openDatabaseUrl } from "@/db/client";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { selectRows } from "@/db/batch";
import { blockOf, enforceWindowInBlocks, hitWindow } from "@/server/security/rateLimit";
import { isAppError } from "@/server/errors";
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

describe("window limits claimed in blocks (the per-token limit of /api/v1)", () => {
  const hit = (db: TestDb["db"], key: string, limit: number, now = NOW) =>
    enforceWindowInBlocks(db, key, { limit, windowMs: 60_000 }, "Slow down.", now).then(
      () => "ok",
      (error: unknown) => (isAppError(error) ? error.code : Promise.reject(error)),
    );
  const count = async (key: string) =>
    Number((await selectRows<{ count: number | string }>(t.db, "SELECT count FROM rate_limits WHERE key = ?", [key]))[0]?.count);

  it("writes the shared counter once per block of requests, not once per request", async () => {
    const limit = 60_000;
    expect(blockOf(limit)).toBe(60);
    for (let i = 0; i < 60; i++) expect(await hit(t.db, "busy", limit)).toBe("ok");
    // 60 requests, one claim of 60 slots; the 61st claims the next block.
    expect(await count("busy")).toBe(60);
    expect(await hit(t.db, "busy", limit)).toBe("ok");
    expect(await count("busy")).toBe(120);
    // A new window claims afresh.
    expect(await hit(t.db, "busy", limit, NOW + 60_000)).toBe("ok");
    expect(await count("busy")).toBe(60);
  });

  it("is exact below 2,000 a window: one slot a claim, refused with the seconds to wait", async () => {
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push(await hit(t.db, "small", 3));
    expect(codes).toEqual(["ok", "ok", "ok", "RATE_LIMITED"]);
    const refused = await enforceWindowInBlocks(t.db, "small", { limit: 3, windowMs: 60_000 }, "Slow down.", NOW + 30_000).catch(
      (error: { params?: { seconds?: number } }) => error,
    );
    expect((refused as { params: { seconds: number } }).params.seconds).toBe(30);
    expect(await hit(t.db, "small", 3, NOW + 60_000)).toBe("ok");
  });

  it("holds the limit across two instances: never more than the limit, at most a block less per instance", async () => {
    const other = openDatabaseUrl(t.file);
    try {
      const limit = 10_000;
      const block = blockOf(limit);
      let admitted = 0;
      const refused = { a: 0, b: 0 };
      // The two instances take turns in an uneven rhythm (three here, two there) until both are refused.
      for (let i = 0; refused.a === 0 || refused.b === 0; i++) {
        const instance = i % 5 < 3 ? "a" : "b";
        const code = await hit(instance === "a" ? t.db : other, "shared", limit);
        if (code === "ok") admitted++;
        else if (code === "RATE_LIMITED") refused[instance]++;
        else throw new Error(code);
        if (i > 2 * limit) throw new Error("never refused");
      }
      expect(admitted).toBeLessThanOrEqual(limit);
      expect(admitted).toBeGreaterThanOrEqual(limit - 2 * (block - 1));
    } finally {
      await closeDatabase(other);
    }
  });

  it("claims once for requests that arrive together on one instance", async () => {
    const limit = 60_000;
    const codes = await Promise.all(Array.from({ length: 10 }, () => hit(t.db, "together", limit)));
    expect(codes.every((code) => code === "ok")).toBe(true);
    expect(await count("together")).toBe(blockOf(limit));
  });
});
