import { test as base, expect, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";

export type TestUser = { name: string; email: string; password: string };

/** A user no other test knows, so tests can run in parallel on one database. */
export function uniqueUser(prefix = "user"): TestUser {
  const id = randomUUID().slice(0, 8);
  return { name: `${prefix} ${id}`, email: `${prefix}-${id}@example.test`, password: `Sicher-${id}-2026!` };
}

export async function signUp(page: Page, user: TestUser) {
  await page.goto("/signup");
  await page.getByLabel(/^(Name)$/).fill(user.name);
  await page.getByLabel(/E-Mail-Adresse|Email address/).fill(user.email);
  await page.getByLabel(/^(Passwort|Password)$/).fill(user.password);
  await page.getByRole("button", { name: /Konto erstellen|Create account/ }).click();
  // Sign-up hashes the password and judges its strength (the estimator loads its dictionaries on first use).
  await expect(page).toHaveURL(/\/dashboard$/, { timeout: 30_000 });
}

export async function signIn(page: Page, user: Pick<TestUser, "email" | "password">) {
  await page.goto("/signin");
  await page.getByLabel(/E-Mail-Adresse|Email address/).fill(user.email);
  await page.getByLabel(/^(Passwort|Password)$/).fill(user.password);
  await page.getByRole("button", { name: /^(Anmelden|Sign in)$/ }).click();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: /^(Abmelden|Sign out)$/ }).click();
  await expect(page).toHaveURL(/\/signin/);
}

export async function createWorkspace(page: Page, name: string) {
  await page.goto("/dashboard");
  await page.getByLabel(/Name des Workspace|Workspace name/).fill(name);
  await page.getByRole("button", { name: /^(Anlegen|Create)$/ }).click();
  await expect(page).toHaveURL(/\/w\/[a-z0-9-]+\/flows$/);
}

/** The workspace slug of the page's address (`/w/<slug>/…`). */
export function slugOf(page: Page): string {
  const match = /\/w\/([^/]+)\//.exec(page.url());
  if (!match) throw new Error(`Not inside a workspace: ${page.url()}`);
  return match[1];
}

/**
 * New workspaces have no legal details, which blocks publishing (legal.links): fills in
 * every field a flow needs to be published, as an admin does on the legal settings page.
 */
export async function fillLegalDetails(page: Page, slug: string) {
  await page.goto(`/w/${slug}/settings/legal`);
  await page.getByLabel("Company name").fill("Beispiel GmbH");
  await page.getByLabel("Postal address").fill("Musterstraße 1, 10115 Berlin, Deutschland");
  await page.getByLabel("Data protection contact").fill("datenschutz@example.com");
  await page.getByLabel("Link to the imprint (Impressum)").fill("https://www.example.com/impressum");
  await page.getByLabel("Link to the privacy policy").fill("https://www.example.com/datenschutz");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Legal details saved.")).toBeVisible();
}

/** Creates a flow from a template on the flows page and opens it in the editor. */
export async function createFlow(page: Page, options: { template?: RegExp; name: string }) {
  await page
    .getByRole("button", { name: /^(Neuer Flow|New flow)$/ })
    .first()
    .click();
  if (options.template) await page.getByText(options.template).click();
  await page.getByLabel(/^(Name des Flows|Flow name)$/).fill(options.name);
  await page.getByRole("button", { name: /^(Anlegen|Create)$/ }).click();
  await expect(page).toHaveURL(/\/flows\/[^/]+$/);
  await expect(page.locator(".react-flow__node").first()).toBeVisible();
}

/**
 * A signed-up, signed-in user for tests that start inside the app. Every test also
 * fails on a Content Security Policy violation in its page (`cspViolations`, automatic),
 * so the CSP is proven against everything the suite clicks through.
 */
export const test = base.extend<{ user: TestUser; cspViolations: string[] }>({
  cspViolations: [
    async ({ page }, use) => {
      const violations: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error" && /Content Security Policy/i.test(message.text())) violations.push(message.text());
      });
      await page.addInitScript(() => {
        document.addEventListener("securitypolicyviolation", (event) => {
          console.error(`Content Security Policy violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
        });
      });
      await use(violations);
      // zod 4 probes once whether `new Function` is allowed and falls back to its plain parser
      // when the policy refuses it: that refusal is the policy working, not a broken page.
      const real = violations.filter((text) => !/script-src blocked eval$/.test(text));
      expect(real, "Content Security Policy violations").toEqual([]);
    },
    { auto: true },
  ],
  user: async ({ page }, use) => {
    const user = uniqueUser();
    await signUp(page, user);
    await use(user);
  },
});

export { expect };
