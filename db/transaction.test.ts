import fs from "node:fs";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { selectRows } from "./batch";
import { poolOf } from "./client";
import { onPostgres } from "./dialect";
import { users } from "./schema";
import { transaction, TransactionYieldedError } from "./transaction";

/* The async transaction helper on a real database: a SQLite file, or a PostgreSQL server. */

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

async function addUser(db: TestDb["db"], id: string) {
  await db.insert(users).values({ id, name: id, email: `${id}@example.com` });
}

async function userIds(db: TestDb["db"]) {
  return (await db.select({ id: users.id }).from(users).orderBy(users.id)).map((row) => row.id);
}

/** No transaction is left open: SQLite's connection is outside one; every pooled PostgreSQL connection is back in the pool. */
function expectNoOpenTransaction() {
  if (onPostgres) {
    const pool = poolOf(t.db);
    expect(pool.totalCount - pool.idleCount).toBe(0);
  } else {
    expect(t.db.$client.inTransaction).toBe(false);
  }
}

/** The unique-key violation of each dialect: SQLite's message, PostgreSQL's SQLSTATE 23505 (drizzle wraps it as the cause). */
function expectUniqueViolation(error: unknown) {
  if (onPostgres) expect((error as Error & { cause?: { code?: string } }).cause?.code).toBe("23505");
  else expect(String(error)).toMatch(/UNIQUE/);
}

/** A promise and the function that resolves it. */
/**
 * Replaces the fsync of `file` (the -wal of the test's database) while the returned
 * restore is not called: `sync(real)` runs instead, with the real fsync to call or skip.
 */
function onWalSync(file: string, sync: (real: () => Promise<void>) => Promise<void>): () => void {
  const open = fs.promises.open;
  const spy = vi.spyOn(fs.promises, "open").mockImplementation(async (...args: Parameters<typeof open>) => {
    const handle = await open(...args);
    if (String(args[0]) === file) {
      const real = handle.sync.bind(handle);
      handle.sync = () => sync(real);
    }
    return handle;
  });
  return () => spy.mockRestore();
}

function signal(): [Promise<void>, () => void] {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return [promise, resolve];
}

