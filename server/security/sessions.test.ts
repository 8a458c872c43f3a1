import { createRequire } from "node:module";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { authOptions } from "@/server/auth/options";
import { encodeSessionToken } from "@/server/auth/jwt";
import { sessionFromHeaders } from "@/server/auth/requestSession";
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

/** The jar as a request's headers, as the app's tRPC context reads them (server/auth/requestSession.ts). */
function requestHeaders(jar: Jar, extra: Record<string, string> = {}): Headers {
  const cookie = Object.entries(jar)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
  return new Headers({ host: "localhost:3000", ...(cookie ? { cookie } : {}), ...extra });
}

/** The signed-in user by next-auth's /api/auth/session, which the app's own session check for requests must agree with. */
async function sessionUser(jar: Jar, extra: Record<string, string> = {}): Promise<string | undefined> {
  const { body } = await auth("session", jar);
  const user = (body as { user?: { id?: string } } | undefined)?.user?.id;
  const request = await sessionFromHeaders(requestHeaders(jar, extra));
  expect(request?.user.id, "the app's session check for requests agrees with next-auth's").toBe(user);
  if (user) expect(request?.sid).toBe((body as { sid?: string }).sid);
  return user;
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

describe("the app's session check for requests reads the cookie as next-auth does", () => {
  const COOKIE = "next-auth.session-token";

  it("signs nobody in with a garbage, expired or tampered token, or with the token in an Authorization header", async () => {
    const user = await signUpTestUser(t.db, "Anna");
    const jar = await signedInJar(user.email);
    const token = jar[COOKIE]!;
    expect(await sessionUser(jar)).toBe(user.id);
    const claims = { uid: user.id, sv: 0, sid: "s1", email: user.email };
    const expired = await encodeSessionToken({ token: claims, secret: authOptions().secret!, maxAge: -60 });
    for (const value of ["garbage", expired, token.slice(0, -4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA")]) {
      expect(await sessionUser({ [COOKIE]: value })).toBeUndefined();
    }
    expect(await sessionUser({}, { authorization: `Bearer ${token}` })).toBeUndefined();
  });

  it("joins a token split into numbered cookie chunks, and reads the __Secure- cookie only on an https origin", async () => {
    const user = await signUpTestUser(t.db, "Anna");
    const token = (await signedInJar(user.email))[COOKIE]!;
    const half = Math.ceil(token.length / 2);
    expect(await sessionUser({ [`${COOKIE}.1`]: token.slice(half), [`${COOKIE}.0`]: token.slice(0, half) })).toBe(user.id);
    const secure = { [`__Secure-${COOKIE}`]: token };
    expect(await sessionUser(secure)).toBeUndefined();
    const saved = process.env.NEXTAUTH_URL;
    try {
      process.env.NEXTAUTH_URL = "https://flows.example.com";
      expect(await sessionUser(secure)).toBe(user.id);
      expect(await sessionUser({ [COOKIE]: token })).toBeUndefined();
    } finally {
      process.env.NEXTAUTH_URL = saved;
    }
  });
});
