import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "./client";
import { checkpointInBackground, SAFETY_NET_PAGES, type BackgroundCheckpoints } from "./checkpoints";

let dir: string;
let db: Db | null = null;
let checkpoints: BackgroundCheckpoints | null = null;

function open(): Db {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-checkpoints-"));
  db = openDatabase(path.join(dir, "app.db"));
  db.$client.exec("CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
  return db;
}

/** About `pages` pages of WAL, written as saves write them: one 4 KB document per commit. */
function writePages(target: Db, pages: number): void {
  const insert = target.$client.prepare("INSERT INTO docs (body) VALUES (?)");
  for (let i = 0; i < pages / 2; i++) insert.run("x".repeat(4100) + i);
}

const fileSize = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);

async function until(condition: () => boolean, ms = 10_000): Promise<boolean> {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > ms) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

afterEach(async () => {
  await checkpoints?.stop();
  checkpoints = null;
  db?.$client.close();
  db = null;
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("checkpointInBackground", () => {
  it("leaves the checkpoints to the worker: commits on the app's connection no longer copy the WAL into the database file", async () => {
    const app = open();
    const file = app.$client.name;
    const before = fileSize(file);
    // A worker that waits a minute between checkpoints: none runs during this test.
    checkpoints = checkpointInBackground(app, { intervalMs: 60_000 });
    writePages(app, 3_000);
    // With SQLite's default (1,000 pages) these commits would have checkpointed twice, growing the file by megabytes.
    expect(fileSize(file)).toBe(before);
    expect(fileSize(`${file}-wal`)).toBeGreaterThan(3_000 * 4096 * 0.9);
    expect(app.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(SAFETY_NET_PAGES);
  });

  it("checkpoints on the worker: the database file takes the WAL's pages without the app's connection doing it", async () => {
    const app = open();
    const file = app.$client.name;
    const before = fileSize(file);
    checkpoints = checkpointInBackground(app, { intervalMs: 20 });
    writePages(app, 400);
    expect(fileSize(file)).toBe(before);
    // The file holds the 200 documents of 4,100 bytes only once they were checkpointed.
    expect(await until(() => fileSize(file) >= before + 200 * 4100)).toBe(true);
    writePages(app, 400);
    expect(await until(() => fileSize(file) >= before + 400 * 4100)).toBe(true);
    expect(app.$client.prepare("SELECT count(*) AS n FROM docs").get()).toEqual({ n: 400 });
  });

  it("stops cleanly: the app's connection checkpoints by itself again and closes, deleting the WAL", async () => {
    const app = open();
    const file = app.$client.name;
    checkpoints = checkpointInBackground(app, { intervalMs: 60_000 });
    await checkpoints.stop();
    expect(app.$client.pragma("wal_autocheckpoint", { simple: true })).toBe(1000);
    const before = fileSize(file);
    writePages(app, 1_200);
    expect(fileSize(file)).toBeGreaterThan(before);
    app.$client.close();
    db = null;
    expect(fs.existsSync(`${file}-wal`)).toBe(false);
  });

  it("keeps the process alive while it stops, so what follows the stop runs (a graceful shutdown's last steps)", () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-checkpoints-"));
    const script = path.join(dir, "stop.ts");
    // Nothing else keeps this process alive: only the stop's own wait may.
    fs.writeFileSync(
      script,
      `import { openDatabase } from ${JSON.stringify(path.resolve("db/client.ts"))};
       import { checkpointInBackground } from ${JSON.stringify(path.resolve("db/checkpoints.ts"))};
       const db = openDatabase(${JSON.stringify(path.join(dir, "app.db"))});
       const checkpoints = checkpointInBackground(db, { intervalMs: 60_000 });
       setTimeout(() => checkpoints.stop().then(() => { db.$client.close(); console.log("after stop"); }), 50);`,
    );
    const run = spawnSync(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), script], { encoding: "utf8", timeout: 60_000 });
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("after stop");
  });
});
