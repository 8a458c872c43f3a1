import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { proxy } from "@/proxy";
import { dropUntrustedForwarding, newNonce } from "./headers";

/*
 * Finding 7 (no security headers) and finding 3's X-Forwarded-For part, at the app's
 * proxy as Next.js calls it. The browser side is e2e/security.spec.ts.
 */

function run(url: string, headers: Record<string, string> = {}) {
  return proxy(new NextRequest(url, { headers }));
}

describe("finding 7: no security headers", () => {
  it("sets CSP with a fresh nonce, frame-ancestors 'none', X-Frame-Options, nosniff, Referrer- and Permissions-Policy", () => {
    const a = run("http://localhost:3000/w/shop/settings/tokens");
    const b = run("http://localhost:3000/w/shop/settings/tokens");
    const policy = (r: Response) => r.headers.get("content-security-policy") ?? r.headers.get("content-security-policy-report-only")!;
    expect(policy(a)).toContain("frame-ancestors 'none'");
    expect(policy(a)).toContain("object-src 'none'");
    expect(policy(a)).not.toMatch(/script-src[^;]*unsafe-inline/);
    const nonce = (r: Response) => /'nonce-([^']+)'/.exec(policy(r))![1];
    expect(nonce(a)).not.toBe(nonce(b));
    // Next.js takes the nonce for its own scripts from the request's CSP header.
    expect(a.headers.get("x-middleware-request-content-security-policy")).toBe(policy(a));
    expect(a.headers.get("x-frame-options")).toBe("DENY");
    expect(a.headers.get("x-content-type-options")).toBe("nosniff");
    expect(a.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(a.headers.get("permissions-policy")).toContain("camera=()");
    expect(a.headers.get("strict-transport-security")).toBeNull();
  });

  it("sends HSTS over https, and for X-Forwarded-Proto only behind a trusted proxy", () => {
    expect(run("https://flowguard.example/signin").headers.get("strict-transport-security")).toContain("max-age=");
    const saved = process.env.TRUST_PROXY;
    try {
      delete process.env.TRUST_PROXY;
      expect(run("http://localhost/signin", { "x-forwarded-proto": "https" }).headers.get("strict-transport-security")).toBeNull();
      process.env.TRUST_PROXY = "1";
      expect(run("http://localhost/signin", { "x-forwarded-proto": "https" }).headers.get("strict-transport-security")).toContain(
        "max-age=",
      );
    } finally {
      if (saved === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = saved;
    }
  });
});

describe("forwarding headers a client sends itself", () => {
  it("are removed without a trusted proxy, before Next.js takes the protocol and host from them, and kept behind one", () => {
    const sent = () => ({
      host: "localhost:3000",
      "x-forwarded-proto": "https",
      "x-forwarded-host": "evil.example",
      "x-forwarded-port": "443",
      forwarded: "proto=https;host=evil.example",
      "x-request-id": "abc",
    });
    const untrusted: Record<string, unknown> = sent();
    dropUntrustedForwarding(untrusted, 0);
    expect(untrusted).toEqual({ host: "localhost:3000", "x-request-id": "abc" });
    const trusted: Record<string, unknown> = sent();
    dropUntrustedForwarding(trusted, 1);
    expect(trusted).toEqual(sent());
  });
});

describe("finding 3: X-Forwarded-For trusted as given", () => {
  it("drops the client's X-Forwarded-For and X-Real-IP without TRUST_PROXY, keeps them behind one", () => {
    const saved = process.env.TRUST_PROXY;
    try {
      delete process.env.TRUST_PROXY;
      const untrusted = run("http://localhost/api/auth/callback/credentials", { "x-forwarded-for": "6.6.6.6", "x-real-ip": "6.6.6.6" });
      const kept = untrusted.headers.get("x-middleware-override-headers")!.split(",");
      expect(kept).not.toContain("x-forwarded-for");
      expect(kept).not.toContain("x-real-ip");
      process.env.TRUST_PROXY = "1";
      const trusted = run("http://localhost/api/auth/callback/credentials", { "x-forwarded-for": "6.6.6.6, 192.0.2.5" });
      expect(trusted.headers.get("x-middleware-request-x-forwarded-for")).toBe("6.6.6.6, 192.0.2.5");
    } finally {
      if (saved === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = saved;
    }
  });
});

describe("nonces", () => {
  it("are 128 random bits in base64, never the same twice, also across the draws of the pool", () => {
    const nonces = Array.from({ length: 1_000 }, () => newNonce());
    expect(new Set(nonces).size).toBe(nonces.length);
    for (const nonce of nonces) expect(Buffer.from(nonce, "base64")).toHaveLength(16);
    expect(nonces.every((nonce) => /^[A-Za-z0-9+/]{22}==$/.test(nonce))).toBe(true);
  });
});
