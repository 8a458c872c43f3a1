import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";
import { onPostgres } from "@/db/dialect";
import { transaction } from "@/db/transaction";

/** How an operation ended: its value, or what it threw. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

async function settle<T>(promise: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await promise };
  } catch (error) {
    return { ok: false, error };
  }
}

/** Whether a connection of this test's database waits for a lock (a row another transaction changed, an advisory lock). */
async function someoneWaitsForALock(db: Db): Promise<boolean> {
  const executes = db as unknown as { execute: (query: unknown) => Promise<{ rows: { n: number }[] }> };
  const result = await executes.execute(
    sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
  );
  return (result.rows[0]?.n ?? 0) > 0;
}

/**
 * Runs two operations of two requests (as on two instances) so that `between` commits after
 * `first` has read and before `first` writes, whenever the database lets that happen; returns
 * how each ended.
 *
 * PostgreSQL (READ COMMITTED, other instances write at the same time): `between` runs in a
 * transaction that stays open; `first` starts beside it on another connection, reads what was
 * committed before `between`, and its first write to a row `between` changed (or its wait for an
 * advisory lock `between` holds) waits; only then does `between` commit, and `first` goes on.
 * If `first` never waits (it finishes, or fails, without touching what `between` holds),
 * `between` commits after it.
 *
 * SQLite (one writer, statements run in the app's own process): both are started at once and
 * run in whatever order the connection gives them. A request's read and its write have no gap
 * that another request of the process can enter, so this is the order a real pair of requests
 * gets; the assertions must hold for either order.
 */
export async function interleave<A, B>(
  db: Db,
  first: () => Promise<A>,
  between: (db: Db) => Promise<B>,
): Promise<{ first: Outcome<A>; between: Outcome<B> }> {
  if (!onPostgres) {
    const started = settle(first());
    const betweenOutcome = await settle(between(db));
    return { first: await started, between: betweenOutcome };
  }
  let started: Promise<Outcome<A>> | undefined;
  const betweenOutcome = await settle(
    transaction(db, async (tx) => {
      const value = await between(tx);
      let finished = false;
      started = settle(first()).finally(() => (finished = true));
      const deadline = Date.now() + 10_000;
      while (!finished && !(await someoneWaitsForALock(db))) {
        if (Date.now() > deadline) throw new Error("interleave: the first operation neither finished nor waited for a lock in 10 s.");
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return value;
    }),
  );
  return {
    first: started ? await started : { ok: false, error: new Error("interleave: the first operation never started.") },
    between: betweenOutcome,
  };
}
