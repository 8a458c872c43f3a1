import { lt, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { msOf, selectRows } from "@/db/batch";
import { onPostgres } from "@/db/dialect";
import { rateLimits } from "@/db/schema";
import { AppError } from "@/server/errors";

/*
 * Request limits kept in the `rate_limits` table rather than in memory: counters
 * survive a restart and every app instance on the same database shares them. Each
 * check is one atomic UPSERT … RETURNING, so two requests can never both take the
 * last slot.
 */

export type WindowLimit = { limit: number; windowMs: number };
export type WindowHit = { allowed: boolean; count: number; retryAfterSeconds: number };

/*
 * The window counter runs on every /api/v1 request, so it is one statement (prepared
 * once per connection on SQLite). Its durability is the connection's (WAL, synchronous=NORMAL,
 * see db/client.ts): the commit does not wait for fsync, so a power cut may forget the
 * last moments' counts, which only lets a client a few more requests after one;
 * the count stays exact and shared between instances while they run, because every
 * hit is still one atomic write to the shared database, never a count held in memory.
 */
const HIT = `INSERT INTO rate_limits (key, count, reset_at) VALUES (?, 1, ?)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN rate_limits.reset_at <= ? THEN 1 ELSE rate_limits.count + 1 END,
       reset_at = CASE WHEN rate_limits.reset_at <= ? THEN ? ELSE rate_limits.reset_at END
     RETURNING count, reset_at`;

/** Counts one request against `key` in a fixed window; refused once the window holds more than `limit`. */
export async function hitWindow(db: Db, key: string, { limit, windowMs }: WindowLimit, now = Date.now()): Promise<WindowHit> {
  const resetAt = now + windowMs;
  const [row] = await selectRows<{ count: number; reset_at: number | string }>(db, HIT, [key, resetAt, now, now, resetAt]);
  const allowed = row.count <= limit;
  const retryAfterSeconds = allowed ? 0 : Math.max(1, Math.ceil((Number(row.reset_at) - now) / 1000));
  return { allowed, count: row.count, retryAfterSeconds };
}

/** Like `hitWindow`, but throws RATE_LIMITED (HTTP 429) with the seconds to wait. */
export async function enforceWindow(db: Db, key: string, limit: WindowLimit, message: string, now = Date.now()): Promise<void> {
  const hit = await hitWindow(db, key, limit, now);
  if (!hit.allowed) {
    throw new AppError("RATE_LIMITED", message, { params: { seconds: hit.retryAfterSeconds } });
  }
}

/*
 * The per-token limit of /api/v1 runs on every bot request (issue 13: a write per export
 * cost more than answering it from the cache), so it takes its slots from the shared
 * counter in blocks: one UPSERT adds a block to the window's count and gives this instance
 * those slots of it that were still within the limit, spent in memory until they run out
 * or the window ends. A slot is counted in the database before it is spent, so all
 * instances together never admit more than `limit` a window; slots an instance has not
 * spent when the window ends are lost, so a client may be refused up to (block − 1)
 * requests per instance early: at most 0.1 % of the limit per instance, and none below
 * 2,000 a window (blocks of one: the count is exact, as `hitWindow`'s).
 */
const CLAIM = `INSERT INTO rate_limits (key, count, reset_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET
       count = CASE WHEN rate_limits.reset_at <= ? THEN ? ELSE rate_limits.count + ? END,
       reset_at = CASE WHEN rate_limits.reset_at <= ? THEN ? ELSE rate_limits.reset_at END
     RETURNING count, reset_at`;

/** The most slots one claim takes. */
export const MAX_BLOCK = 100;

/** Slots per claim for `limit` a window: a thousandth of it, at least one, at most MAX_BLOCK. */
export function blockOf(limit: number): number {
  return Math.max(1, Math.min(MAX_BLOCK, Math.floor(limit / 1000)));
}

type Slots = { left: number; resetAt: number };

/** Unspent slots by connection (an instance's, or a test's second "instance") and key; claims under way by key. */
const slotsOf = new WeakMap<object, { kept: Map<string, Slots>; claims: Map<string, Promise<unknown>> }>();
/** Keys kept per connection before those of ended windows are dropped. */
const SLOTS_KEPT = 10_000;

/**
 * Like `enforceWindow`, with the window's slots claimed from the shared counter in blocks
 * (see above): throws RATE_LIMITED (HTTP 429) with the seconds to wait once the window
 * has no slot left for this instance.
 */
export async function enforceWindowInBlocks(db: Db, key: string, { limit, windowMs }: WindowLimit, message: string, now = Date.now()) {
  const connection = (db as { $client?: object }).$client ?? db;
  let state = slotsOf.get(connection);
  if (!state) slotsOf.set(connection, (state = { kept: new Map(), claims: new Map() }));
  for (;;) {
    const slots = state.kept.get(key);
    if (slots && slots.left > 0 && now < slots.resetAt) {
      slots.left--;
      return;
    }
    // One claim per key at a time (PostgreSQL answers asynchronously): the others wait for its slots.
    const pending = state.claims.get(key);
    if (!pending) break;
    await pending.catch(() => undefined);
  }
  const block = blockOf(limit);
  const resetAt = now + windowMs;
  const claim = selectRows<{ count: number | string; reset_at: number | string }>(db, CLAIM, [
    key,
    block,
    resetAt,
    now,
    block,
    block,
    now,
    resetAt,
  ]);
  state.claims.set(key, claim);
  let row: { count: number | string; reset_at: number | string };
  try {
    [row] = (await claim) as [typeof row];
  } finally {
    state.claims.delete(key);
  }
  const windowEnd = msOf(row.reset_at);
  const granted = Math.max(0, Math.min(block, limit - (Number(row.count) - block)));
  if (granted === 0) {
    throw new AppError("RATE_LIMITED", message, { params: { seconds: Math.max(1, Math.ceil((windowEnd - now) / 1000)) } });
  }
  if (state.kept.size >= SLOTS_KEPT) for (const [k, s] of state.kept) if (s.resetAt <= now) state.kept.delete(k);
  state.kept.set(key, { left: granted - 1, resetAt: windowEnd });
}

/** Back-off state of a key: failures so far and the time before which no attempt is allowed. */
export type BackoffState = { failures: number; blockedUntil: number };

export async function readBackoff(db: DbOrTx, key: string, now = Date.now()): Promise<BackoffState> {
  const [row] = await db
    .select()
    .from(rateLimits)
    .where(sql`${rateLimits.key} = ${key}`)
    .limit(1);
  if (!row || row.resetAt <= now) return { failures: 0, blockedUntil: 0 };
  return { failures: row.count, blockedUntil: row.blockedUntil };
}

/**
 * Records one failure against `key`: the next attempt must wait `delayMs(failures)`.
 * The count is forgotten `memoryMs` after the last failure. The count is raised by one
 * atomic statement, so parallel failures (other instances too) are all counted.
 */
export async function recordBackoffFailure(
  db: DbOrTx,
  key: string,
  options: { delayMs: (failures: number) => number; memoryMs: number },
  now = Date.now(),
): Promise<BackoffState> {
  const [{ count: failures }] = await db
    .insert(rateLimits)
    .values({ key, count: 1, resetAt: now + options.memoryMs })
    .onConflictDoUpdate({
      target: rateLimits.key,
      set: {
        count: sql`CASE WHEN ${rateLimits.resetAt} <= ${now} THEN 1 ELSE ${rateLimits.count} + 1 END`,
        resetAt: now + options.memoryMs,
      },
    })
    .returning({ count: rateLimits.count });
  const blockedUntil = now + Math.max(0, options.delayMs(failures));
  await db
    .update(rateLimits)
    // The larger of the two: SQLite's two-argument MAX, PostgreSQL's GREATEST.
    .set({
      blockedUntil: onPostgres
        ? sql`GREATEST(${rateLimits.blockedUntil}, ${blockedUntil})`
        : sql`MAX(${rateLimits.blockedUntil}, ${blockedUntil})`,
    })
    .where(sql`${rateLimits.key} = ${key}`);
  return { failures, blockedUntil };
}

export async function clearLimit(db: DbOrTx, key: string): Promise<void> {
  await db.delete(rateLimits).where(sql`${rateLimits.key} = ${key}`);
}

/** Drops counters whose window has passed, so the table stays as small as the current traffic. */
export async function pruneLimits(db: DbOrTx, now = Date.now()): Promise<number> {
  return (await db.delete(rateLimits).where(lt(rateLimits.resetAt, now)).returning({ key: rateLimits.key })).length;
}
