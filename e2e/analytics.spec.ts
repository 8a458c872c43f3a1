import { randomUUID } from "node:crypto";
import type { AnalyticsEvent } from "../core/domain/analytics";
import { Conversation, loadExport } from "../core/runtime";
import { createFlow, createWorkspace, expect, fillLegalDetails, signUp, slugOf, test, uniqueUser } from "./fixtures";

/*
 * Analytics as a marketer and a deployed bot see them: a published flow, a few hundred
 * events posted through the API by a runtime, then the numbers on the canvas
 * ("Auswertung" mode) and on the workspace dashboard, with small counts as "< 5".
 */

test("[analytics] events posted by a bot show on the canvas and in the dashboard, without small counts", async ({ page, request }) => {
  const id = randomUUID().slice(0, 6);
  await signUp(page, uniqueUser("analytics"));
  await createWorkspace(page, `Analytics ${id}`);
  const slug = slugOf(page);
  await fillLegalDetails(page, slug);
  await page.goto(`/w/${slug}/flows`);
  await createFlow(page, { name: `Welcome ${id}` });
  const flowId = /\/flows\/([^/]+)$/.exec(page.url())![1];
  await expect(page.getByTestId("save-state")).toHaveAttribute("data-status", "saved");
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Publish now" }).click();
  await expect(page.getByText("Version 1 is published.")).toBeVisible();

  await page.goto(`/w/${slug}/settings/tokens`);
  await page.getByLabel("Name").fill("Analytics bot");
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("token-created")).toBeVisible();
  const auth = { authorization: `Bearer ${await page.getByLabel("Token", { exact: true }).inputValue()}` };
  const exported = await (await request.get(`/api/v1/flows/${flowId}/export?channel=telegram`, { headers: auth })).json();

  // 40 people accept, 17 decline, 3 leave at the consent question.
  const flow = loadExport(exported);
  const events: AnalyticsEvent[] = [];
  for (let person = 0; person < 60; person++) {
    const c = new Conversation(flow, { subject: `tg-${person}` });
    const turns = [c.send({ type: "start" })];
    if (person < 40) turns.push(c.send({ type: "button", id: "accept" }));
    else if (person < 57) turns.push(c.send({ type: "button", id: "decline" }));
    for (const turn of turns) for (const effect of turn.effects) if (effect.kind === "analytics") events.push(effect.event);
  }
  expect(events.length).toBeGreaterThan(200);
  for (let i = 0; i < events.length; i += 100) {
    const posted = await request.post("/api/v1/events", { headers: auth, data: { events: events.slice(i, i + 100) } });
    expect(posted.status()).toBe(200);
  }
  const personal = await request.post("/api/v1/events", { headers: auth, data: { events: [{ ...events[0], subject: "tg-1" }] } });
  expect(personal.status()).toBe(422);

  // The canvas: the consent step's numbers; the three who did not answer are "< 5".
  await page.goto(`/w/${slug}/flows/${flowId}`);
  await page.getByTestId("analytics-toggle").click();
  await expect(page.getByTestId("analytics-conversations")).toContainText("60");
  await expect(page.getByTestId("reached-consent")).toContainText("60");
  await expect(page.getByTestId("accept-consent")).toContainText("40 (66.7 %)");
  await expect(page.getByTestId("dropped-consent")).toContainText("< 5");

  // The dashboard.
  await page.goto(`/w/${slug}/analytics`);
  await expect(page.getByTestId("total-conversations")).toHaveText("60");
  await expect(page.getByTestId("analytics-consent-table")).toContainText("66.7 %");
  await expect(page.getByTestId("analytics-daily-chart")).toBeVisible();
});
