import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pino from "pino";
import { Engine } from "../bot/engine";
import { openStore, Store } from "../bot/store";
import { median } from "./measure";

/*
 * The reference bot's turn: one SQLite transaction (synchronous=FULL, WAL) that runs
 * the runtime and stores the state, the outgoing messages, consent events and effects.
 * Figures: turns per second on one core and the median and 99th percentile turn time.
 */

const CHATS = 400;

export async function runBotBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-bot-bench-"));
  try {
    const store = new Store(openStore(path.join(dir, "bot.db")));
    const golden = fs.readFileSync(path.join(__dirname, "../core/export/__golden__/newsletter.en.telegram.json"), "utf8");
    store.saveExport(1, '"bench"', golden, Date.now());
    const engine = new Engine(store, "telegram", pino({ level: "silent" }));
    const script = [{ type: "start" }, { type: "button", id: "accept" }, { type: "text", text: "STOP" }] as const;
    const times: number[] = [];
    let update = 0;
    const started = performance.now();
    for (let chat = 0; chat < CHATS; chat++) {
      for (const event of script) {
        const t0 = performance.now();
        engine.handle({ id: `bench:${update++}`, chat: String(chat), event });
        times.push(performance.now() - t0);
      }
    }
    const total = performance.now() - started;
    const sorted = [...times].sort((a, b) => a - b);
    const consent = store.pendingConsentEvents();
    const messages = store.pendingMessages();
    store.db.close();
    console.table({
      "stored turns": { value: times.length },
      "turns per second": { value: Math.round((times.length / total) * 1000) },
      "median turn (ms)": { value: Number(median(times).toFixed(3)) },
      "p99 turn (ms)": { value: Number(sorted[Math.floor(sorted.length * 0.99)].toFixed(3)) },
      "consent events queued": { value: consent },
      "messages queued": { value: messages },
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
