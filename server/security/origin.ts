import { trustedProxyHops } from "./clientAddress";

/*
 * Cross-site request forgery: a page on another site can make a signed-in browser send
 * a POST to the app (the session cookie is SameSite=Lax, which still lets sibling
 * subdomains through). Browsers name the page's origin on every POST (`Origin`) and
 * say where a request came from (`Sec-Fetch-Site`), so a state-changing request is
 * refused when either says another site sent it. Requests without both headers come
 * from programs, not from a browser acting for someone, and go on to authentication.
 */

/** The hosts the app answers as: the Host header, the public address, and a trusted proxy's X-Forwarded-Host. */
function ownHosts(headers: Headers, hops: number, publicUrl: string | undefined): Set<string> {
  const hosts = new Set<string>();
  const host = headers.get("host");
  if (host) hosts.add(host.toLowerCase());
  if (hops > 0) {
    const forwarded = headers.get("x-forwarded-host")?.split(",")[0]?.trim();
    if (forwarded) hosts.add(forwarded.toLowerCase());
  }
  if (publicUrl) {
    try {
      hosts.add(new URL(publicUrl).host.toLowerCase());
    } catch {
      // An unreadable NEXTAUTH_URL adds nothing.
    }
  }
  return hosts;
}

/** Why a request must be refused as sent from another site, or null when it may go on. GET and HEAD change nothing and pass. */
export function crossSiteProblem(
  request: { method: string; headers: Headers },
  options: { hops?: number; publicUrl?: string } = {},
): string | null {
  if (request.method === "GET" || request.method === "HEAD") return null;
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") return `Sec-Fetch-Site: ${site}`;
  const origin = request.headers.get("origin");
  if (origin === null) return null;
  let host: string;
  try {
    host = new URL(origin).host.toLowerCase();
  } catch {
    return "Origin is not a URL";
  }
  // `Origin: null` (sandboxed frames, some redirects) parses to no host and is refused here too.
  const hops = options.hops ?? trustedProxyHops();
  if (!host || !ownHosts(request.headers, hops, options.publicUrl ?? process.env.NEXTAUTH_URL).has(host)) return `Origin ${origin}`;
  return null;
}
