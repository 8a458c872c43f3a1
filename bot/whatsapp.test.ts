import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startBot, type RunningBot } from "./bot";
import { loadConfig } from "./config";
import { fakeWhatsApp, type FakeWhatsApp } from "./testing/fakeWhatsApp";
import { PROMOTION, TOPIC_QUESTION, botEnv, publishedFlow, testLog, type PublishedFlow } from "./testing/harness";
import { until } from "./testing/server";

/*
 * The reference bot on WhatsApp: Meta's verify-token handshake, the signature on
 * every webhook, interactive replies, against the real Flowguard routes and a fake
 * Graph API that checks each message against the Cloud API's shapes and limits.
 */

const SECRETS = { accessToken: "EAAG-test", phoneNumberId: "1098765", appSecret: "app-secret-1" };
const VERIFY = "verify-me-please";
const USER = "4915112345678";
const STOP = "Stop.";

let flow: PublishedFlow;
let whatsapp: FakeWhatsApp;
let bot: RunningBot | null = null;
let webhook: string;

beforeEach(async () => {
  flow = await publishedFlow();
  whatsapp = await fakeWhatsApp(SECRETS);
  const config = loadConfig(
    botEnv(flow, {
      WHATSAPP_ACCESS_TOKEN: SECRETS.accessToken,
      WHATSAPP_PHONE_NUMBER_ID: SECRETS.phoneNumberId,
      WHATSAPP_APP_SECRET: SECRETS.appSecret,
      WHATSAPP_VERIFY_TOKEN: VERIFY,
      WHATSAPP_GRAPH_URL: whatsapp.graphUrl,
      PORT: "0",
      HOST: "127.0.0.1",
    }),
    { channel: "whatsapp" },
  );
  bot = await startBot(config, { log: testLog() });
  webhook = `http://127.0.0.1:${bot.port}/webhook`;
});
afterEach(async () => {
  await bot?.stop();
  bot = null;
  await whatsapp.close();
  await flow.close();
});

describe("reference bot on WhatsApp", () => {
  it("answers Meta's verify-token handshake and refuses a wrong verify token", async () => {
    const ok = await fetch(`${webhook}?hub.mode=subscribe&hub.verify_token=${VERIFY}&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe("1158201444");
    const wrong = await fetch(`${webhook}?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`);
    expect(wrong.status).toBe(403);
  });

  it("refuses a forged webhook (wrong or missing signature) and changes nothing", async () => {
    const forged = await whatsapp.deliver(
      webhook,
      whatsapp.notification(USER, { type: "text", text: { body: "hello" } }),
      "not-the-app-secret",
    );
    expect(forged.status).toBe(401);
    const unsigned = await fetch(webhook, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(whatsapp.notification(USER, { type: "text", text: { body: "hello" } })),
    });
    expect(unsigned.status).toBe(401);
    await bot!.pump();
    const db = bot!.store.db;
    const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
    expect([count("conversations"), count("inbound"), count("messages"), count("consent_outbox"), count("effects")]).toEqual([
      0, 0, 0, 0, 0,
    ]);
    expect(whatsapp.sent).toEqual([]);
  });

  it("runs the conversation with reply buttons, records consent and withdrawal, and sends no promotion after it", async () => {
    expect((await whatsapp.userSends(webhook, USER, "Hi")).status).toBe(200);
    await until(() => whatsapp.texts(USER).length >= 3, "disclosure, privacy notice and consent question");
    expect(whatsapp.texts(USER)[0]).toMatch(/automated assistant .* not a human/);
    const consentMessage = whatsapp.sent.find((m) => m.type === "interactive")!;
    expect(consentMessage.interactive).toMatchObject({ type: "button", action: { buttons: [{ type: "reply" }, { type: "reply" }] } });

    const tap = whatsapp.notification(USER, {
      type: "interactive",
      interactive: { type: "button_reply", button_reply: { id: "accept", title: "Yes, I agree" } },
    });
    await whatsapp.deliver(webhook, tap);
    // Meta may deliver the same notification twice: handled once.
    await whatsapp.deliver(webhook, tap);
    await until(() => whatsapp.texts(USER).includes(TOPIC_QUESTION), "the topic question");
    await whatsapp.userTaps(webhook, USER, "Shoes");
    await until(() => whatsapp.texts(USER).includes(PROMOTION), "the promotion after consent");

    await whatsapp.userSends(webhook, USER, STOP);
    await until(() => whatsapp.texts(USER).length > whatsapp.texts(USER).indexOf(PROMOTION) + 1, "the opt-out confirmation");
    const afterWithdrawal = whatsapp.texts(USER).length;
    await whatsapp.userTaps(webhook, USER, "Bags");
    await until(() => whatsapp.texts(USER).length > afterWithdrawal, "an answer after the withdrawal");
    await bot!.pump();
    expect(whatsapp.texts(USER).slice(afterWithdrawal)).not.toContain(PROMOTION);

    await until(() => bot!.store.pendingConsentEvents() === 0, "consent events delivered");
    const mine = (await flow.ledger()).filter((e) => e.subject === USER).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    expect(mine.map((e) => [e.channel, e.purpose, e.outcome])).toEqual([
      ["whatsapp", "marketing", "accept"],
      ["whatsapp", "marketing", "withdraw"],
    ]);
    expect(whatsapp.violations).toEqual([]);
  });

  it("sends five options as a list message within the Cloud API's limits, and a tapped row answers the question", async () => {
    const topics = ["Shoes", "Bags", "Belts", "Hats", "Scarves"];
    await flow.publish("Spring sale: 30% off hats!", topics);
    await bot!.refreshExport();
    await whatsapp.userSends(webhook, USER, "Hi");
    await until(() => whatsapp.texts(USER).length >= 3, "the consent question");
    await whatsapp.userTaps(webhook, USER, "Yes, I agree");
    await until(() => whatsapp.texts(USER).includes(TOPIC_QUESTION), "the topic question");
    const list = whatsapp.sent.find((m) => m.type === "interactive" && (m.interactive as { type: string }).type === "list")!;
    const rows = (list.interactive as { action: { sections: { rows: { title: string }[] }[] } }).action.sections.flatMap((s) => s.rows);
    expect(rows.map((r) => r.title)).toEqual(topics);
    await whatsapp.userTaps(webhook, USER, "Hats");
    await until(() => whatsapp.texts(USER).includes("Spring sale: 30% off hats!"), "the promotion");
    expect(whatsapp.violations).toEqual([]);
  });
});
