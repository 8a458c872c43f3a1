import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "./client";
import { onPostgres } from "./dialect";

/*
 * One transaction helper for every service: `await transaction(db, async (tx) => …)`.
 *
 * SQLite (better-sqlite3) has one connection per process and refuses an async body in its
 * own `db.transaction`, so the helper drives the connection itself: `BEGIN IMMEDIATE` …
 * `COMMIT` (or `ROLLBACK` when the body throws), a nested `transaction(tx, …)` as a
 * SAVEPOINT, and transactions of one connection queued one after the other.
 *
 * A body must await nothing but database calls: on SQLite they run at once and resolve in
 * the same turn of the event loop, so no other request can write into the open transaction.
 * A body that waits for anything else (a timer, a network call, a password hash on the
 * thread pool) yields to the event loop; the helper notices when a `setImmediate` scheduled
 * at BEGIN fires while the transaction is still open, rolls it back and throws
 * `TransactionYieldedError`. Do such work before or after the transaction.
 *
 * PostgreSQL (a pool) runs the body on one pooled connection in drizzle's own
 * `db.transaction` (READ COMMITTED), nested calls as savepoints; other requests run
 * beside it on other connections, so a body that reads a row to change it locks it
 * (`SELECT … FOR UPDATE`, see `forUpdate`) or changes it with one conditional UPDATE.
 */

/** Marks a transaction handle and carries its state. */
const STATE = Symbol("transaction state");

type TransactionState = { open: boolean; savepoints: number };
type Handle = Db & { [STATE]: TransactionState };

/** Thrown when a transaction body yielded to the event loop while its transaction was open. */
export class TransactionYieldedError extends Error {
  constructor() {
    super(
      "A transaction body waited for something other than the database (a timer, the network, the thread pool) " +
        "while its transaction was open, so other requests could have written into it. It was rolled back: " +
        "do that work before or after the transaction.",
    );
    this.name = "TransactionYieldedError";
  }
}

/** Connections whose transaction the current async context holds (to catch `transaction(db)` inside a body). */
const held = new AsyncLocalStorage<ReadonlySet<object>>();

/** The tail of each connection's queue of transactions. */
const queues = new WeakMap<object, Promise<void>>();

/** Waits for the connection's earlier transactions; the returned function lets the next one in. */
async function acquire(connection: object): Promise<() => void> {
  const previous = queues.get(connection) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((resolve) => (release = resolve));
  const tail = previous.then(() => mine);
  queues.set(connection, tail);
  await previous;
  return () => {
    release();
    // Nothing queued after this one: forget the chain instead of keeping it growing.
    if (queues.get(connection) === tail) queues.delete(connection);
  };
}

