import { outputsOf } from "../core/flow";
import { Conversation } from "../core/runtime";
import type { AnalyticsEvent } from "../core/domain/analytics";
import { flowReport, type SummedCount } from "../core/analytics/report";
import { overlayOf } from "../components/analytics/overlayLines";
import { recordAnalyticsEvents } from "../server/services/analytics";
import { benchWithPublishedFlow } from "./publishedFlow";
import { generateFlow } from "./flowGenerator";
import { measure } from "./measure";

/** Issue 15: ingestion of batches of 100 at 20,000 events/s or more. */
const TARGET_EVENTS_PER_SECOND = 20_000;
const BATCH = 100;
const EVENTS = 50_000;
/** The editor's budget for a 1,000-step flow to be interactive. */
const OVERLAY_BUDGET_MS = 2_000;

/**
 * Analytics: (1) ingestion as POST /api/v1/events does it, on a SQLite file: the
 * runtime's real events, each checked against the published version, deduplicated by
 * id and added to the daily counts, in batches of 100; (2) the overlay's data path for
 * a 1,000-step flow: summing the counts into the step report and turning it into
 * the lines and edge widths the canvas draws. Prints figures; asserts nothing.
 */
export async function runAnalyticsBench(): Promise<void> {
  const { db, workspace, loaded, close } = await benchWithPublishedFlow();
  try {
    // Real runtime events: people who accept and leave their name, people who decline, people who say STOP.
    const events: AnalyticsEvent[] = [];
    const now = Date.now();
    for (let user = 0; events.length < EVENTS; user++) {
      const c = new Conversation(loaded, { subject: `4917${String(user).padStart(8, "0")}`, now });
      const turns = [c.send({ type: "start" })];
      if (user % 3 === 0) turns.push(c.send({ type: "button", id: "accept" }), c.send({ type: "text", text: "Anna" }));
      else if (user % 3 === 1) turns.push(c.send({ type: "button", id: "decline" }));
      else turns.push(c.send({ type: "text", text: "STOP" }));
      for (const turn of turns) for (const effect of turn.effects) if (effect.kind === "analytics") events.push(effect.event);
    }
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    for (let i = 0; i < events.length; i += BATCH)
      await recordAnalyticsEvents(db, { workspaceId: workspace.id, events: events.slice(i, i + BATCH), now });
    const perSecond = events.length / ((performance.now() - started) / 1000);
    // On a shared machine wall time includes waiting for a core; CPU time shows the work itself.
    const cpu = process.cpuUsage(cpuStarted);
    const perCpuSecond = events.length / ((cpu.user + cpu.system) / 1e6);
    const resendStarted = performance.now();
    for (let i = 0; i < 10_000; i += BATCH)
      await recordAnalyticsEvents(db, { workspaceId: workspace.id, events: events.slice(i, i + BATCH), now });
    const resendPerSecond = 10_000 / ((performance.now() - resendStarted) / 1000);
    const rows = (db.$client.prepare("SELECT COUNT(*) AS n FROM analytics_counts").get() as { n: number }).n;
    console.log("Analytics ingestion (checked against the published version, deduplicated, added to daily counts)");
    console.table([
      {
        events: events.length,
        batch: BATCH,
        "events/s": Math.round(perSecond).toLocaleString("en"),
        "events per CPU second": Math.round(perCpuSecond).toLocaleString("en"),
        target: `≥ ${TARGET_EVENTS_PER_SECOND.toLocaleString("en")}`,
        met: perSecond >= TARGET_EVENTS_PER_SECOND ? "yes" : "NO",
        "resent duplicates/s": Math.round(resendPerSecond).toLocaleString("en"),
        "count rows": rows,
      },
    ]);
  } finally {
    close();
  }

  // The overlay of a 1,000-step flow: 30 days × 2 channels of counts for every step and edge.
  const document = generateFlow(1_000);
  const counts: SummedCount[] = [];
  for (let day = 0; day < 60; day++) {
    for (const node of document.nodes) {
      counts.push({ nodeId: node.id, kind: "reached", output: "", count: 20 + day });
      for (const output of outputsOf(node)) counts.push({ nodeId: node.id, kind: "left", output, count: 3 + (day % 7) });
      if (node.type === "consent") counts.push({ nodeId: node.id, kind: "answer", output: "accept", count: 9 });
    }
  }
  const words = (key: string, values?: Record<string, string | number>) => (values ? `${key} ${Object.values(values).join(" ")}` : key);
  let lines = 0;
  const ms = measure(() => {
    const report = flowReport(document, counts);
    const overlay = overlayOf(report, words, (_node, output) => output, { version: 1, report });
    lines = Object.values(overlay.steps).reduce((sum, list) => sum + list.length, 0);
  }, 10);
  console.log("Analytics overlay data for the canvas (report + lines + edge widths, with a compared version)");
  console.table([
    {
      steps: document.nodes.length,
      edges: document.edges.length,
      "count rows": counts.length.toLocaleString("en"),
      "overlay lines": lines.toLocaleString("en"),
      "median ms": ms.toFixed(1),
      "editor budget (interactive)": `< ${OVERLAY_BUDGET_MS} ms`,
      "share of budget": `${((ms / OVERLAY_BUDGET_MS) * 100).toFixed(1)} %`,
    },
  ]);
}

if (import.meta.url === `file://${process.argv[1]}`) void runAnalyticsBench();
