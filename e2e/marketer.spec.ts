import type { Page } from "@playwright/test";
import { createWorkspace, expect, signUp, stepById, test, uniqueUser } from "./fixtures";

/* A new marketer's first lead flow, in German, as the first-run checklist leads through it. */
test.use({ locale: "de-DE", viewport: { width: 1440, height: 900 } });

/** The legal settings page as a first-time admin fills it in: company, contact, links and one CRM with its DPA. */
async function fillLegalWithProcessor(page: Page) {
  await page.getByRole("region", { name: "Erste Schritte" }).getByRole("link", { name: "Rechtsangaben öffnen" }).click();
  await expect(page).toHaveURL(/\/settings\/legal$/);
  await page.getByLabel("Name des Unternehmens").fill("Kaffeerad GmbH");
  await page.getByLabel("Ansprechpartner Datenschutz").fill("datenschutz@kaffeerad.example.com");
  await page.getByLabel("Postanschrift").fill("Röstereistraße 5, 10115 Berlin, Deutschland");
  await page.getByLabel("Link zum Impressum").fill("https://kaffeerad.example.com/impressum");
  await page.getByLabel("Link zur Datenschutzerklärung").fill("https://kaffeerad.example.com/datenschutz");
  await page.getByRole("button", { name: "Dienstleister hinzufügen" }).click();
  const processor = page.getByRole("listitem", { name: "Dienstleister 1" });
  await processor.getByLabel("Name").fill("LeadHub CRM");
  await processor.getByLabel("Empfängt Daten unter").fill("hooks.example.net");
  await processor.getByLabel("Wofür").fill("Speichern von Anfragen aus dem Chatbot");
  await processor.getByLabel("Land, in dem die Daten verarbeitet werden").selectOption({ label: "Deutschland" });
  await processor.getByLabel("Vertrag zur Auftragsverarbeitung (AVV) unterschrieben").check();
  await page.getByRole("button", { name: "Speichern" }).click();
  await expect(page.getByText("Rechtsangaben gespeichert.")).toBeVisible();
}

test("[marketer] the lead template posts to the workspace's own CRM, names it in the consent and starts without errors", async ({
  page,
}) => {
  await signUp(page, uniqueUser("marketer"));
  await createWorkspace(page, `Kaffeerad ${Math.random().toString(36).slice(2, 7)}`);
  await fillLegalWithProcessor(page);

  await page
    .getByRole("navigation", { name: /Kaffeerad/ })
    .getByRole("link", { name: "Flows" })
    .click();
  await page.getByRole("button", { name: "Neuer Flow" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Neuen Flow anlegen" });
  // The blank flow sends nothing anywhere, so the dialog says nothing about a CRM.
  await expect(dialog.getByTestId("template-crm")).toHaveCount(0);
  await dialog.getByText("Kontaktanfrage", { exact: true }).click();
  await expect(dialog.getByTestId("template-crm")).toContainText("LeadHub CRM (hooks.example.net)");
  await dialog.getByLabel("Name des Flows").fill("Kontaktanfrage Website");
  await dialog.getByRole("button", { name: "Anlegen" }).click();
  await expect(page).toHaveURL(/\/flows\/[^/]+$/);

  // No error to hunt down: the webhook posts to the declared CRM, and the consent names it as recipient.
  await expect(page.getByTestId("compliance-badge")).toContainText("Keine Fehler");
  await expect(stepById(page, "consent")).toContainText("Empfänger: LeadHub CRM.");
  await expect(stepById(page, "consent")).not.toContainText("Example CRM");
  // The texts keep {company} for the export; the canvas shows the name the bot will say, the inspector says so.
  await expect(stepById(page, "disclosure")).toContainText("Assistent von Kaffeerad GmbH");
  await expect(stepById(page, "disclosure")).not.toContainText("{company}");
  await stepById(page, "disclosure").click();
  const inspector = page.getByTestId("inspector");
  await expect(inspector).toContainText("{company} steht für Ihr Unternehmen aus den Rechtsangaben: „Kaffeerad GmbH“.");
  // The drop-down of where "Weiter" leads names the steps by their text, with the name filled in as well.
  await expect(inspector.getByRole("combobox", { name: "Weiter" }).locator("option", { hasText: "Datenschutzhinweis" })).toHaveText(
    /Kurz zum Datenschutz: Kaffeerad GmbH/,
  );

  // The only finding left is WhatsApp's way to a person, fixed with one click; then the flow publishes first time.
  await page.getByRole("tab", { name: /Prüfung/ }).click();
  await page.getByRole("button", { name: "Weg zu einem Menschen einbauen" }).click();
  await expect(page.getByRole("tab", { name: "Prüfung (0)" })).toBeVisible();
  await page.getByRole("button", { name: "Veröffentlichen" }).click();
  await page.getByRole("button", { name: "Jetzt veröffentlichen" }).click();
  await expect(page.getByText("Version 1 ist veröffentlicht.")).toBeVisible();

  // At 1440 px the live badge leaves the flow's name whole.
  await expect(page.getByTestId("live-badge")).toBeVisible();
  const name = page.getByTestId("flow-name");
  await expect(name).toHaveValue("Kontaktanfrage Website");
  expect(await name.evaluate((input) => input.scrollWidth - input.clientWidth)).toBeLessThanOrEqual(0);
});

test("[marketer] the template dialog says when a CRM template has no declared CRM to post to", async ({ page }) => {
  await signUp(page, uniqueUser("marketer"));
  await createWorkspace(page, `Kaffeerad ${Math.random().toString(36).slice(2, 7)}`);
  await page.getByRole("button", { name: "Neuer Flow" }).first().click();
  const dialog = page.getByRole("dialog", { name: "Neuen Flow anlegen" });
  await dialog.getByText("Kontaktanfrage", { exact: true }).click();
  const note = dialog.getByTestId("template-crm");
  await expect(note).toContainText("Tragen Sie es zuerst in den Rechtsangaben als Dienstleister");
  await expect(note.getByRole("link", { name: "Rechtsangaben öffnen" })).toHaveAttribute("href", /\/settings\/legal$/);
});
