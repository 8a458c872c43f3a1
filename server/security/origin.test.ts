import { describe, expect, it } from "vitest";
import { crossSiteProblem } from "./origin";

/* CSRF on /api/trpc: a POST a browser sends from another site's page is refused; programs without Origin go on. */

function post(headers: Record<string, string>, options: { hops?: number; publicUrl?: string } = {}) {
  return crossSiteProblem({ method: "POST", headers: new Headers({ host: "localhost:3000", ...headers }) }, { hops: 0, ...options });
}

describe("cross-site requests to /api/trpc", () => {
  it("lets the app's own pages, programs without Origin and reads through", () => {
    expect(post({ origin: "http://localhost:3000", "sec-fetch-site": "same-origin" })).toBeNull();
    expect(post({})).toBeNull();
    expect(post({ origin: "https://flowguard.example" }, { publicUrl: "https://flowguard.example" })).toBeNull();
    expect(crossSiteProblem({ method: "GET", headers: new Headers({ origin: "https://evil.example" }) })).toBeNull();
  });

  it.each([
    [{ origin: "https://evil.example" }],
    [{ origin: "http://localhost:3001" }],
    [{ origin: "null" }],
    [{ origin: "not a url" }],
    [{ "sec-fetch-site": "cross-site" }],
    [{ "sec-fetch-site": "same-site", origin: "http://localhost:3000" }],
  ])("refuses %j", (headers) => {
    expect(post(headers)).not.toBeNull();
  });

  it("believes X-Forwarded-Host only behind a trusted proxy", () => {
    const headers = { origin: "https://app.example", "x-forwarded-host": "app.example" };
    expect(post(headers)).not.toBeNull();
    expect(post(headers, { hops: 1 })).toBeNull();
  });
});
