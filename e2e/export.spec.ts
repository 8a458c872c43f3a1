import { randomUUID } from "node:crypto";
import fs from "node:fs";
import type { Page } from "@playwright/test";
import { Conversation, loadExport } from "../core/runtime";
import { createFlow, createWorkspace, expect, fillLegalDetails, signUp, slugOf, test, uniqueUser } from "./fixtures";

/*
 * Publish and export as a marketer and a deployed bot see them: the flow is
 * published in the editor, fetched over HTTP with an API token created in the
 * settings, run through the runtime, and the consent events are posted back.
 */

async function newCompliantFlow(page: Page, prefix: string) {
  const id = randomUUID().slice(0, 6);
  await signUp(page, uniqueUser(prefix));
  await createWorkspace(page, `${prefix} ${id}`);
  const slug = slugOf(page);
  await fillLegalDetails(page, slug);
  await page.goto(`/w/${slug}/flows`);
  await createFlow(page, { name: `Welcome ${id}` });
  const flowId = /\/flows\/([^/]+)$/.exec(page.url())![1];
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-status", "saved");
  return { slug, flowId };
}

test("[export] publish in the editor, fetch the export with a token, run it and report consent", async ({ page, request }) => {
  const { slug, flowId } = await newCompliantFlow(page, "export");

  // Nothing published yet: the export dialog says so.
  await page.getByRole("button", { name: "Export", exact: true }).click();
  await expect(page.getByRole("dialog")).toContainText("Nothing has been published yet");
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByText("Version 1 is published.")).toBeVisible();

  await page.getByRole("button", { name: "Versions", exact: true }).click();
  await expect(page.getByTestId("versions-list")).toContainText("Version 1");
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();

  await page.getByRole("button", { name: "Export", exact: true }).click();
  await expect(page.getByRole("dialog")).toContainText("The downloads contain version 1");
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download: Telegram" }).click()]);
  expect(download.suggestedFilename()).toMatch(/-v1-telegram\.json$/);
  const downloaded = JSON.parse(fs.readFileSync((await download.path())!, "utf8"));
  expect(downloaded).toMatchObject({ format: "flowguard.export/v1", channel: "telegram", flow: { id: flowId, version: 1 } });

  // A token for the bot, created where admins create them.
  await page.goto(`/w/${slug}/settings/tokens`);
  await page.getByLabel("Name").fill("Telegram bot");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("token-created")).toBeVisible();
  const token = await page.getByLabel("Token", { exact: true }).inputValue();
  const auth = { authorization: `Bearer ${token}` };

  expect((await request.get(`/api/v1/flows/${flowId}/export?channel=telegram`)).status()).toBe(401);
  const response = await request.get(`/api/v1/flows/${flowId}/export?channel=telegram`, { headers: auth });
  expect(response.status()).toBe(200);
  const etag = response.headers()["etag"];
  expect(etag).toContain("telegram");
  expect(
    (await request.get(`/api/v1/flows/${flowId}/export?channel=telegram`, { headers: { ...auth, "if-none-match": etag } })).status(),
  ).toBe(304);
  const exported = await response.json();

  // The bot runs the whole conversation with nothing but the export and the runtime.
  const conversation = new Conversation(loadExport(exported), { subject: `tg-${randomUUID().slice(0, 8)}` });
  const start = conversation.send({ type: "start" });
  const spoken = start.outgoing.flatMap((o) => (o.kind === "message" ? [o.text] : []));
  expect(spoken[0]).toContain("Beispiel GmbH");
  expect(start.activeNodeId).toBe("consent");
  const accepted = conversation.send({ type: "button", id: "accept" });
  expect(accepted.state.status).toBe("ended");
  conversation.send({ type: "text", text: "STOP" });
  expect(conversation.consentEvents.map((e) => e.outcome)).toEqual(["accept", "withdraw"]);

  const posted = await request.post("/api/v1/consent-events", { headers: auth, data: { events: conversation.consentEvents } });
  expect(posted.status()).toBe(200);
  expect(await posted.json()).toEqual({ received: 2, inserted: 2, duplicates: 0 });
  const again = await request.post("/api/v1/consent-events", { headers: auth, data: { events: conversation.consentEvents } });
  expect(await again.json()).toEqual({ received: 2, inserted: 0, duplicates: 2 });
  const malformed = await request.post("/api/v1/consent-events", {
    headers: auth,
    data: { events: [{ ...conversation.consentEvents[0], eventId: "x-1", textHash: "nope" }] },
  });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.message).toContain("textHash");

  // The controller sees them in the consent records.
  await page.goto(`/w/${slug}/settings/consent`);
  await expect(page.getByTestId("consent-table")).toContainText(conversation.state.subject);
  // "Nachweis prüfen" recomputes the hash chain over both records.
  await page.getByTestId("consent-verify").click();
  await expect(page.getByTestId("consent-verify-result")).toContainText("2");
});

test("[export] publishing a flow with errors is refused and the problems are listed", async ({ page }) => {
  const id = randomUUID().slice(0, 6);
  await signUp(page, uniqueUser("refuse"));
  await createWorkspace(page, `Refuse ${id}`);
  await createFlow(page, { name: `No legal ${id}` });
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-status", "saved");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByTestId("publish-refused")).toContainText("Impressum");
  await page.getByRole("button", { name: "Show in the checks panel" }).click();
  await expect(page.getByRole("tab", { selected: true })).toContainText("Checks");
});

test("[export] the preview runs the draft in a chat, with buttons, and highlights the current step", async ({ page }) => {
  await newCompliantFlow(page, "preview");
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  const panel = page.getByTestId("preview-panel");
  await panel.getByRole("button", { name: "Start conversation" }).click();
  await expect(panel.getByTestId("preview-log")).toContainText("automated assistant of Beispiel GmbH");
  await expect(page.getByTestId("step-consent")).toHaveAttribute("data-highlighted", "true");
  await panel.getByRole("button", { name: "Yes, I agree" }).click();
  await expect(panel.getByTestId("preview-log")).toContainText("Consent given");
  await expect(panel.getByTestId("preview-log")).toContainText("Great to have you here!");

  await panel.getByLabel("Your message").fill("STOP");
  await panel.getByRole("button", { name: "Send" }).click();
  await expect(panel.getByTestId("preview-log")).toContainText("You are unsubscribed.");
  await expect(panel.getByTestId("preview-log")).toContainText("Consent withdrawn");

  await panel.getByLabel("Channel").selectOption("whatsapp");
  await expect(panel.getByRole("button", { name: "Start conversation" })).toBeVisible();
});
