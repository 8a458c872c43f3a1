import { randomUUID } from "node:crypto";
import type { Page } from "playwright-core";
import type { AnalyticsEvent } from "../core/domain/analytics";
import type { FlowDocument } from "../core/flow";
import { median } from "./measure";

/** What the overlay bench needs from the editor bench: its server, its tRPC call and its wait for two frames. */
export type OverlayBenchContext = {
  base: string;
  trpc: <T>(page: Page, procedure: string, input: unknown) => Promise<T>;
  twoFrames: string;
  open: (page: Page, flowId: string) => Promise<number>;
};

/** People per step in the generated traffic: enough that no count is shown as "< 5". */
const PEOPLE = 8;

/** Events as a deployed bot posts them: every step reached by PEOPLE people, every choice answered. */
function trafficFor(document: FlowDocument, version: number): AnalyticsEvent[] {
  const occurredAt = new Date().toISOString();
  const common = { flowId: document.id, flowVersion: version, channel: "telegram" as const, occurredAt };
  const events: AnalyticsEvent[] = [];
  for (const node of document.nodes) {
    for (let person = 0; person < PEOPLE; person++) {
      events.push({ ...common, eventId: randomUUID(), type: "stepReached", nodeId: node.id });
      if (node.type === "choice") {
        const option = node.data.options[person % node.data.options.length];
        if (option) events.push({ ...common, eventId: randomUUID(), type: "answerGiven", nodeId: node.id, output: option.id });
      }
    }
  }
  return events;
}

/**
 * The analytics overlay on a flow (issue: a 1,000-step flow's overlay renders within the
 * editor's budget, interactive < 2 s): publishes it, posts traffic for every step through
 * the bot API, then times "Auswertung" from the click until the numbers are drawn and the
 * page is free again (median of 3), and the whole open including the overlay.
 */
export async function measureOverlay(
  context: OverlayBenchContext,
  page: Page,
  flowId: string,
  document: FlowDocument,
): Promise<{ toggleMs: number; openAndOverlayMs: number; events: number }> {
  const { base, trpc } = context;
  const published = await trpc<{ number: number }>(page, "flows.publish", { workspaceSlug: "demo-gmbh", flowId });
  const token = await trpc<{ secret: string }>(page, "tokens.create", {
    workspaceSlug: "demo-gmbh",
    name: `Overlay bench ${flowId}`,
    scopes: ["events:write"],
  });
  const events = trafficFor({ ...document, id: flowId }, published.number);
  for (let i = 0; i < events.length; i += 500) {
    const response = await page.request.post(`${base}/api/v1/events`, {
      headers: { authorization: `Bearer ${token.secret}` },
      data: { events: events.slice(i, i + 500) },
    });
    if (!response.ok()) throw new Error(`posting analytics events failed: ${response.status()} ${(await response.text()).slice(0, 300)}`);
  }
  const toggles: number[] = [];
  const totals: number[] = [];
  for (let run = 0; run < 3; run++) {
    const opened = await context.open(page, flowId);
    const started = Date.now();
    await page.getByTestId("analytics-toggle").click();
    await page.getByTestId("analytics-conversations").filter({ hasText: /\d/ }).waitFor({ timeout: 120_000 });
    await page.locator('[data-testid^="overlay-"]').first().waitFor({ timeout: 120_000 });
    await page.evaluate(context.twoFrames);
    const toggleMs = Date.now() - started;
    toggles.push(toggleMs);
    totals.push(opened + toggleMs);
  }
  return { toggleMs: median(toggles), openAndOverlayMs: median(totals), events: events.length };
}
