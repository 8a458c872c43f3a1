import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { createFlow, createWorkspace, expect, fillLegalDetails, signUp, slugOf, test, uniqueUser } from "./fixtures";

/*
 * axe on every page a person can reach, signed out and signed in, in both languages:
 * zero serious or critical violations. The editor has its own, deeper check in
 * editor-ux.spec.ts; here it is opened once so no page is left out.
 */

async function severeViolations(page: Page): Promise<string[]> {
  await page.waitForLoadState("networkidle");
  // Judge the settled page: a toast fading in is not yet at its final colours.
  // (Endless ones, like a spinner, never settle and are left out.)
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((animation) => animation.playState !== "running" || animation.effect?.getComputedTiming().iterations === Infinity),
  );
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${page.url()} ${violation.id}: ${violation.nodes.map((node) => node.target.join(" ")).join(", ")}`);
}

test("[a11y] signed-out pages: sign-in, sign-up, a broken confirmation link and an unknown invitation", async ({ browser }) => {
  const found: string[] = [];
  for (const locale of ["en-GB", "de-DE"]) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    for (const url of ["/signin", "/signup", "/verify-email/not-a-real-token", "/invite/not-a-real-invitation"]) {
      await page.goto(url);
      found.push(...(await severeViolations(page)));
    }
    await context.close();
  }
  expect(found).toEqual([]);
});

test("[a11y] every signed-in page of a workspace, with content in it", async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page, uniqueUser("a11y"));
  const found: string[] = [];
  found.push(...(await severeViolations(page))); // the dashboard without workspaces
  await createWorkspace(page, `A11y ${Date.now().toString(36)}`);
  const slug = slugOf(page);
  found.push(...(await severeViolations(page))); // the empty flow list
  await fillLegalDetails(page, slug);
  await page.goto(`/w/${slug}/flows`);
  await createFlow(page, { name: "Welcome" });
  found.push(...(await severeViolations(page))); // the editor
  for (const url of [
    "/dashboard",
    "/account",
    `/w/${slug}/flows`,
    `/w/${slug}/analytics`,
    `/w/${slug}/settings/members`,
    `/w/${slug}/settings/legal`,
    `/w/${slug}/settings/tokens`,
    `/w/${slug}/settings/audit`,
    `/w/${slug}/settings/consent`,
    `/w/${slug}/settings/workspace`,
  ]) {
    await page.goto(url);
    found.push(...(await severeViolations(page)));
  }
  // German, where longer words change layouts and labels.
  await page.getByRole("button", { name: "Deutsch" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "de");
  for (const url of ["/dashboard", `/w/${slug}/flows`, `/w/${slug}/settings/legal`]) {
    await page.goto(url);
    found.push(...(await severeViolations(page)));
  }
  expect(found).toEqual([]);
});
