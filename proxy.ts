import { NextResponse, type NextRequest } from "next/server";
import { trustedProxyHops } from "@/server/security/clientAddress";
import { cameOverHttps, contentSecurityPolicy, newNonce, securityHeaders } from "@/server/security/headers";

/*
 * Runs before every route.
 * - Without a configured proxy (TRUST_PROXY) the client's own X-Forwarded-For and
 *   X-Real-IP are dropped; the server then fills X-Forwarded-For from the socket, so
 *   rate limits see the real address and rotating the header gains nothing.
 * - Every response gets the security headers and a CSP with a fresh nonce, which
 *   travels on the request so Next.js puts it on its scripts.
 * The bot API (/api/v1) is left out: its JSON answers need no nonce and it reads no
 * client address; its handlers set the headers themselves (server/api/v1.ts), and
 * next.config.mjs sets them on Next.js's own answers there (404, 405). Running the
 * proxy costs a bot request a large share of its time (profiled under load, issue 13).
 */
/**
 * CSP_MODE=enforce makes browsers block what the policy does not allow; the default,
 * report-only, has them report it (console, e2e suite) without blocking, until the
 * e2e suite has shown the whole app runs under the policy with zero violations.
 * Either way Next.js reads the nonce from the request header set below.
 */
function cspHeaderName(): string {
  return process.env.CSP_MODE === "enforce" ? "content-security-policy" : "content-security-policy-report-only";
}

export function proxy(request: NextRequest) {
  const hops = trustedProxyHops();
  const headers = new Headers(request.headers);
  if (hops === 0) {
    headers.delete("x-forwarded-for");
    headers.delete("x-real-ip");
  }
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === "development" });
  headers.set("content-security-policy", csp);
  headers.set("x-nonce", nonce);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set(cspHeaderName(), csp);
  // Only a proxy we trust may tell us the original request was https.
  const https = cameOverHttps(request.nextUrl, request.headers.get("x-forwarded-proto"), hops);
  for (const [name, value] of Object.entries(securityHeaders({ https }))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: [{ source: "/((?!_next/static|_next/image|favicon.ico|icon.svg|api/v1/).*)" }],
};
