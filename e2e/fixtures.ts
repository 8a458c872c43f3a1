import { test as base, expect, type Locator, type Page } from "@playwright/test";
import { randomUUID } from "node:crypto";

export type TestUser = { name: string; email: string; password: string };

/** A user no other test knows, so tests can run in parallel on one database. */
export function uniqueUser(prefix = "user"): TestUser {
  const id = randomUUID().slice(0, 8);
  // The password's random part is not the id: the strength check counts the name and address as known to an attacker.
  const secret = randomUUID().replace(/-/g, "").slice(0, 12);
  return { name: `${prefix} ${id}`, email: `${prefix}-${id}@example.test`, password: `Sicher-${secret}-2026!` };
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

/** A complete legal setup (the `legal.save` input) under which the templates publish without errors. */
export const LEGAL_SETTINGS = {
  controllerName: "Beispiel GmbH",
  controllerAddress: "Musterstraße 1, 10115 Berlin, Deutschland",
  impressumUrl: "https://www.example.com/impressum",
  privacyPolicyUrl: "https://www.example.com/datenschutz",
  privacyContact: "datenschutz@example.com",
  processors: [{ name: "Example CRM", domain: "crm.example.com", purpose: "CRM", dpaSigned: true, country: "DE" }],
};

/** Calls a tRPC mutation with the page's session and returns its result; fails the test on an error answer. */
export async function trpcMutation(page: Page, procedure: string, input: unknown): Promise<unknown> {
  const response = await page.request.post(`/api/trpc/${procedure}`, { data: { json: input } });
  expect(response.status(), `${procedure} answered ${response.status()}: ${await response.text()}`).toBeLessThan(300);
  return ((await response.json()) as { result: { data: { json: unknown } } }).result.data.json;
}

/**
 * A new user with a new workspace and a new flow open in the editor. With `legal`, the
 * workspace's legal details are saved before the flow is created (as the first-run
 * checklist asks), so the flow's texts name the controller and it can be published.
 */
export async function openNewFlow(
  page: Page,
  options: { name?: string; prefix?: string; legal?: boolean; template?: RegExp } = {},
): Promise<{ slug: string; flowId: string }> {
  const prefix = options.prefix ?? "editor";
  await signUp(page, uniqueUser(prefix));
  await createWorkspace(page, `${prefix} Shop ${Math.random().toString(36).slice(2, 7)}`);
  const slug = /\/w\/([^/]+)\/flows$/.exec(page.url())![1];
  if (options.legal) await trpcMutation(page, "legal.save", { workspaceSlug: slug, ...LEGAL_SETTINGS });
  await createFlow(page, { name: options.name ?? "Welcome", template: options.template });
  const flowId = /\/flows\/([^/]+)$/.exec(page.url())![1];
  return { slug, flowId };
}

/** A step on the canvas by its id, and all steps of one type. */
export const stepById = (page: Page, id: string) => page.getByTestId(`step-${id}`);
export const stepsOfType = (page: Page, type: string) => page.locator(`[data-step-type="${type}"]`);

/** Only steps on screen are drawn, and the view follows inserted steps: show the whole flow before counting. */
export const showWholeFlow = (page: Page) => page.locator(".react-flow__controls-fitview").click();

export async function centerOf(locator: Locator): Promise<{ x: number; y: number }> {
  const box = (await locator.boundingBox())!;
  return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
}

/** Drags a palette step to a point on the screen (HTML5 drag and drop). */
export async function dragFromPalette(page: Page, type: string, to: { x: number; y: number }) {
  const canvas = page.getByTestId("canvas");
  const box = (await canvas.boundingBox())!;
  await page.getByTestId(`palette-${type}`).dragTo(canvas, { targetPosition: { x: to.x - box.x, y: to.y - box.y } });
}

/** Drops a palette step on the middle of the connection between two steps standing one above the other. */
export async function dropBetween(page: Page, type: string, upperId: string, lowerId: string) {
  const upper = (await stepById(page, upperId).boundingBox())!;
  const lower = (await stepById(page, lowerId).boundingBox())!;
  await dragFromPalette(page, type, { x: upper.x + upper.width / 2, y: (upper.y + upper.height + lower.y) / 2 });
}

/** Draws a connection from a source handle to a step's input handle. */
export async function connectHandles(page: Page, from: Locator, to: Locator) {
  const a = await centerOf(from);
  const b = await centerOf(to);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x, b.y, { steps: 5 });
  await page.mouse.up();
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
