import { Worker } from "node:worker_threads";
import type { Db } from "./client";

/*
 * SQLite's WAL checkpoints on a thread of their own, for the production server.
 *
 * By default the connection that commits a transaction which takes the WAL past 1,000
 * pages (`wal_autocheckpoint`) copies the WAL back into the database file right then,
 * inside that commit, fsyncs included: a save of a 4 KB flow writes about 6 pages, so
 * at 300 saves/s one request in ~170 stopped the server's only JavaScript thread for
 * a checkpoint (about 7 ms on an idle disk, far more on a busy one), and every request
 * queued behind it waited too (issue 13: the saves' p99).
 *
 * `checkpointInBackground(db)` gives that work to a worker thread with a connection of
 * its own, which runs a PASSIVE checkpoint every `intervalMs` (it never waits for nor
 * blocks readers and writers); the writer then restarts the WAL from its beginning as
 * before, cut back to `journal_size_limit`. The app's connection keeps an automatic
 * checkpoint only as a safety net, at SAFETY_NET_PAGES, should the worker ever fall behind.
 */

/** The app connection's own `wal_autocheckpoint` while the worker checkpoints: 10,000 pages (40 MB of WAL). */
export const SAFETY_NET_PAGES = 10_000;

const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma("synchronous = NORMAL");
// A checkpoint that fails (another instance on the same file checkpointing, a full disk) is tried again next time.
const checkpoint = () => {
  try {
    db.pragma("wal_checkpoint(PASSIVE)");
  } catch {}
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  clearInterval(timer);
  checkpoint();
  db.close();
  parentPort.close();
});
`;

export type BackgroundCheckpoints = {
  /** Stops the worker after a last checkpoint and closes its connection; resolves once it has exited. */
  stop(): Promise<void>;
};

/**
 * Moves the WAL checkpoints of `db` (a SQLite connection on a file) to a worker thread.
 * The worker does not keep the process alive (its `stop()` does, until it is done); call
 * `stop()` before closing `db`. Should the worker fail (`onError`), the connection
 * checkpoints by itself again, as by default.
 */
export function checkpointInBackground(
  db: Db,
  options: { intervalMs?: number; onError?: (error: unknown) => void } = {},
): BackgroundCheckpoints {
  const file = db.$client.name;
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file, intervalMs: options.intervalMs ?? 250, driver: require.resolve("better-sqlite3") },
  });
  worker.unref();
  db.$client.pragma(`wal_autocheckpoint = ${SAFETY_NET_PAGES}`);
  // Once the worker is gone (stopped or failed), the connection checkpoints by itself again (SQLite's default).
  const exited = new Promise<void>((resolve) =>
    worker.once("exit", () => {
      if (db.$client.open) db.$client.pragma("wal_autocheckpoint = 1000");
      resolve();
    }),
  );
  worker.on("error", (error) => options.onError?.(error));
  let stopping: Promise<void> | null = null;
  return {
    stop() {
      stopping ??= (async () => {
        // Held by the worker until it has gone: otherwise, with the server closed, the process
        // could end before the stop resolves and skip whatever follows it (closing the database).
        worker.ref();
        worker.postMessage("stop");
        await exited;
      })();
      return stopping;
    },
  };
}