/** The handle a body gets: the connection itself, refusing any use once its transaction is over. */
function handleFor(db: Db, state: TransactionState): Handle {
  return new Proxy(db, {
    get(target, property, receiver) {
      if (property === STATE) return state;
      if (!state.open) {
        throw new Error(`This transaction is over: it cannot run ${String(property)}. Use the connection, or a new transaction.`);
      }
      if (property === "transaction") {
        throw new Error("Open a nested transaction with transaction(tx, async (inner) => …), not tx.transaction.");
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  }) as Handle;
}

function stateOf(db: Db): TransactionState | undefined {
  return (db as Partial<Handle>)[STATE];
}

/**
 * Runs `body` in a transaction on `db` and returns its result: committed when the body
 * resolves, rolled back when it throws (the error is rethrown). `transaction(tx, …)` inside
 * a body opens a savepoint that rolls back alone when its own body throws. `durable`: the
 * call resolves only once the commit is on disk (SQLite: an fsync of the WAL file after the
 * commit, off the event loop, see `walFlush`; PostgreSQL: synchronous_commit on), for
 * evidence; other commits may lose their last moments in a power cut, never corrupt.
 */
export async function transaction<T>(db: Db, body: (tx: Db) => Promise<T>, options: { durable?: boolean } = {}): Promise<T> {
  if (onPostgres) {
    // The pool opens a transaction on one of its connections; a transaction handle opens a savepoint.
    const opener = db as unknown as { transaction: (run: (tx: unknown) => Promise<T>) => Promise<T> };
    return opener.transaction(async (tx) => {
      // The connections' default does not wait for the disk (db/postgres.ts); this commit does.
      if (options.durable) await (tx as { execute: (query: SQL) => Promise<unknown> }).execute(sql`SET LOCAL synchronous_commit = on`);
      return body(tx as Db);
    });
  }
  const outer = stateOf(db);
  if (outer) return savepoint(db, outer, body);
  const connection = db.$client;
  const holding = held.getStore();
  if (holding?.has(connection)) {
    throw new Error(
      "transaction(db, …) was called inside a transaction of the same connection: pass the transaction's handle (tx), " +
        "or it would wait for itself.",
    );
  }
  // A durable commit on a WAL file is flushed after it, off the event loop (`walFlush`). Elsewhere (a database in
  // memory, another journal mode) it waits for the disk in the commit (FULL) instead of the connection's default
  // (NORMAL, db/client.ts); the setting can change only outside a transaction: here, while this one holds the queue.
  const flush = options.durable ? walFlush(connection) : null;
  if (!options.durable) {
    // Any other transaction starts once the durable commits before it are on disk, as when they waited for the
    // disk inside COMMIT: what it reads and builds on was confirmed to its writer, never lost in a power cut.
    // (A read outside any transaction, or another instance's, may see such a commit up to one fsync early.)
    await walFlushes
      .get(connection)
      ?.pending()
      ?.catch(() => undefined);
  }
  const release = await acquire(connection);
  if (!options.durable) {
    // Queued while a durable body still ran, it was handed the connection right after that COMMIT, before the flush:
    // it waits for that one fsync here, holding the queue.
    await walFlushes
      .get(connection)
      ?.pending()
      ?.catch(() => undefined);
  }
  const synchronous = options.durable && !flush ? Number(connection.pragma("synchronous", { simple: true })) : null;
  if (synchronous !== null) connection.pragma("synchronous = FULL");
  let value: T;
  try {
    value = await run(db, body, new Set([...(holding ?? []), connection]));
  } finally {
    if (synchronous !== null && !connection.inTransaction) connection.pragma(`synchronous = ${synchronous}`);
    release();
  }
  if (flush) await flush.flush();
  return value;
}

type SqliteConnection = Db["$client"];

/**
 * Durable commits on a SQLite file in WAL mode, without stopping the event loop for the disk.
 * A commit writes its pages to the WAL file; FULL would then fsync that file inside COMMIT,
 * and better-sqlite3 runs COMMIT on the only JavaScript thread, so every request of the
 * instance waited for the disk (consent posts, issue 13: 3–6 ms a commit under load, 170
 * posts a second). Instead the commit runs at the connection's setting and this fsyncs the
 * WAL file on the thread pool before the transaction resolves: the same guarantee (what
 * the WAL holds is on disk before the caller hears "committed"), and commits that arrive
 * while one fsync runs share the next one. A checkpoint that copied the pages into the
 * database first has synced them itself (SQLite syncs the WAL before and the database
 * after a checkpoint). Only the WAL file is opened and closed here: SQLite keeps its
 * POSIX locks on the database and the -shm file, which closing a descriptor of the same
 * file in this process would release. Null where the connection is no WAL file.
 */
function walFlush(connection: SqliteConnection): GroupFlush | null {
  let flush = walFlushes.get(connection);
  if (flush === undefined) {
    const main = (connection.pragma("database_list") as { name: string; file: string }[]).find((d) => d.name === "main");
    const wal = main?.file && String(connection.pragma("journal_mode", { simple: true })).toLowerCase() === "wal";
    flush = wal ? groupFlush(`${main.file}-wal`) : null;
    walFlushes.set(connection, flush);
  }
  return flush;
}

const walFlushes = new WeakMap<object, GroupFlush | null>();

type GroupFlush = {
  /** Resolves once an fsync that began after this call is done. */
  flush(): Promise<void>;
  /** The fsync under way or waiting to begin, if any. */
  pending(): Promise<void> | null;
};

/**
 * fsync of `file`, shared: a caller gets an fsync that starts after it called (one under
 * way may have started before its commit was written), and every caller that comes while
 * an fsync runs waits for the one next.
 */
function groupFlush(file: string): GroupFlush {
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  // Once an fsync failed, every later one is refused: Linux reports a write-back error to one fsync only, so a
  // later fsync on a new descriptor succeeds without the pages that were lost, and a retried commit that finds
  // its rows already there would be told they are on disk (PostgreSQL takes the same stance: data_sync_retry off).
  let failed: Error | null = null;
  const start = (): Promise<void> => {
    if (failed) return Promise.reject(failed);
    const flushing: Promise<void> = fsyncFile(file)
      .catch((error: unknown) => {
        failed = new Error(
          `The disk did not confirm a write of the database's journal (${file}): ${error instanceof Error ? error.message : String(error)}. ` +
            "Durable writes are refused until the server is restarted and the database checked.",
          { cause: error },
        );
        throw failed;
      })
      .finally(() => {
        if (running === flushing) running = null;
      });
    running = flushing;
    return flushing;
  };
  return {
    flush() {
      if (!running) return start();
      next ??= running
        .catch(() => undefined)
        .then(() => {
          next = null;
          return start();
        });
      return next;
    },
    pending: () => next ?? running,
  };
}

async function fsyncFile(file: string): Promise<void> {
  const handle = await fs.promises.open(file, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function run<T>(db: Db, body: (tx: Db) => Promise<T>, holding: ReadonlySet<object>): Promise<T> {
  const sqlite = db.$client;
  sqlite.exec("BEGIN IMMEDIATE");
  const state: TransactionState = { open: true, savepoints: 0 };
  const tx = handleFor(db, state);
  return new Promise<T>((resolve, reject) => {
    const rollback = () => {
      state.open = false;
      // Some SQLite errors (a full disk, an interrupted statement) end the transaction by themselves.
      if (sqlite.inTransaction) sqlite.exec("ROLLBACK");
    };
    const guard = setImmediate(() => {
      if (!state.open) return;
      rollback();
      reject(new TransactionYieldedError());
    });
    const done = held.run(holding, async () => body(tx));
    done.then(
      (value) => {
        clearImmediate(guard);
        if (!state.open) return; // the guard already rolled it back and rejected
        try {
          sqlite.exec("COMMIT");
          state.open = false;
          resolve(value);
        } catch (error) {
          rollback();
          reject(error as Error);
        }
      },
      (error: unknown) => {
        clearImmediate(guard);
        if (!state.open) return;
        rollback();
        reject(error as Error);
      },
    );
  });
}

async function savepoint<T>(tx: Db, state: TransactionState, body: (tx: Db) => Promise<T>): Promise<T> {
  if (!state.open) throw new Error("This transaction is over: it cannot open a savepoint.");
  const sqlite = tx.$client;
  const name = `sp${++state.savepoints}`;
  sqlite.exec(`SAVEPOINT ${name}`);
  let value: T;
  try {
    value = await body(tx);
  } catch (error) {
    if (state.open && sqlite.inTransaction) {
      sqlite.exec(`ROLLBACK TO ${name}`);
      sqlite.exec(`RELEASE ${name}`);
    }
    throw error;
  }
  if (!state.open) throw new Error("This transaction is over: its savepoint cannot be released.");
  sqlite.exec(`RELEASE ${name}`);
  return value;
}

/**
 * Makes the transactions that call it with the same `key` run one after the other, for
 * work that reads before it writes (the next version number, a free slug, the counts of
 * events not seen before). PostgreSQL: a transaction-level advisory lock, released at
 * commit or rollback. SQLite needs nothing: it has one writer at a time, and `transaction`
 * starts with `BEGIN IMMEDIATE`.
 */
export async function serialize(tx: Db, key: string): Promise<void> {
  if (!onPostgres) return;
  const executes = tx as unknown as { execute: (query: SQL) => Promise<unknown> };
  await executes.execute(sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`);
}

/** Whether `error` (or what it wraps) is a UNIQUE or PRIMARY KEY violation, on either database. */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return true;
  }
  return false;
}

/**
 * Runs reads that must all see the same moment (a check across several tables while
 * others write): PostgreSQL REPEATABLE READ, READ ONLY; SQLite a transaction, which waits
 * for the transactions of the connection before it (their uncommitted rows are visible
 * to every request of the process while they are open).
 */
export async function snapshot<T>(db: Db, body: (tx: Db) => Promise<T>): Promise<T> {
  if (!onPostgres) return transaction(db, body);
  const opener = db as unknown as {
    transaction: (run: (tx: unknown) => Promise<T>, config: { isolationLevel: "repeatable read"; accessMode: "read only" }) => Promise<T>;
  };
  return opener.transaction((tx) => body(tx as Db), { isolationLevel: "repeatable read", accessMode: "read only" });
}
