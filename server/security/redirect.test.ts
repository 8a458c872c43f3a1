import { describe, expect, it } from "vitest";
import { safeCallbackUrl, safeRedirect } from "@/core/domain/auth";

const BASE = "http://localhost:3000";

describe("finding 2: open redirect after sign-in", () => {
  // The bypass first, then the known variants: each must stay on our origin.
  const bypasses = [
    "/\t/evil.example/phish",
    "/\n/evil.example/phish",
    "/\r\n/evil.example",
    "/\\evil.example",
    "/\\/evil.example",
    "//evil.example/phish",
    "///evil.example",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "javascript:alert(1)",
    "/javascript:alert(1)//",
    "https://evil.example/phish",
    "http:/evil.example",
    " /evil",
    "",
  ];

  it.each(bypasses)("keeps %j on our origin (the sign-in form and the signed-in redirect)", (value) => {
    const path = safeCallbackUrl(value);
    expect(path.startsWith("/")).toBe(true);
    expect(path.startsWith("//")).toBe(false);
    expect(new URL(path, BASE).origin).toBe(BASE);
    expect(new URL(safeRedirect(value, BASE)).origin).toBe(BASE);
  });

  it("turns the issue's URL-decoded callback into the dashboard, not evil.example", () => {
    expect(safeCallbackUrl(decodeURIComponent("%2F%09%2Fevil.example%2Fphish"))).toBe("/dashboard");
    expect(safeCallbackUrl(decodeURIComponent("%2F%0A%2Fevil.example"))).toBe("/dashboard");
  });

  it("keeps real same-origin paths with their query and fragment", () => {
    expect(safeCallbackUrl("/w/acme/flows/abc?tab=versions#v3")).toBe("/w/acme/flows/abc?tab=versions#v3");
    expect(safeCallbackUrl("/invite/xyz")).toBe("/invite/xyz");
    expect(safeRedirect(`${BASE}/w/acme`, BASE)).toBe(`${BASE}/w/acme`);
    expect(safeRedirect("/w/acme", BASE)).toBe(`${BASE}/w/acme`);
  });
});
