import { like } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { rateLimits } from "@/db/schema";
import { authOptions } from "@/server/auth/options";
import { ACCOUNT_MAX_DELAY_MS, PAIR_FREE_FAILURES } from "@/server/auth/rateLimit";
import { clientAddress } from "@/server/security/clientAddress";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { pointAppAt } from "@/server/testing/appDb";
import { signUpTestUser, TEST_PASSWORD } from "@/server/testing/fixtures";
import { trpcHttp, errorData } from "./testing";

/*
 * Finding 3 against the real credentials provider of next-auth (the `authorize`
 * the sign-in route calls) and a real database.
 */

let t: TestDb;
beforeEach(async () => {
  process.env.NEXTAUTH_SECRET ??= "test-secret-for-signin-tests";
  t = await createTestDb();
  pointAppAt(t.db);
});
afterEach(async () => {
  pointAppAt(null);
  await t.close();
});

type Authorize = (credentials: Record<string, string>, req: { headers: Record<string, string> }) => Promise<{ id: string } | null>;
const authorize = (): Authorize => (authOptions().providers[0] as unknown as { options: { authorize: Authorize } }).options.authorize;

async function attempt(email: string, password: string, forwardedFor: string): Promise<"ok" | "invalid" | number> {
  try {
    await authorize()({ email, password }, { headers: { "x-forwarded-for": forwardedFor } });
    return "ok";
  } catch (error) {
    const message = (error as Error).message;
    if (message.startsWith("RATE_LIMITED:")) return Number(message.split(":")[1]);
    return "invalid";
  }
}

describe("finding 3: sign-in limits that lock out the wrong people", () => {
  it("a burst of wrong passwords from many addresses delays the owner's correct password by a short delay at most", async () => {
    const owner = await signUpTestUser(t.db, "Owner");
    for (let i = 0; i < 40; i++) expect(await attempt(owner.email, "wrong-password-1", `203.0.113.${i}`)).not.toBe("ok");
    const fromHome = await attempt(owner.email, TEST_PASSWORD, "198.51.100.7");
    // Either straight in, or told to wait no longer than the account cap.
    expect(fromHome === "ok" || (fromHome as number) <= ACCOUNT_MAX_DELAY_MS / 1000).toBe(true);
  });

  it("a burst of parallel guesses gets no more tries than guesses one after another", async () => {
    const owner = await signUpTestUser(t.db, "Owner");
    const burst = await Promise.all(Array.from({ length: 20 }, () => attempt(owner.email, "wrong-password-1", "203.0.113.9")));
    // Every guess whose password was checked counts once for this account from this address: the free
    // tries and the one that earns the first wait; the others were refused unchecked.
    const [pair] = await t.db.select({ count: rateLimits.count }).from(rateLimits).where(like(rateLimits.key, "signin:pair:%"));
    expect(pair?.count).toBe(PAIR_FREE_FAILURES + 1);
    expect(burst.every((answer) => typeof answer === "number" && answer > 0)).toBe(true);
    expect(burst).not.toContain("ok");
  });

  it("correct sign-ins from one office address do not add up to a wait for its next colleague", async () => {
    const people = [];
    for (let i = 0; i < 5; i++) people.push(await signUpTestUser(t.db, `Colleague${i}`));
    for (let round = 0; round < 12; round++) {
      for (const person of people) expect(await attempt(person.email, TEST_PASSWORD, "198.51.100.20")).toBe("ok");
    }
  });

  it("the attacker's own address is slowed down far longer than the owner's", async () => {
    const owner = await signUpTestUser(t.db, "Owner");
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      let last: "ok" | "invalid" | number = "invalid";
      // The attacker waits out every delay and tries again, twelve times.
      for (let i = 0; i < 12; i++) {
        last = await attempt(owner.email, "wrong-password-1", "203.0.113.66");
        if (typeof last === "number") vi.setSystemTime(Date.now() + last * 1000);
      }
      const waited = await attempt(owner.email, "wrong-password-1", "203.0.113.66");
      expect(waited).toBeGreaterThan(ACCOUNT_MAX_DELAY_MS / 1000);
      // The owner from home is not held to the attacker's wait.
      const fromHome = await attempt(owner.email, TEST_PASSWORD, "198.51.100.7");
      expect(fromHome === "ok" || (fromHome as number) <= ACCOUNT_MAX_DELAY_MS / 1000).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it("rotating X-Forwarded-For does not escape the limit without TRUST_PROXY (the right-most entry is the socket's)", () => {
    expect(clientAddress("1.1.1.1, 10.9.8.7", 0)).toBe("10.9.8.7");
    expect(clientAddress("2.2.2.2, 10.9.8.7", 0)).toBe("10.9.8.7");
    // Behind one trusted proxy the entry it appended is the client; what the client wrote before it is ignored.
    expect(clientAddress("6.6.6.6, 192.0.2.5", 1)).toBe("192.0.2.5");
    expect(clientAddress("6.6.6.6, 192.0.2.5, 10.0.0.2", 2)).toBe("192.0.2.5");
    expect(clientAddress("not an address; drop table", 0)).toBeNull();
  });

  it("without an address nobody shares one counter: failures for one account do not lock another", async () => {
    const anna = await signUpTestUser(t.db, "Anna");
    const bert = await signUpTestUser(t.db, "Bert");
    for (let i = 0; i < 40; i++) await authorize()({ email: anna.email, password: "wrong-password-1" }, { headers: {} }).catch(() => null);
    const user = await authorize()({ email: bert.email, password: TEST_PASSWORD }, { headers: {} });
    expect(user?.id).toBe(bert.id);
  });

  it("the counters are in the database: they survive a restart (a new connection)", async () => {
    const owner = await signUpTestUser(t.db, "Owner");
    for (let i = 0; i < 8; i++) await attempt(owner.email, "wrong-password-1", "203.0.113.9");
    const { closeDatabase, openDatabaseUrl } = await import("@/db/client");
    const restarted = openDatabaseUrl(t.file);
    pointAppAt(restarted);
    try {
      expect(await attempt(owner.email, TEST_PASSWORD, "203.0.113.9")).toBeGreaterThan(0);
    } finally {
      pointAppAt(t.db);
      await closeDatabase(restarted);
    }
  });

  it("sign-up is limited per address too", async () => {
    const results = [];
    for (let i = 0; i < 11; i++) {
      const http = trpcHttp(t.db, null, "203.0.113.20");
      results.push(await http.post("auth.signUp", { name: `N${i}`, email: `n${i}@example.com`, password: TEST_PASSWORD }));
    }
    expect(results.slice(0, 10).every((r) => r.status === 200)).toBe(true);
    expect(results[10]!.status).toBe(429);
    expect(errorData(results[10]!.json).appCode).toBe("RATE_LIMITED");
    // The answer says when to try again, as the API's 429s do.
    const seconds = Number(errorData(results[10]!.json).params?.seconds);
    expect(seconds).toBeGreaterThan(0);
    expect(results[10]!.headers.get("retry-after")).toBe(String(seconds));
    expect(results[0]!.headers.get("retry-after")).toBeNull();
  });
});
