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

/** A fresh random nonce (128 bits, base64) for one response. */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}
