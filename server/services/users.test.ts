import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { users } from "@/db/schema";
import { AppError } from "@/server/errors";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { eq } from "drizzle-orm";
import { endAllSessions } from "@/server/auth/sessions";
import { interleave } from "@/server/testing/interleave";
import { signUp, upsertOAuthUser, verifyCredentials } from "./users";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

function zodMessages(fn: () => unknown): Promise<string[]> {
  return Promise.resolve()
    .then(fn)
    .then(
      () => [],
      (error) => {
        if (error instanceof ZodError) return error.issues.map((i) => i.message);
        throw error;
      },
    );
}

describe("sign-up", () => {
  it("stores an argon2id hash, never the password, and normalises the email", async () => {
    const user = await signUp(t.db, { name: " Ada ", email: "Ada@Example.COM ", password: "correct-horse-7" });
    expect(user).toMatchObject({ name: "Ada", email: "ada@example.com" });
    const row = (await t.db.select().from(users).limit(1))[0]!;
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("correct-horse-7");
    expect(await verifyCredentials(t.db, "ADA@example.com", "correct-horse-7")).toMatchObject({ id: user.id });
    expect(await verifyCredentials(t.db, "ada@example.com", "wrong-horse-7")).toBeNull();
    expect(await verifyCredentials(t.db, "nobody@example.com", "correct-horse-7")).toBeNull();
  });

  it("refuses a taken email at the email field and creates nothing", async () => {
    await signUp(t.db, { name: "Ada", email: "ada@example.com", password: "correct-horse-7" });
    const attempt = signUp(t.db, { name: "Other", email: "ADA@example.com", password: "another-pass-8" });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "EMAIL_TAKEN", field: "email" });
    expect(await t.db.select().from(users)).toHaveLength(1);
  });

  it("answers EMAIL_TAKEN when a parallel sign-up with the same address wins between the check and the insert", async () => {
    // The connection as the service sees it, with another sign-up's row written just before its own insert.
    const racing = new Proxy(t.db, {
      get(target, property, receiver) {
        if (property !== "insert") return Reflect.get(target, property, receiver) as unknown;
        return (table: typeof users) => ({
          values: async (row: typeof users.$inferInsert) => {
            await target.insert(users).values({ id: "winner", email: row.email, name: "Winner", passwordHash: "x" });
            return target.insert(table).values(row);
          },
        });
      },
    });
    const attempt = signUp(racing, { name: "Ada", email: "ada@example.com", password: "correct-horse-7" });
    await expect(attempt).rejects.toBeInstanceOf(AppError);
    await expect(attempt).rejects.toMatchObject({ code: "EMAIL_TAKEN", field: "email" });
    expect((await t.db.select({ id: users.id }).from(users)).map((row) => row.id)).toEqual(["winner"]);
  });

  it.each([
    [{ name: "Ada", email: "not-an-email", password: "correct-horse-7" }, "validation.emailInvalid"],
    [{ name: "Ada", email: "ada@example.com", password: "short1" }, "validation.passwordTooShort"],
    [{ name: "Ada", email: "ada@example.com", password: "onlyletterslong" }, "validation.passwordWeak"],
    [{ name: "Ada", email: "ada@example.com", password: "1234567890123" }, "validation.passwordWeak"],
    [{ name: "x".repeat(101), email: "ada@example.com", password: "correct-horse-7" }, "validation.nameTooLong"],
    [{ name: "   ", email: "ada@example.com", password: "correct-horse-7" }, "validation.nameRequired"],
  ])("refuses %o with %s and creates nothing", async (request, message) => {
    expect(await zodMessages(() => signUp(t.db, request))).toContain(message);
    expect(await t.db.select().from(users)).toHaveLength(0);
  });
});

describe("OAuth sign-in to an unverified account (as on two instances)", () => {
  it("ends the password's sessions on top of a sign-out everywhere that landed meanwhile, never undoing it", async () => {
    const user = await signUp(t.db, { name: "Ada", email: "ada@example.com", password: "correct-horse-7" });
    const version = async () => (await t.db.select().from(users).where(eq(users.id, user.id)).limit(1))[0]!;
    const before = (await version()).sessionVersion;
    const { first, between } = await interleave(
      t.db,
      () => upsertOAuthUser(t.db, { email: "ada@example.com", name: "Ada" }),
      (db) => endAllSessions(db, user.id),
    );
    expect(first.ok && between.ok).toBe(true);
    // Both ended sessions: a session issued between them (version + 1) must not count again.
    const row = await version();
    expect(row.sessionVersion).toBe(before + 2);
    expect(row.passwordHash).toBeNull();
    expect(row.emailVerifiedAt).toBeInstanceOf(Date);
  });
});
