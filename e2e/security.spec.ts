import http from "node:http";
import { test, expect, signIn, signUp, uniqueUser } from "./fixtures";

/*
 * Findings 2 and 7 of the hardening review in a real browser against the production
 * build: headers, framing and redirects. CSP violations fail every test of the suite
 * (see the automatic `cspViolations` fixture).
 */

test("[security] finding 7: every page carries the security headers and a fresh CSP nonce", async ({ page }) => {
  const first = await page.goto("/signin");
  const second = await page.request.get("/signin");
  // Enforcing (CSP_MODE=enforce) or report-only: the policy and its nonce are the same.
  const policy = (headers: Record<string, string>) =>
    headers["content-security-policy"] ?? headers["content-security-policy-report-only"] ?? "";
  for (const response of [first!, second]) {
    const headers = response.headers();
    expect(policy(headers)).toContain("frame-ancestors 'none'");
    expect(policy(headers)).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}' 'strict-dynamic'/);
    expect(policy(headers)).not.toContain("unsafe-eval");
    expect(headers["x-frame-options"]).toBe("DENY");
    expect(headers["x-content-type-options"]).toBe("nosniff");
    expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
    expect(headers["permissions-policy"]).toContain("camera=()");
    // Plain http here: HSTS is only sent over https.
    expect(headers["strict-transport-security"]).toBeUndefined();
  }
  const nonce = (headers: Record<string, string>) => /'nonce-([^']+)'/.exec(policy(headers))![1];
  expect(nonce(first!.headers())).not.toBe(nonce(second.headers()));
  // The app's own scripts run under it: the form is interactive.
  await expect(page.getByRole("button", { name: /^(Anmelden|Sign in)$/ })).toBeEnabled();

  for (const path of ["/api/v1/consent-events", "/api/trpc/workspaces.list", "/dashboard"]) {
    const response = await page.request.get(path, { maxRedirects: 0 });
    expect(response.headers()["x-content-type-options"], path).toBe("nosniff");
    expect(response.headers()["x-frame-options"], path).toBe("DENY");
  }
});

test("[security] finding 7: the tokens page cannot be framed by another site", async ({ page, baseURL }) => {
  const user = uniqueUser("framed");
  await signUp(page, user);
  await page.goto("about:blank");
  await page.setContent(`<iframe id="victim" src="${baseURL}/dashboard" width="600" height="400"></iframe>`);
  await expect.poll(async () => page.frames().length).toBeGreaterThan(1);
  // The framed document never renders the app (X-Frame-Options DENY): Chromium shows its error page instead.
  const framed = page.frames()[1]!;
  await expect.poll(async () => framed.url()).toMatch(/^chrome-error:|^about:blank$/);
});

test("[security] finding 2: the sign-in form does not follow a crafted callbackUrl off-site", async ({ page }) => {
  const user = uniqueUser("redirect");
  await signUp(page, user);
  await page.context().clearCookies();
  for (const callback of ["%2F%09%2Fevil.example%2Fphish", "%2F%0A%2Fevil.example", "%2F%5Cevil.example", "%2F%2Fevil.example"]) {
    await page.goto(`/signin?callbackUrl=${callback}`);
    await signIn(page, user);
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/dashboard$/);
    await page.context().clearCookies();
  }
});

test("[security] finding 1: bodies beyond a route's limit get 413 before anything reads them, sign-in forms included", async ({
  page,
  baseURL,
}) => {
  // next-auth reads its form whole: it gets at most 64 KB.
  const csrf = (await (await page.request.get("/api/auth/csrf")).json()) as { csrfToken: string };
  const form = new URLSearchParams({ csrfToken: csrf.csrfToken, email: "a@example.com", password: "x".repeat(100 * 1024) });
  const signInForm = await page.request.post("/api/auth/callback/credentials", {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: form.toString(),
  });
  expect(signInForm.status()).toBe(413);
  expect(await signInForm.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
  // A page takes no body at all; 6 MB announced is refused by the server before Next.js sees it.
  const toPage = await page.request.post("/signin", { headers: { "content-type": "text/plain" }, data: "x".repeat(6 << 20) });
  expect(toPage.status()).toBe(413);
  expect(toPage.headers()["connection"]).toBe("close");
  // A body of unknown size (chunked) to a route Next.js serves: 411, before Next.js reads any of it; also by a
  // path that names the API's routes (which bound bodies themselves) but resolves to a page.
  const server = new URL(baseURL!);
  for (const path of ["/signin", "/api/v1/../../signin"]) {
    const chunked = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = http.request({
        host: server.hostname,
        port: server.port,
        path,
        method: "POST",
        headers: { "content-type": "text/plain", "transfer-encoding": "chunked" },
      });
      request.on("response", (response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on("error", reject);
      request.write("x".repeat(1 << 20));
      request.end();
    });
    expect(chunked.status, path).toBe(411);
    expect(chunked.body).toContain("LENGTH_REQUIRED");
  }
});
