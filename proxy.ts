import { NextResponse, type NextRequest } from "next/server";
import { proxyHeaders } from "@/server/security/headers";

/*
 * Runs before every route: drops X-Forwarded-For and X-Real-IP that no trusted proxy
 * wrote, puts a fresh CSP nonce on the request (Next.js reads it for its scripts) and
 * the security headers on the response; see `proxyHeaders` in server/security/headers.ts,
 * which the Node server's direct routes (server/http/direct.ts) use as well.
 * The bot API (/api/v1) is left out: its JSON answers need no nonce and it reads no
 * client address; its handlers set the headers themselves (server/api/v1.ts), and
 * next.config.mjs sets them on Next.js's own answers there (404, 405). Running the
 * proxy costs a bot request a large share of its time (profiled under load, issue 13).
 */
export function proxy(request: NextRequest) {
  const { requestHeaders, responseHeaders } = proxyHeaders(
    { headers: request.headers, url: request.nextUrl },
    { development: process.env.NODE_ENV === "development" },
  );
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  for (const [name, value] of Object.entries(responseHeaders)) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|api/v1/).*)" }],
};
