import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { users } from "@/db/schema";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { signUp, upsertOAuthUser, verifyCredentials } from "@/server/services/users";
import { vouchedEmail, type GitHubEmail } from "./oauth";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const gitHub = (emails: GitHubEmail[]) => async () => emails;

describe("[hardening] OAuth signs in only with an address the provider has verified", () => {
  it("Google: email_verified must be true", async () => {
    const google = (profile: unknown) => vouchedEmail({ provider: "google", email: "Ada@Example.com", profile });
    expect(await google({ email_verified: true })).toBe("ada@example.com");
    expect(await google({ email_verified: false })).toBeNull();
    expect(await google({})).toBeNull();
    expect(await google(null)).toBeNull();
  });

  it("GitHub: the address must be in the account's list as verified, primary or not", async () => {
    const github = (email: string, emails: GitHubEmail[]) =>
      vouchedEmail({ provider: "github", email, profile: {}, accessToken: "t", gitHubEmails: gitHub(emails) });
    expect(await github("ada@example.com", [{ email: "ada@example.com", verified: true, primary: true }])).toBe("ada@example.com");
    expect(await github("ada@example.com", [{ email: "ada@example.com", verified: false, primary: true }])).toBeNull();
    expect(await github("ada@example.com", [{ email: "other@example.com", verified: true, primary: true }])).toBeNull();
    expect(await github("ada@example.com", [])).toBeNull();
    expect(await vouchedEmail({ provider: "github", email: "ada@example.com", profile: {} })).toBeNull();
  });

  it("an unknown provider or a missing address vouches for nothing", async () => {
    expect(await vouchedEmail({ provider: "facebook", email: "ada@example.com", profile: { email_verified: true } })).toBeNull();
    expect(await vouchedEmail({ provider: "google", email: "", profile: { email_verified: true } })).toBeNull();
  });

  it("an account opened with a password in someone else's name loses that password and its sessions when the owner arrives", async () => {
    const squatted = await signUp(t.db, { name: "Squatter", email: "ada@example.com", password: "correct-horse-7" });
    const before = (await t.db.select().from(users).where(eq(users.id, squatted.id)).limit(1))[0]!;
    const owner = await upsertOAuthUser(t.db, { email: "ada@example.com", name: "Ada" });
    expect(owner.id).toBe(squatted.id);
    const after = (await t.db.select().from(users).where(eq(users.id, squatted.id)).limit(1))[0]!;
    expect(after.passwordHash).toBeNull();
    expect(after.emailVerifiedAt).toBeInstanceOf(Date);
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await verifyCredentials(t.db, "ada@example.com", "correct-horse-7")).toBeNull();
  });

  it("a verified account keeps its password when its owner also signs in through a provider", async () => {
    const ada = await signUp(t.db, { name: "Ada", email: "ada@example.com", password: "correct-horse-7" });
    await t.db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, ada.id));
    await upsertOAuthUser(t.db, { email: "ada@example.com", name: "Ada" });
    expect(await verifyCredentials(t.db, "ada@example.com", "correct-horse-7")).toMatchObject({ id: ada.id });
  });
});
