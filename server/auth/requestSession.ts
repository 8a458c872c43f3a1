import { getServerSession, type Session } from "next-auth";
import { RequestCookies } from "next/dist/server/web/spec-extension/cookies";
import { authOptions } from "./options";

/** next-auth's session call writes no cookie here, as for server components: refreshing happens on /api/auth/session. */
const NO_RESPONSE = { getHeader() {}, setCookie() {}, setHeader() {} };

/**
 * The signed-in user's session for a request's headers, or null: next-auth's own session
 * check (JWT cookie, then the `jwt` and `session` callbacks of `authOptions`, which compare
 * the session version and revocation in the database), with the cookies parsed by the
 * parser Next.js's `cookies()` uses. The tRPC context calls it with the request's headers
 * both under Next.js and on the Node server's direct route (server/http/direct.ts).
 */
export async function sessionFromHeaders(headers: Headers): Promise<Session | null> {
  const cookies = Object.fromEntries(new RequestCookies(headers).getAll().map((cookie) => [cookie.name, cookie.value]));
  const request = { headers: Object.fromEntries(headers), cookies };
  const session = await getServerSession(request as never, NO_RESPONSE as never, authOptions());
  return session?.user?.id ? session : null;
}
