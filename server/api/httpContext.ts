import { getDb } from "@/db/client";
import { sessionFromHeaders } from "@/server/auth/requestSession";
import { clientAddress } from "@/server/security/clientAddress";
import type { TrpcContext } from "./trpc";

/**
 * The tRPC context of an HTTP request, from its headers: the app database, the signed-in
 * user (session cookie, checked against revocation and the session version) and the
 * client's address for rate limits (X-Forwarded-For as the app's proxy left it). One
 * function for /api/trpc under Next.js, for server components and for the Node server's
 * direct route, so all three see the same user.
 */
export async function contextFromHeaders(headers: Headers): Promise<TrpcContext> {
  const session = await sessionFromHeaders(headers);
  return {
    db: getDb(),
    user: session ? { id: session.user.id, email: session.user.email, name: session.user.name } : null,
    clientAddress: clientAddress(headers.get("x-forwarded-for")),
    sessionId: session?.sid ?? null,
  };
}
