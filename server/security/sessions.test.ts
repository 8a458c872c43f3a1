import { createRequire } from "node:module";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { authOptions } from "@/server/auth/options";
import { createTestDb, callerFor, type TestDb } from "@/server/testing/db";
import { pointAppAt } from "@/server/testing/appDb";
import { signUpTestUser, TEST_PASSWORD } from "@/server/testing/fixtures";

/*
 * Finding 6 through next-auth's own request handler (what /api/auth/* runs) with the
 * app's options, and the real router: a copied session cookie stops working.
 */

// next-auth's request handler, behind the Next.js glue of app/api/auth (which needs a live request scope); not in its exports map.
const { AuthHandler } = createRequire(import.meta.url)(path.join(process.cwd(), "node_modules/next-auth/core/index.js")) as {
  AuthHandler: (params: { req: Record<string, unknown>; options: unknown }) => Promise<{
    body?: unknown;
    cookies?: { name: string; value: string }[];
  }>;
};

let t: TestDb;
beforeEach(async () => {
  process.env.NEXTAUTH_SECRET ??= "test-secret-for-session-tests";
  process.env.NEXTAUTH_URL ??= "http://localhost:3000";
  t = await createTestDb();
  pointAppAt(t.db);
});
afterEach(async () => {
  pointAppAt(null);
  await t.close();
});

type Jar = Record<string, string>;

async function auth(
  action: string,
  jar: Jar,
  options: { method?: "GET" | "POST"; body?: Record<string, string>; providerId?: string } = {},
) {
  const response = await AuthHandler({
    req: {
      action,
      providerId: options.providerId,
      method: options.method ?? "GET",
      body: options.body ?? {},
      query: {},
      cookies: { ...jar },
      headers: { host: "localhost:3000", "x-forwarded-for": "198.51.100.9" },
    },
    options: authOptions(),
  });
  const next = { ...jar };
  for (const cookie of response.cookies ?? []) {
    if (cookie.value) next[cookie.name] = cookie.value;
    else delete next[cookie.name];
  }
  return { body: response.body as Record<string, unknown> | undefined, jar: next };
}

async function signedInJar(email: string, password = TEST_PASSWORD): Promise<Jar> {
  const csrf = await auth("csrf", {});
  const csrfToken = (csrf.body as { csrfToken: string }).csrfToken;
  const signedIn = await auth("callback", csrf.jar, { method: "POST", providerId: "credentials", body: { csrfToken, email, password } });
  return signedIn.jar;
}

async function sessionUser(jar: Jar): Promise<string | undefined> {
  const { body } = await auth("session", jar);
  return (body as { user?: { id?: string } } | undefined)?.user?.id;
}

async function signOut(jar: Jar) {
  const csrf = await auth("csrf", jar);
  const csrfToken = (csrf.body as { csrfToken: string }).csrfToken;
  await auth("signout", csrf.jar, { method: "POST", body: { csrfToken } });
}

describe("finding 6: sign-out does not end the session", () => {
  it("a cookie copied before sign-out no longer signs anyone in", async () => {
    const user = await signUpTestUser(t.db, "Anna");
    const jar = await signedInJar(user.email);
    expect(await sessionUser(jar)).toBe(user.id);
    const copied = { ...jar };
    await signOut(jar);
    expect(await sessionUser(copied)).toBeUndefined();
  });

  it("signing out ends only that session; other devices stay signed in", async () => {
    const user = await signUpTestUser(t.db, "Anna");
    const laptop = await signedInJar(user.email);
    const phone = await signedInJar(user.email);
    await signOut({ ...laptop });
    expect(await sessionUser(laptop)).toBeUndefined();
    expect(await sessionUser(phone)).toBe(user.id);
  });

  it("sign out everywhere ends every session of the account", async () => {
    const user = await signUpTestUser(t.db, "Anna");
    const laptop = await signedInJar(user.email);
    const phone = await signedInJar(user.email);
    await callerFor(t.db, user).auth.signOutEverywhere();
    expect(await sessionUser(laptop)).toBeUndefined();
    expect(await sessionUser(phone)).toBeUndefined();
    // Signing in again works.
    expect(await sessionUser(await signedInJar(user.email))).toBe(user.id);
  });

  it("a password change ends every other session and keeps the one that made it", async () => {
    const user = await signUpTestUser(t.db, "Anna");
    const here = await signedInJar(user.email);
    const elsewhere = await signedInJar(user.email);
    const sid = ((await auth("session", here)).body as { sid?: string }).sid;
    expect(sid).toBeTruthy();
    // Not without the current password.
    await expect(
      callerFor(t.db, user).auth.changePassword({ currentPassword: "wrong-password-1", newPassword: "another-Pass-phrase-9" }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    const { createCaller } = await import("@/server/api/root");
    await createCaller({ db: t.db, user, sessionId: sid }).auth.changePassword({
      currentPassword: TEST_PASSWORD,
      newPassword: "another-Pass-phrase-9",
    });
    expect(await sessionUser(here)).toBe(user.id);
    expect(await sessionUser(elsewhere)).toBeUndefined();
    expect(await sessionUser(await signedInJar(user.email, "another-Pass-phrase-9"))).toBe(user.id);
    expect(await sessionUser(await signedInJar(user.email, TEST_PASSWORD))).toBeUndefined();
  });
});
