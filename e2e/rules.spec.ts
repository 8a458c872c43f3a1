import type { Page } from "@playwright/test";
import { createFlow, createWorkspace, expect, signUp, test, uniqueUser } from "./fixtures";

/*
 * A marketer follows a finding's explanation to the page of all rules and reads the
 * rule there, in German and in English. A new workspace has no legal settings yet, so
 * every new flow has the `legal.links` finding to follow.
 */

async function openFindingsOfNewFlow(page: Page) {
  await signUp(page, uniqueUser("rules"));
  await createWorkspace(page, `Regel Shop ${Math.random().toString(36).slice(2, 7)}`);
  await createFlow(page, { name: "Willkommen" });
  await page.getByTestId("compliance-badge").click();
  const finding = page.locator('[data-rule="legal.links"]').first();
  await expect(finding).toBeVisible();
  return finding;
}

test.describe("German", () => {
  test.use({ locale: "de-DE" });

  test("[rules] a finding's explanation opens its rule's entry on the rules page", async ({ page }) => {
    await openFindingsOfNewFlow(page);
    const explanation = page.getByTestId("rule-explanation").first();
    await explanation.getByText("Warum gibt es diese Regel?").click();
    await explanation.getByRole("link", { name: "Mehr zu dieser Regel" }).click();

    await expect(page).toHaveURL(/\/w\/[^/]+\/rules#legal\.links$/);
    const entry = page.locator('[id="legal.links"]');
    await expect(entry.getByRole("heading", { name: "Impressum und Datenschutzerklärung" })).toBeVisible();
    await expect(entry).toContainText("öffentliche https-Links zu Impressum und Datenschutzerklärung");
    await expect(entry).toContainText("§ 5 DDG");
    await expect(entry).toContainText("Fehler");
    // Every rule of the rulebook has its entry, reachable from the contents.
    await expect(page.getByTestId("rule-entry")).toHaveCount(29);
    await page.getByRole("navigation", { name: "Übersicht" }).getByRole("link", { name: "Ein Nein ist ein Nein" }).click();
    await expect(page).toHaveURL(/#consent\.freelyGiven$/);
    await expect(page.locator('[id="consent.freelyGiven"]')).toContainText("Nachhaken, bis jemand nachgibt");
  });
});

test("[rules] the rules page is in the workspace navigation, in English", async ({ page }) => {
  await openFindingsOfNewFlow(page);
  await page.getByRole("link", { name: "Rules", exact: true }).click();
  await expect(page).toHaveURL(/\/w\/[^/]+\/rules$/);
  await expect(page.getByRole("heading", { name: "The rules", level: 1 })).toBeVisible();
  const entry = page.locator('[id="consent.wellFormed"]');
  await expect(entry.getByRole("heading", { name: "A clear consent" })).toBeVisible();
  await expect(entry).toContainText('has a clear "yes" (not "Next" or "OK")');
  await expect(entry).toContainText("GDPR Art. 4(11)");
});
