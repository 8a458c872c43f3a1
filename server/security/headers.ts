import { trustedProxyHops } from "./clientAddress";

/*
 * Security headers of every response (set in proxy.ts; for the bot API /api/v1, which
 * skips the proxy, by its handlers with `apiSecurityHeaders`). The CSP allows scripts only
 * from our origin with this response's nonce ('strict-dynamic' lets Next.js's nonce'd
 * bootstrap load its chunks); Next.js reads the nonce from the request's CSP header
 * and puts it on its own scripts, which works because every page renders per request
 * (the locale comes from a cookie). Styles allow 'unsafe-inline' because React Flow
 * positions nodes with style attributes, which nonces cannot cover. Workers come from
 * our origin (the live-check worker) or blob: URLs.
 */

export function contentSecurityPolicy(nonce: string, options: { development?: boolean } = {}): string {
  const script = [`'self'`, `'nonce-${nonce}'`, `'strict-dynamic'`];
  // React's development build evaluates code for its debugging aids; production never does.
  if (options.development) script.push(`'unsafe-eval'`);
  return [
    `default-src 'self'`,
    `script-src ${script.join(" ")}`,
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src 'self'${options.development ? " ws:" : ""}`,
    `worker-src 'self' blob:`,
    `manifest-src 'self'`,
    `object-src 'none'`,
    `base-uri 'self'`,
    `form-action 'self'`,
    `frame-ancestors 'none'`,
  ].join("; ");
}

/** Headers for every response besides the CSP. HSTS only when the request came over https. */
export function securityHeaders(options: { https: boolean }): Record<string, string> {
  const headers: Record<string, string> = {
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
  };
  if (options.https) headers["strict-transport-security"] = "max-age=63072000; includeSubDomains";
  return headers;
}

/**
 * Headers in which a proxy tells the app how the client reached it. Next.js takes the
 * request's protocol and host from them as sent, so with no proxy of ours in front
 * (TRUST_PROXY unset) a client could claim https (and get HSTS on plain http) or another
 * host; the Node server removes them before anything reads them.
 */
export const FORWARDING_HEADERS = ["x-forwarded-proto", "x-forwarded-host", "x-forwarded-port", "forwarded"] as const;

/** Removes what a client claims in FORWARDING_HEADERS unless a proxy of ours wrote it (`hops` > 0). */
export function dropUntrustedForwarding(headers: Record<string, unknown>, hops = trustedProxyHops()): void {
  if (hops > 0) return;
  for (const name of FORWARDING_HEADERS) delete headers[name];
}

/** Whether the request came over https: by its own URL, or because a proxy we trust says so. */
export function cameOverHttps(url: { protocol: string }, forwardedProto: string | null, hops = trustedProxyHops()): boolean {
  return url.protocol === "https:" || (hops > 0 && forwardedProto === "https");
}

/**
 * The policy of the bot API's JSON answers: they load and run nothing and may not be
 * framed, so no nonce is needed (next.config.mjs repeats it for Next.js's own answers there).
 */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

/** The headers of an /api/v1 answer: those of every response, with the API's fixed CSP. */
export function apiSecurityHeaders(options: { https: boolean }): Record<string, string> {
  return { ...securityHeaders(options), "content-security-policy": API_CONTENT_SECURITY_POLICY };
}

/**
 * CSP_MODE=enforce makes browsers block what the policy does not allow; the default,
 * report-only, has them report it (console, e2e suite) without blocking, until the
 * e2e suite has shown the whole app runs under the policy with zero violations.
 * Either way Next.js reads the nonce from the request header set by `proxyHeaders`.
 */
export function cspHeaderName(env: NodeJS.ProcessEnv = process.env): string {
  return env.CSP_MODE === "enforce" ? "content-security-policy" : "content-security-policy-report-only";
}

/**
 * What the app's proxy (proxy.ts) does to every request it runs for, as data, so the
 * Node server's direct routes (server/http/direct.ts) do exactly the same:
 * - without a configured proxy (TRUST_PROXY) the client's own X-Forwarded-For and
 *   X-Real-IP are dropped from the request (the server then fills X-Forwarded-For
 *   from the socket, so rate limits see the real address);
 * - the request carries a fresh nonce and the CSP naming it (Next.js puts it on its scripts);
 * - the response gets that CSP and the security headers, HSTS when the request came over https.
 */
export function proxyHeaders(
  request: { headers: Headers; url: { protocol: string } },
  options: { development?: boolean; hops?: number; inPlace?: boolean } = {},
): { requestHeaders: Headers; responseHeaders: Record<string, string> } {
  const hops = options.hops ?? trustedProxyHops();
  // `inPlace`: the caller built `request.headers` for this request alone (the direct routes) and needs no copy.
  const forwardedProto = request.headers.get("x-forwarded-proto");
  const requestHeaders = options.inPlace ? request.headers : new Headers(request.headers);
  if (hops === 0) {
    requestHeaders.delete("x-forwarded-for");
    requestHeaders.delete("x-real-ip");
  }
  const nonce = newNonce();
  const csp = contentSecurityPolicy(nonce, { development: options.development });
  requestHeaders.set("content-security-policy", csp);
  requestHeaders.set("x-nonce", nonce);
  // Only a proxy we trust may tell us the original request was https.
  const https = cameOverHttps(request.url, forwardedProto, hops);
  return { requestHeaders, responseHeaders: { [cspHeaderName()]: csp, ...securityHeaders({ https }) } };
}

const NONCE_BYTES = 16;
/** Random bytes for the next nonces, drawn 256 nonces at a time: one draw per request was 1 % of a save's CPU time. */
const noncePool = new Uint8Array(NONCE_BYTES * 256);
let noncePoolUsed = noncePool.length;

/** A fresh random nonce (128 bits, base64) for one response; each pooled byte is used once. */
export function newNonce(): string {
  if (noncePoolUsed === noncePool.length) {
    crypto.getRandomValues(noncePool);
    noncePoolUsed = 0;
  }
  const bytes = noncePool.subarray(noncePoolUsed, (noncePoolUsed += NONCE_BYTES));
  return btoa(String.fromCharCode(...bytes));
}
