import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, createFlowFromTemplate } from "@/core/flow";
import { exportFlow } from "@/core/export";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startBot, type RunningBot } from "./bot";
import { loadConfig } from "./config";
import { openStore, Store } from "./store";
import { fakeTelegram, type FakeTelegram } from "./testing/fakeTelegram";
import { testLog } from "./testing/harness";
import { listen, sendJson, until } from "./testing/server";

/*
 * Effects: the lead-capture flow posts name and e-mail to a processor (here on
 * loopback) and hands over to a person. Flowguard is unreachable for exports in these
 * tests, so the bot also shows that it runs the export it stored last time.
 */

const TOKEN = "123456:effects";
const CHAT = 9001;
let telegram: FakeTelegram;
let dir: string;
let bot: RunningBot | null = null;
const servers: { close: () => Promise<void> }[] = [];

beforeEach(async () => {
  telegram = await fakeTelegram({ token: TOKEN });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-bot-effects-"));
});
afterEach(async () => {
  await bot?.stop();
  bot = null;
  for (const server of servers.splice(0)) await server.close();
  await telegram.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function setup(processorStatus: number, options: { consentOutage?: number } = {}) {
  let consentOutage = options.consentOutage ?? 0;
  const processorCalls: { headers: Record<string, unknown>; body: Record<string, unknown> }[] = [];
  const processor = await listen((req, body, res) => {
    processorCalls.push({ headers: req.headers, body: body.json as Record<string, unknown> });
    sendJson(res, processorStatus, processorStatus === 200 ? { variables: { ticket: "T-17" } } : { error: "down" });
  });
  const inboxCalls: Record<string, unknown>[] = [];
  const inbox = await listen((_req, body, res) => (inboxCalls.push(body.json as Record<string, unknown>), sendJson(res, 202, {})));
  const consentBatches: { eventId: string; outcome: string }[][] = [];
  const flowguard = await listen((req, body, res) => {
    // Analytics events are counted elsewhere (telegram.test.ts); this fake only keeps consent events.
    if (req.method === "POST" && req.url === "/api/v1/events") return sendJson(res, 200, { received: 0, counted: 0, duplicates: 0 });
    if (req.method === "POST" && consentOutage > 0) {
      consentOutage--;
      return sendJson(res, 503, { error: { code: "INTERNAL", message: "maintenance" } });
    }
    if (req.method === "POST") {
      const events = (body.json as { events: { eventId: string; outcome: string }[] }).events;
      consentBatches.push(events);
      return sendJson(res, 200, { received: events.length, inserted: events.length, duplicates: 0 });
    }
    sendJson(res, 503, { error: { code: "INTERNAL", message: "maintenance" } });
  });
  servers.push(processor, inbox, flowguard);

  // The published lead-capture export, its CRM webhook pointed at the loopback
  // processor, and a handoff to a person after the thank-you message.
  const document = createFlowFromTemplate("leadCapture", { id: "lead", name: "Leads", locale: "en", company: "Beispiel GmbH" });
  const result = exportFlow(document, { legal: EXAMPLE_LEGAL, channel: "telegram", version: 4 });
  if (!result.ok) throw new Error("export failed");
  const exported = structuredClone(result.export);
  for (const node of exported.graph.nodes) if (node.type === "webhook") node.data.url = `${processor.url}/leads`;
  exported.graph.nodes.push({
    id: "human",
    type: "handoff",
    position: { x: 0, y: 0 },
    data: { notice: "A member of our team answers you now.", resumeText: "Back to the bot." },
  });
  const sentEdge = exported.graph.edges.find((e) => e.source === "sent")!;
  sentEdge.target = "human";
  const botDb = path.join(dir, "bot.db");
  const store = new Store(openStore(botDb));
  store.saveExport(4, '"stored"', JSON.stringify(exported), Date.now());
  store.db.close();

  const config = loadConfig(
    {
      FLOWGUARD_URL: flowguard.url,
      FLOWGUARD_TOKEN: "fg_test",
      FLOWGUARD_FLOW_ID: "lead",
      BOT_DB: botDb,
      BOT_RETRY_BASE_MS: "20",
      BOT_RETRY_MAX: "3",
      HANDOFF_INBOX_URL: `${inbox.url}/handoffs`,
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_URL: telegram.url,
      TELEGRAM_POLL_TIMEOUT_SECONDS: "1",
    },
    { channel: "telegram" },
  );
  bot = await startBot(config, { log: testLog() });
  return { processorCalls, inboxCalls, consentBatches };
}

async function answerLead() {
  telegram.userSends(CHAT, "/start");
  await until(() => telegram.texts(CHAT).length >= 3, "the consent question");
  telegram.userPresses(CHAT, "Yes, I agree");
  await until(() => telegram.texts(CHAT).includes("What is your name?"), "the name question");
  telegram.userSends(CHAT, "Ada");
  await until(() => telegram.texts(CHAT).some((t) => /email address/.test(t)), "the e-mail question");
  telegram.userSends(CHAT, "ada@example.com");
}

describe("reference bot: effects", () => {
  it("posts the data to the processor with its purpose, continues on success and hands over to the human inbox", async () => {
    const { processorCalls, inboxCalls, consentBatches } = await setup(200);
    await answerLead();
    await until(() => telegram.texts(CHAT).includes("Thanks, Ada! We will get back to you at ada@example.com."), "the thank-you message");
    expect(processorCalls).toHaveLength(1);
    expect(processorCalls[0].headers["x-flowguard-purpose"]).toBe("lead");
    expect(processorCalls[0].headers["idempotency-key"]).toEqual(expect.any(String));
    expect(processorCalls[0].body).toMatchObject({
      purpose: "lead",
      flowId: "lead",
      flowVersion: 4,
      variables: { name: "Ada", email: "ada@example.com" },
    });

    await until(() => inboxCalls.length === 1, "the handoff in the inbox");
    expect(inboxCalls[0]).toMatchObject({ chat: String(CHAT), flowId: "lead", flowVersion: 4, channel: "telegram", nodeId: "human" });
    expect(telegram.texts(CHAT)).toContain("A member of our team answers you now.");
    await until(() => consentBatches.length > 0, "the consent event");
    expect(consentBatches.flat().map((e) => e.outcome)).toEqual(["accept"]);
    expect(bot!.store.deadLetters()).toEqual([]);
  });

  it("retries a failing processor, then keeps the request in the dead letters and follows the failure output", async () => {
    const { processorCalls } = await setup(503);
    await answerLead();
    await until(() => telegram.texts(CHAT).includes("Sorry, that did not work. Please try again later."), "the failure message", 30_000);
    expect(processorCalls).toHaveLength(3);
    const dead = bot!.store.deadLetters();
    expect(dead).toEqual([
      expect.objectContaining({ kind: "effect:webhook", chat: String(CHAT), attempts: 3, error: expect.stringContaining("503") }),
    ]);
    expect(JSON.parse(dead[0].body).effect).toMatchObject({ kind: "webhook", purpose: "lead" });
  }, 40_000);

  it("keeps consent events through an outage of Flowguard and delivers them in batches, each once", async () => {
    const { consentBatches } = await setup(200, { consentOutage: 2 });
    const chats = [9101, 9102, 9103];
    for (const chat of chats) telegram.userSends(chat, "/start");
    await until(() => chats.every((chat) => telegram.texts(chat).length >= 3), "three consent questions");
    for (const chat of chats) telegram.userPresses(chat, "Yes, I agree");
    for (const chat of chats) telegram.userSends(chat, "STOP");
    await until(() => consentBatches.flat().length >= 6, "six consent events after the outage", 30_000);
    const delivered = consentBatches.flat();
    expect(delivered).toHaveLength(6);
    expect(new Set(delivered.map((e) => e.eventId)).size).toBe(6);
    expect(Math.max(...consentBatches.map((batch) => batch.length))).toBeGreaterThan(1);
    expect(bot!.store.pendingConsentEvents()).toBe(0);
    expect(bot!.store.deadLetters()).toEqual([]);
  }, 40_000);
});
