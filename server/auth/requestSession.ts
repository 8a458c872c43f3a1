import type { NextAuthOptions, Session } from "next-auth";
import { getToken, type JWT } from "next-auth/jwt";
import { RequestCookies } from "next/dist/server/web/spec-extension/cookies";
import { log } from "@/server/log";
import { authOptions } from "./options";

/** The two callbacks as next-auth calls them to read a session (core/routes/session.js): no sign-in, no update. */
type SessionCallbacks = {
  jwt: (params: { token: JWT; session: undefined }) => Promise<JWT> | JWT;
  session: (params: { session: Session; token: JWT }) => Promise<Session> | Session;
};

/**
 * The signed-in user's session for a request's headers, or null. What next-auth's
 * `getServerSession` does for a JWT session, without what it does for the answer: the
 * session cookie (chunks joined) decoded with `authOptions`' `jwt.decode`, then the `jwt`
 * and `session` callbacks of `authOptions`, which compare the session version and
 * revocation in the database. `getServerSession` also encrypts a refreshed token for a
 * cookie it cannot set here and drops it (a fifth of a save's CPU time under load);
 * refreshing happens on /api/auth/session. The tRPC context calls this with the request's
 * headers both under Next.js and on the Node server's direct route (server/http/direct.ts).
 */
export async function sessionFromHeaders(headers: Headers): Promise<Session | null> {
  const options = authOptions();
  const cookies = Object.fromEntries(new RequestCookies(headers).getAll().map((cookie) => [cookie.name, cookie.value]));
  const token = await getToken({
    // The cookie alone, as next-auth's session check reads it: getToken would also take a token from an Authorization header.
    req: { cookies, headers: {} } as Parameters<typeof getToken>[0]["req"],
    secret: options.secret,
    secureCookie: usesSecureCookies(headers, options),
    decode: options.jwt?.decode,
  });
  if (!token) return null;
  const callbacks = options.callbacks as unknown as SessionCallbacks;
  try {
    const checked = await callbacks.jwt({ token, session: undefined });
    const expires = new Date(Date.now() + (options.session?.maxAge ?? 30 * 24 * 60 * 60) * 1000).toISOString();
    const session = await callbacks.session({
      session: { user: { name: token.name, email: token.email, image: token.picture }, expires } as Session,
      token: checked,
    });
    return session?.user?.id ? session : null;
  } catch (error) {
    // As next-auth does (JWT_SESSION_ERROR): a session that cannot be checked signs nobody in.
    log.error({ err: error }, "the session could not be checked");
    return null;
  }
}

/**
 * next-auth's choice between `__Secure-next-auth.session-token` and `next-auth.session-token`
 * (core/init.js): `useSecureCookies`, else whether its origin is https: NEXTAUTH_URL, or
 * where it trusts them (VERCEL, AUTH_TRUST_HOST) the forwarded host and protocol; an
 * origin without a scheme counts as https, none at all as http://localhost:3000.
 */
function usesSecureCookies(headers: Headers, options: NextAuthOptions): boolean {
  if (options.useSecureCookies !== undefined) return options.useSecureCookies;
  let origin = process.env.NEXTAUTH_URL;
  if (!origin && (process.env.VERCEL ?? process.env.AUTH_TRUST_HOST)) {
    const host = headers.get("x-forwarded-host") ?? headers.get("host");
    origin = `${headers.get("x-forwarded-proto") === "http" ? "http" : "https"}://${host}`;
  }
  if (!origin) return false;
  return new URL(origin.startsWith("http") ? origin : `https://${origin}`).protocol === "https:";
}
