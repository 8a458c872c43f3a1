import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { fakeTelegram, type FakeTelegram } from "./testing/fakeTelegram";
import { PROMOTION, TOPIC_QUESTION, botEnv, publishedFlow, type PublishedFlow } from "./testing/harness";
import { until } from "./testing/server";

/*
 * The bot as its own process (`npm run bot` runs the same file), killed with SIGKILL
 * in the middle of a conversation and started again on the same database file.
 */

const TOKEN = "123456:restart-token";
const CHAT = 7001;
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
let flow: PublishedFlow;
let telegram: FakeTelegram;
const children: ChildProcess[] = [];

beforeEach(async () => {
  flow = await publishedFlow();
  telegram = await fakeTelegram({ token: TOKEN });
});
afterEach(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  children.length = 0;
  await telegram.close();
  await flow.close();
});

function startProcess(): { child: ChildProcess; exited: Promise<number | string>; output: () => string } {
  const env = botEnv(flow, {
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_URL: telegram.url,
    TELEGRAM_POLL_TIMEOUT_SECONDS: "1",
    LOG_LEVEL: "info",
  });
  const child = spawn(process.execPath, ["--import", "tsx", "bot/main.ts", "--channel", "telegram"], {
    cwd: root,
    env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on("exit", (code, signal) => resolve(code ?? signal ?? -1)));
  return { child, exited, output: () => output };
}

describe("reference bot: crash and restart", () => {
  it("continues the conversation after SIGKILL and neither loses nor doubles a consent event", async () => {
    const first = startProcess();
    await until(() => first.output().includes("bot started"), "the bot to start", 60_000);
    telegram.userSends(CHAT, "/start");
    await until(() => telegram.texts(CHAT).length >= 3, "the consent question");
    telegram.userPresses(CHAT, "Yes, I agree");
    await until(() => telegram.texts(CHAT).includes(TOPIC_QUESTION), "the topic question");
    // A message is deleted from the outbox only after Telegram took it; a crash between the two
    // sends it again after the restart (at least once, by design). Kill once the outbox is empty,
    // so the duplicate count below measures update handling, not that window.
    await until(() => {
      const db = new Database(flow.botDb, { readonly: true });
      try {
        return (db.prepare("SELECT COUNT(*) AS n FROM messages").get() as { n: number }).n === 0;
      } finally {
        db.close();
      }
    }, "the outbox to be empty");
    first.child.kill("SIGKILL");
    expect(await first.exited).toBe("SIGKILL");

    // What the killed bot left: the conversation waits at the topic question.
    const left = new Database(flow.botDb, { readonly: true });
    const state = JSON.parse((left.prepare("SELECT state FROM conversations WHERE chat = ?").get(String(CHAT)) as { state: string }).state);
    left.close();
    expect(state).toMatchObject({ status: "waiting", nodeId: "topic", consents: { marketing: { outcome: "accept" } } });

    const second = startProcess();
    await until(() => second.output().includes("bot started"), "the bot to start again", 60_000);
    telegram.userPresses(CHAT, "Shoes");
    await until(() => telegram.texts(CHAT).includes(PROMOTION), "the promotion: the conversation went on");
    telegram.userSends(CHAT, "Stop.");
    await until(
      async () => (await flow.ledger()).filter((e) => e.subject === String(CHAT)).length >= 2,
      "accept and withdrawal in the ledger",
    );

    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    const mine = (await flow.ledger()).filter((e) => e.subject === String(CHAT));
    expect(mine.map((e) => e.outcome).sort()).toEqual(["accept", "withdraw"]);
    expect(new Set(mine.map((e) => e.eventId)).size).toBe(2);
    // Every update handled once: one disclosure before the consent, one topic question.
    expect(telegram.texts(CHAT).filter((t) => t === TOPIC_QUESTION)).toHaveLength(1);
    const after = new Database(flow.botDb, { readonly: true });
    expect(after.prepare("SELECT COUNT(*) AS n FROM consent_outbox WHERE sent_at IS NULL").get()).toEqual({ n: 0 });
    expect(after.prepare("SELECT COUNT(*) AS n FROM consent_outbox").get()).toEqual({ n: 2 });
    after.close();
    expect(telegram.violations).toEqual([]);
  }, 180_000);

  it("stops at start with one line per configuration problem", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", "bot/main.ts", "--channel", "fax"], {
      cwd: root,
      env: { NODE_ENV: "production", PATH: process.env.PATH ?? "", FLOWGUARD_URL: "not a url" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(output).toContain('--channel: "fax" is not supported, use one of telegram, whatsapp');
    expect(output).toContain("FLOWGUARD_URL: must be an http(s) URL");
    expect(output).toContain("FLOWGUARD_TOKEN: required");
    expect(output).toContain("FLOWGUARD_FLOW_ID: required");
  }, 60_000);
});
