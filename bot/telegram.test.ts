import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startBot, type RunningBot } from "./bot";
import { loadConfig } from "./config";
import { fakeTelegram, type FakeTelegram } from "./testing/fakeTelegram";
import { PROMOTION, TOPIC_QUESTION, botEnv, publishedFlow, testLog, type PublishedFlow } from "./testing/harness";
import { until } from "./testing/server";

/*
 * The reference bot on Telegram against the real Flowguard routes (temporary
 * database) and a fake Bot API that checks every request against the documented
 * shapes and limits.
 */

const TOKEN = "123456:test-token";
let flow: PublishedFlow;
let telegram: FakeTelegram;
let bot: RunningBot | null = null;

beforeEach(async () => {
  flow = await publishedFlow();
  telegram = await fakeTelegram({ token: TOKEN });
});
afterEach(async () => {
  await bot?.stop();
  bot = null;
  await telegram.close();
  await flow.close();
});

async function start(extra: Record<string, string> = {}) {
  const config = loadConfig(
    botEnv(flow, { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_URL: telegram.url, TELEGRAM_POLL_TIMEOUT_SECONDS: "1", ...extra }),
    { channel: "telegram" },
  );
  bot = await startBot(config, { log: testLog() });
  return bot;
}

// Long, like real chat ids, and unlikely inside a random event id or digest, which the privacy check below searches.
const CHAT = 73051928461;
const STOP = "Stop.";

describe("reference bot on Telegram", () => {
  it("discloses first, records accept and withdrawal in the app's ledger, and sends no promotion after the withdrawal", async () => {
    await start();
    expect(telegram.calls.find((c) => c.method === "setMyCommands")?.body.commands).toEqual(
      expect.arrayContaining([expect.objectContaining({ command: "stop" }), expect.objectContaining({ command: "datenschutz" })]),
    );

    telegram.userSends(CHAT, "/start");
    await until(() => telegram.texts(CHAT).length >= 3, "disclosure, privacy notice and consent question");
    const [disclosure, privacy, consent] = telegram.texts(CHAT);
    expect(disclosure).toMatch(/automated assistant .* not a human/);
    expect(privacy).toContain("https://");
    expect(consent).toMatch(/May .* send/);

    telegram.userPresses(CHAT, "Yes, I agree");
    await until(() => telegram.texts(CHAT).includes(TOPIC_QUESTION), "the topic question");
    telegram.userPresses(CHAT, "Shoes");
    await until(() => telegram.texts(CHAT).includes(PROMOTION), "the promotion after consent");
    expect(telegram.texts(CHAT).indexOf(PROMOTION)).toBeGreaterThan(telegram.texts(CHAT).indexOf(consent));

    telegram.userSends(CHAT, STOP);
    await until(() => telegram.texts(CHAT).some((t) => /unsubscribed|abgemeldet|no longer/i.test(t)), "the opt-out confirmation");
    const afterWithdrawal = telegram.texts(CHAT).length;
    // A stale button under an old message and a new message after the withdrawal.
    telegram.userPresses(CHAT, "Bags");
    telegram.userSends(CHAT, "hello again");
    await until(() => telegram.texts(CHAT).length > afterWithdrawal + 2, "answers after the withdrawal");
    await bot!.pump();
    const later = telegram.texts(CHAT).slice(afterWithdrawal);
    expect(later).not.toContain(PROMOTION);
    expect(later.some((t) => /automated assistant/.test(t))).toBe(true);

    await until(() => bot!.store.pendingConsentEvents() === 0, "consent events delivered");
    // The runtime's analytics events reach the app's counts unchanged, without the chat id.
    await until(() => bot!.store.pendingAnalyticsEvents() === 0, "analytics events delivered");
    const counted = flow.db.$client
      .prepare("SELECT kind, output, SUM(count) AS n FROM analytics_counts WHERE flow_id = ? GROUP BY kind, output")
      .all(flow.flowId) as { kind: string; output: string; n: number }[];
    expect(counted).toContainEqual({ kind: "answer", output: "accept", n: 1 });
    expect(counted).toContainEqual({ kind: "optOut", output: "", n: 1 });
    expect(JSON.stringify(flow.db.$client.prepare("SELECT * FROM analytics_events").all())).not.toContain(String(CHAT));
    const ledger = await flow.ledger();
    const mine = ledger.filter((e) => e.subject === String(CHAT)).sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
    expect(mine.map((e) => [e.purpose, e.outcome])).toEqual([
      ["marketing", "accept"],
      ["marketing", "withdraw"],
    ]);
    expect(mine.every((e) => e.channel === "telegram" && e.flowVersion === flow.version)).toBe(true);
    expect(telegram.violations).toEqual([]);
    expect(telegram.calls.filter((c) => c.method === "answerCallbackQuery").length).toBe(3);
  });

  it("keeps running conversations on their version and starts new ones on a newly published version", async () => {
    await start();
    telegram.userSends(CHAT, "/start");
    await until(() => telegram.texts(CHAT).length >= 3, "consent question");
    telegram.userPresses(CHAT, "Yes, I agree");
    // The first chat now waits at the topic question of version 1.
    await until(() => telegram.texts(CHAT).includes(TOPIC_QUESTION), "the topic question");

    const second = await flow.publish("New this week: free shipping on all orders!");
    expect(second.number).toBe(flow.version + 1);
    await bot!.refreshExport();
    expect(bot!.engine.current()?.export.flow.version).toBe(second.number);

    telegram.userPresses(CHAT, "Bags");
    await until(() => telegram.texts(CHAT).includes(PROMOTION), "version 1's promotion in the running conversation");

    const OTHER = 5002;
    telegram.userSends(OTHER, "/start");
    await until(() => telegram.texts(OTHER).length >= 3, "the new chat's consent question");
    telegram.userPresses(OTHER, "Yes, I agree");
    await until(() => telegram.texts(OTHER).includes(TOPIC_QUESTION), "the topic question");
    telegram.userPresses(OTHER, "Shoes");
    await until(() => telegram.texts(OTHER).includes("New this week: free shipping on all orders!"), "version 2's promotion");
    await until(() => bot!.store.pendingConsentEvents() === 0, "consent events delivered");
    const versions = (await flow.ledger()).map((e) => [e.subject, e.flowVersion]);
    expect(versions).toEqual(
      expect.arrayContaining([
        [String(CHAT), 1],
        [String(OTHER), 2],
      ]),
    );
  });

  it("retries a rate-limited send and keeps each chat's messages in order", async () => {
    await start();
    telegram.fail("sendMessage", 429, 2);
    telegram.userSends(CHAT, "/start");
    await until(() => telegram.texts(CHAT).length >= 3, "the first three messages despite 429", 30_000);
    expect(telegram.texts(CHAT)[0]).toMatch(/automated assistant/);
    expect(bot!.store.deadLetters()).toEqual([]);
  }, 40_000);

  it("stays within Telegram's 30 messages per second when many chats start at once", async () => {
    await start();
    const chats = Array.from({ length: 20 }, (_, i) => 6000 + i);
    for (const chat of chats) telegram.userSends(chat, "/start");
    await until(() => chats.every((chat) => telegram.texts(chat).length >= 3), "60 messages", 30_000);
    const sends = telegram.calls.filter((c) => c.method === "sendMessage");
    expect(sends).toHaveLength(60);
    expect(sends.at(-1)!.at - sends[0].at).toBeGreaterThanOrEqual(1_000);
    expect(telegram.violations).toEqual([]);
  }, 40_000);
});
