import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import type { FlowDocument } from "@/core/flow";
import { createTestDb } from "@/server/testing/db";
import { workspaceWithOwner } from "@/server/testing/fixtures";
import { serveApp } from "./appServer";

/*
 * A published flow in a real (temporary) Flowguard database, served by the real
 * /api/v1 handlers, with an API token as an admin creates it in the settings.
 * The flow: start → disclosure → privacy notice → marketing consent → subscribe →
 * "Which topic interests you?" (Shoes / Bags, or the topics given) → a promotional offer → end.
 */

export const PROMOTION = "This week only: 20% off everything in our shop!";
export const TOPIC_QUESTION = "Which topic interests you?";

export async function publishedFlow() {
  const t = await createTestDb();
  const { owner, slug } = await workspaceWithOwner(t.db, { name: "Bot Shop" });
  const created = await owner.flows.create({ workspaceSlug: slug, templateId: "newsletter", name: "Newsletter bot", locale: "en" });
  const flowId = created.id;

  async function publish(promotion: string, topics: string[] = ["Shoes", "Bags"]) {
    const draft = await owner.flows.get({ workspaceSlug: slug, flowId });
    const document = structuredClone(draft.document) as FlowDocument;
    const nodes = document.nodes.filter((n) => n.id !== "topic" && n.id !== "promo");
    const subscribe = nodes.find((n) => n.type === "subscribe")!;
    const edges = document.edges.filter((e) => !["topic", "promo"].includes(e.source));
    const after = edges.find((e) => e.source === subscribe.id)!;
    const rest = after.target === "topic" ? document.edges.find((e) => e.source === "promo")!.target : after.target;
    after.target = "topic";
    nodes.push(
      {
        id: "topic",
        type: "choice",
        position: { x: 0, y: 900 },
        data: {
          text: TOPIC_QUESTION,
          options: topics.map((label) => ({ id: label.toLowerCase(), label })),
        },
      } as FlowDocument["nodes"][number],
      {
        id: "promo",
        type: "message",
        position: { x: 0, y: 1000 },
        data: { text: promotion, promotional: true },
      } as FlowDocument["nodes"][number],
    );
    edges.push(
      ...topics.map((label) => ({
        id: `e-topic-${label.toLowerCase()}`,
        source: "topic",
        sourceHandle: label.toLowerCase(),
        target: "promo",
      })),
      { id: "e-topic-fallback", source: "topic", sourceHandle: "fallback", target: "promo" },
      { id: "e-promo", source: "promo", sourceHandle: "next", target: rest },
    );
    await owner.flows.save({ workspaceSlug: slug, flowId, expectedVersion: draft.version, document: { ...document, nodes, edges } });
    return owner.flows.publish({ workspaceSlug: slug, flowId });
  }

  const first = await publish(PROMOTION);
  const token = await owner.tokens.create({
    workspaceSlug: slug,
    name: "Reference bot",
    scopes: ["exports:read", "consent:write", "events:write"],
  });
  const app = await serveApp(t.db);
  const botDir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-bot-"));
  return {
    db: t.db,
    app,
    flowId,
    version: first.number,
    token: token.secret,
    botDb: path.join(botDir, "bot.db"),
    publish,
    /** The consent ledger as the workspace admin reads it. */
    ledger: async () => (await owner.consent.list({ workspaceSlug: slug })).events,
    close: async () => {
      await app.close();
      await t.close();
      fs.rmSync(botDir, { recursive: true, force: true });
    },
  };
}
export type PublishedFlow = Awaited<ReturnType<typeof publishedFlow>>;

/** Environment for a bot against the published flow. */
export function botEnv(flow: PublishedFlow, extra: Record<string, string>): Record<string, string> {
  return {
    FLOWGUARD_URL: flow.app.url,
    FLOWGUARD_TOKEN: flow.token,
    FLOWGUARD_FLOW_ID: flow.flowId,
    FLOWGUARD_POLL_SECONDS: "3600",
    BOT_DB: flow.botDb,
    BOT_RETRY_BASE_MS: "50",
    BOT_RETRY_MAX: "3",
    BOT_HTTP_TIMEOUT_SECONDS: "5",
    ...extra,
  };
}

/** Bot logs stay quiet in tests unless BOT_TEST_LOG is set. */
export const testLog = () => pino({ level: process.env.BOT_TEST_LOG ?? "silent" });