describe("transaction", () => {
  it("commits what the body wrote and returns its result", async () => {
    const result = await transaction(t.db, async (tx) => {
      await addUser(tx, "a");
      await addUser(tx, "b");
      return (await tx.select({ id: users.id }).from(users)).length;
    });
    expect(result).toBe(2);
    expectNoOpenTransaction();
    expect(await userIds(t.db)).toEqual(["a", "b"]);
  });

  it("rolls everything back when the body throws, and rethrows", async () => {
    await addUser(t.db, "before");
    await expect(
      transaction(t.db, async (tx) => {
        await addUser(tx, "a");
        await tx.update(users).set({ name: "changed" }).where(eq(users.id, "before"));
        throw new Error("no");
      }),
    ).rejects.toThrow("no");
    expectNoOpenTransaction();
    expect(await userIds(t.db)).toEqual(["before"]);
    expect((await t.db.select({ name: users.name }).from(users))[0].name).toBe("before");
  });

  it("rolls back when a statement fails (a unique key), and the connection stays usable", async () => {
    const failed = await transaction(t.db, async (tx) => {
      await addUser(tx, "a");
      await addUser(tx, "a");
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failed).toBeDefined();
    expectUniqueViolation(failed);
    expectNoOpenTransaction();
    expect(await userIds(t.db)).toEqual([]);
    await transaction(t.db, async (tx) => addUser(tx, "c"));
    expect(await userIds(t.db)).toEqual(["c"]);
  });

  it("runs a nested transaction as a savepoint that rolls back alone", async () => {
    await transaction(t.db, async (tx) => {
      await addUser(tx, "outer");
      await expect(
        transaction(tx, async (inner) => {
          await addUser(inner, "inner-failed");
          throw new Error("inner");
        }),
      ).rejects.toThrow("inner");
      // The outer transaction goes on after the savepoint's rollback, seeing its own row but not the failed one.
      expect(await userIds(tx)).toEqual(["outer"]);
      await transaction(tx, async (inner) => {
        await addUser(inner, "inner-kept");
        await transaction(inner, async (deepest) => addUser(deepest, "deepest"));
      });
    });
    expectNoOpenTransaction();
    expect(await userIds(t.db)).toEqual(["deepest", "inner-kept", "outer"]);
  });

  it("rolls back a committed savepoint with its outer transaction", async () => {
    await expect(
      transaction(t.db, async (tx) => {
        await transaction(tx, async (inner) => addUser(inner, "inner"));
        throw new Error("outer");
      }),
    ).rejects.toThrow("outer");
    expect(await userIds(t.db)).toEqual([]);
  });
});

describe.skipIf(!onPostgres)("transaction on PostgreSQL (PostgreSQL only: a pool of connections)", () => {
  it("runs two concurrent transactions on two connections, each seeing only its own writes until both commit", async () => {
    const [firstWrote, firstHasWritten] = signal();
    const [secondWrote, secondHasWritten] = signal();
    const [firstRead, firstHasRead] = signal();
    const [secondRead, secondHasRead] = signal();
    const body =
      (id: string, wrote: () => void, otherWrote: Promise<void>, read: () => void, otherRead: Promise<void>) =>
      async (tx: TestDb["db"]) => {
        const [{ pid }] = await selectRows<{ pid: number }>(tx, "SELECT pg_backend_pid() AS pid", []);
        await addUser(tx, id);
        wrote();
        // Both are open now, each holding an uncommitted row: on one connection the second could not have begun.
        await otherWrote;
        const seen = await userIds(tx);
        read();
        // Neither commits before both have looked.
        await otherRead;
        return { pid, seen };
      };
    const [first, second] = await Promise.all([
      transaction(t.db, body("first", firstHasWritten, secondWrote, firstHasRead, secondRead)),
      transaction(t.db, body("second", secondHasWritten, firstWrote, secondHasRead, firstRead)),
    ]);
    expect(first.pid).not.toBe(second.pid);
    expect([first.seen, second.seen]).toEqual([["first"], ["second"]]);
    expectNoOpenTransaction();
    expect(await userIds(t.db)).toEqual(["first", "second"]);
  });

  it("rolls back a throwing body on its connection while a concurrent transaction on another commits", async () => {
    const [failedWrote, failedHasWritten] = signal();
    const failing = transaction(t.db, async (tx) => {
      await addUser(tx, "lost");
      failedHasWritten();
      throw new Error("fails");
    });
    const kept = transaction(t.db, async (tx) => {
      await failedWrote;
      await addUser(tx, "kept");
    });
    await expect(failing).rejects.toThrow("fails");
    await kept;
    expectNoOpenTransaction();
    expect(await userIds(t.db)).toEqual(["kept"]);
  });
});

describe.skipIf(onPostgres)("transaction on SQLite (SQLite only: one connection, transactions queued, the yield guard)", () => {
  it("queues two concurrent transactions: the second starts after the first committed", async () => {
    const order: string[] = [];
    const first = transaction(t.db, async (tx) => {
      order.push("first begins");
      await addUser(tx, "first");
      await Promise.resolve();
      order.push("first ends");
      return userIds(tx);
    });
    const second = transaction(t.db, async (tx) => {
      order.push("second begins");
      const seen = await userIds(tx);
      await addUser(tx, "second");
      order.push("second ends");
      return seen;
    });
    expect(await Promise.all([first, second])).toEqual([["first"], ["first"]]);
    expect(order).toEqual(["first begins", "first ends", "second begins", "second ends"]);
    expect(await userIds(t.db)).toEqual(["first", "second"]);
  });

  it("answers a durable commit only after an fsync of the WAL file that began after it, shared by the commits that come meanwhile", async () => {
    // The real fsync, observed: when each -wal flush begins and ends, and when each transaction resolves.
    const order: string[] = [];
    const restore = onWalSync(`${t.file}-wal`, async (sync) => {
      order.push(`fsync begins (${(await userIds(t.db)).join(" ")})`);
      await sync();
      order.push("fsync done");
    });
    try {
      const durable = (id: string) =>
        transaction(t.db, (tx) => addUser(tx, id), { durable: true }).then(() => {
          order.push(`${id} answered`);
        });
      await Promise.all([durable("a"), durable("b"), durable("c")]);
    } finally {
      restore();
    }
    // a's flush began once b and c were committed too (their commits need no disk), so the next one serves both.
    expect(order).toEqual([
      "fsync begins (a b c)",
      "fsync done",
      "a answered",
      "fsync begins (a b c)",
      "fsync done",
      "b answered",
      "c answered",
    ]);
    expect(t.db.$client.pragma("synchronous", { simple: true })).toBe(1);
  });

  /**
   * A durable transaction and a plain one, the plain one asked for at once (it queues behind the durable
   * body) or once the durable commit's flush has begun; the disk is slow until the test lets it go.
   */
  async function plainBesideDurable(plainAsked: "at once" | "once the flush began"): Promise<string[]> {
    const order: string[] = [];
    const [flushing, flushBegan] = signal();
    const [disk, diskDone] = signal();
    const restore = onWalSync(`${t.file}-wal`, async (sync) => {
      flushBegan();
      await disk;
      await sync();
      order.push("fsync done");
    });
    try {
      const durable = transaction(t.db, (tx) => addUser(tx, "evidence"), { durable: true }).then(() => order.push("durable answered"));
      if (plainAsked === "once the flush began") await flushing;
      const plain = transaction(t.db, async (tx) => {
        order.push(`plain runs (${(await userIds(tx)).join(" ")})`);
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(order).toEqual([]);
      diskDone();
      await Promise.all([durable, plain]);
    } finally {
      restore();
    }
    return order;
  }

  it("starts any other transaction only once the durable commits before it are on disk", async () => {
    expect(await plainBesideDurable("once the flush began")).toEqual(["fsync done", "durable answered", "plain runs (evidence)"]);
  });

  it("holds a transaction queued during a durable body until that commit is on disk", async () => {
    // Queued before the durable commit had begun its flush: it is handed the connection right after COMMIT.
    expect(await plainBesideDurable("at once")).toEqual(["fsync done", "durable answered", "plain runs (evidence)"]);
  });

  it("refuses every durable commit after an fsync failed, even one whose own fsync would succeed", async () => {
    let failures = 1;
    const restore = onWalSync(`${t.file}-wal`, async (sync) => {
      if (failures-- > 0) throw Object.assign(new Error("EIO: i/o error, fsync"), { code: "EIO" });
      await sync();
    });
    try {
      await expect(transaction(t.db, (tx) => addUser(tx, "first"), { durable: true })).rejects.toThrow(/did not confirm.*EIO/);
      // The disk answers again, but what was lost is not known: still refused, with the same reason.
      await expect(transaction(t.db, (tx) => addUser(tx, "retry"), { durable: true })).rejects.toThrow(/restarted/);
      // Other writes go on as before.
      await transaction(t.db, (tx) => addUser(tx, "plain"));
    } finally {
      restore();
    }
    expect(await userIds(t.db)).toEqual(["first", "plain", "retry"].sort());
  });

  it("lets the next queued transaction run after one failed", async () => {
    const failed = transaction(t.db, async (tx) => {
      await addUser(tx, "lost");
      throw new Error("fails");
    });
    const next = transaction(t.db, async (tx) => addUser(tx, "kept"));
    await expect(failed).rejects.toThrow("fails");
    await next;
    expect(await userIds(t.db)).toEqual(["kept"]);
  });

  it("refuses a body that waits for a timer: rolls it back and throws", async () => {
    let resumed: unknown;
    const yielding = transaction(t.db, async (tx) => {
      await addUser(tx, "a");
      await new Promise((resolve) => setTimeout(resolve, 20));
      try {
        await addUser(tx, "b");
      } catch (error) {
        resumed = error;
      }
    });
    await expect(yielding).rejects.toBeInstanceOf(TransactionYieldedError);
    expect(t.db.$client.inTransaction).toBe(false);
    expect(await userIds(t.db)).toEqual([]);
    // The body resumes after the timer; its handle refuses to write outside the transaction.
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(String(resumed)).toMatch(/transaction is over/);
    expect(await userIds(t.db)).toEqual([]);
    // The queue moved on.
    await transaction(t.db, async (tx) => addUser(tx, "after"));
    expect(await userIds(t.db)).toEqual(["after"]);
  });

  it("refuses transaction(db) on the connection inside a body instead of waiting for itself", async () => {
    await expect(transaction(t.db, async () => transaction(t.db, async () => 1))).rejects.toThrow(/handle \(tx\)/);
    expect(t.db.$client.inTransaction).toBe(false);
  });

  it("refuses a handle used after its transaction ended", async () => {
    let leaked: TestDb["db"] | undefined;
    await transaction(t.db, async (tx) => {
      leaked = tx;
    });
    expect(() => leaked!.select()).toThrow(/transaction is over/);
  });
});
