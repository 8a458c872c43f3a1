/*
 * The client's address for rate limits. X-Forwarded-For is only as trustworthy as
 * the proxies that wrote it: each proxy appends the address it saw, and a client
 * may send any value in front. With TRUST_PROXY=N (N proxies of ours in front, or
 * `true` for one) the entry N places from the right is the one our outermost proxy
 * saw. Without TRUST_PROXY the app's proxy (proxy.ts) drops what the client sent,
 * and the server fills the header from the socket, so the right-most entry is the
 * socket's address.
 */

/** How many proxies of ours stand in front of the app (0 when none is configured). */
export function trustedProxyHops(value: string | undefined = process.env.TRUST_PROXY): number {
  const v = (value ?? "").trim().toLowerCase();
  if (!v || v === "false" || v === "0") return 0;
  if (v === "true") return 1;
  const n = Number(v);
  return Number.isInteger(n) && n > 0 && n < 20 ? n : 0;
}

/** The client address from the request's X-Forwarded-For, or null when there is none to go by. */
export function clientAddress(forwardedFor: string | null | undefined, hops = trustedProxyHops()): string | null {
  if (!forwardedFor) return null;
  const entries = forwardedFor
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  if (entries.length === 0) return null;
  const index = Math.max(0, entries.length - Math.max(1, hops));
  const address = entries[index]!;
  // Anything that is not plausibly an IP address (or a long string meant to bloat keys) counts as unknown.
  return /^[0-9a-f.:[\]%a-z-]{2,64}$/i.test(address) ? address.toLowerCase() : null;
}
