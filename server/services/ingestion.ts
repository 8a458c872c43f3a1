import { msOf, selectIn, selectRows } from "@/db/batch";
import type { Db } from "@/db/client";
import { AppError } from "@/server/errors";

/*
 * What consent and analytics ingestion share: idempotency by the sender's `eventId`,
 * decided for a whole batch with one lookup of the ids already stored.
 */

export interface BatchIssue {
  path: string;
  message: string;
}

/** The tables that remember event ids with the digest of their content. */
const DIGESTS = {
  consent_events: "SELECT event_id, event_digest AS digest FROM consent_events WHERE workspace_id = ? AND event_id",
  analytics_events: "SELECT event_id, digest FROM analytics_events WHERE workspace_id = ? AND event_id",
} as const;

/**
 * Stands for the digest of a row stored before digests existed (consent events from before
 * the chain): its content cannot be compared, so a resent id is taken as a repeat, never
 * stored twice (the table's key would refuse it) and never a conflict it cannot prove.
 */
const UNKNOWN_DIGEST = "";

/** Digest by event id of the batch's ids already stored (`UNKNOWN_DIGEST` for rows stored without one). */
async function storedDigests(
  db: Db,
  table: keyof typeof DIGESTS,
  workspaceId: string,
  eventIds: Iterable<string>,
): Promise<Map<string, string>> {
  const rows = await selectIn<{ event_id: string; digest: string | null }>(db, DIGESTS[table], [workspaceId], [...new Set(eventIds)]);
  const digests = new Map<string, string>();
  for (const row of rows) digests.set(row.event_id, row.digest ?? UNKNOWN_DIGEST);
  return digests;
}

/**
 * The events of a batch that are new, in batch order. An id stored before, or earlier
 * in the same batch, is a repeat when its digest is the same (skipped) and a conflict
 * when it differs (named by its index in the batch, with `conflict`'s message).
 */
function freshEvents<T extends { eventId: string; digest: string }>(
  events: readonly T[],
  stored: ReadonlyMap<string, string>,
  conflict: (eventId: string) => string,
): { fresh: T[]; conflicts: BatchIssue[] } {
  const seen = new Map<string, string>();
  const fresh: T[] = [];
  const conflicts: BatchIssue[] = [];
  events.forEach((event, index) => {
    const earlier = seen.get(event.eventId) ?? stored.get(event.eventId);
    if (earlier !== undefined) {
      if (earlier !== event.digest && earlier !== UNKNOWN_DIGEST)
        conflicts.push({ path: `${index}.eventId`, message: conflict(event.eventId) });
      return;
    }
    seen.set(event.eventId, event.digest);
    fresh.push(event);
  });
  return { fresh, conflicts };
}

/** One published version as a batch's events name it. */
export interface NamedVersion {
  flowId: string;
  number: number;
  contentHash: string;
  /** Milliseconds as stored (the database may hold a fraction). */
  createdAt: number;
}

/** The key of a flow's version in the maps of a batch. */
export const versionKey = (flowId: string, number: number): string => `${flowId}\n${number}`;

/**
 * The published versions the events of a batch name, in one lookup, by `versionKey`;
 * a version not found maps to why not: the flow is not one of this workspace, or it
 * has no such version (one more lookup, only when a version is missing).
 */
export async function namedVersions(
  db: Db,
  workspaceId: string,
  events: Iterable<{ flowId: string; flowVersion: number }>,
): Promise<Map<string, NamedVersion | string>> {
  const named = new Map<string, [string, number]>();
  for (const event of events) named.set(versionKey(event.flowId, event.flowVersion), [event.flowId, event.flowVersion]);
  const found = new Map<string, NamedVersion | string>();
  const rows = await selectIn<{ flow_id: string; number: number; content_hash: string; created_at: number | Date }>(
    db,
    `SELECT v.flow_id, v.number, v.content_hash, v.created_at FROM flow_versions v JOIN flows f ON f.id = v.flow_id
     WHERE f.workspace_id = ? AND (v.flow_id, v.number)`,
    [workspaceId],
    [...named.values()].flat(),
    2,
  );
  for (const row of rows) {
    const version = { flowId: row.flow_id, number: row.number, contentHash: row.content_hash, createdAt: msOf(row.created_at) };
    found.set(versionKey(row.flow_id, row.number), version);
  }
  const missing = [...named].filter(([key]) => !found.has(key));
  if (missing.length === 0) return found;
  const flowIds = [...new Set(missing.map(([, [flowId]]) => flowId))];
  const ours = new Set(
    (await selectIn<{ id: string }>(db, "SELECT id FROM flows WHERE workspace_id = ? AND id", [workspaceId], flowIds)).map((row) => row.id),
  );
  for (const [key, [flowId, number]] of missing) {
    found.set(
      key,
      ours.has(flowId) ? `flow "${flowId}" has no published version ${number}` : `flow "${flowId}" is not a flow of this workspace`,
    );
  }
  return found;
}

/**
 * The events of a batch not stored before, in batch order, from one lookup of the ids
 * in `table` (call inside the batch's transaction). Repeats are skipped; an id stored
 * or repeated with other content is a 409 naming each, and nothing of the batch is kept.
 */
export async function newEventsOf<T extends { eventId: string; digest: string }>(
  db: Db,
  table: keyof typeof DIGESTS,
  workspaceId: string,
  events: readonly T[],
  conflict: (eventId: string) => string,
): Promise<T[]> {
  const stored = await storedDigests(
    db,
    table,
    workspaceId,
    events.map((event) => event.eventId),
  );
  const { fresh, conflicts } = freshEvents(events, stored, conflict);
  if (conflicts.length > 0) {
    throw new AppError("CONFLICT", `${conflicts[0].path}: ${conflicts[0].message}`, { details: { issues: conflicts } });
  }
  return fresh;
}

/** The stored document of a published version `namedVersions` found (its JSON text). */
export async function versionDocumentText(db: Db, flowId: string, number: number): Promise<string | undefined> {
  const [row] = await selectRows<{ document: string }>(db, "SELECT document FROM flow_versions WHERE flow_id = ? AND number = ?", [
    flowId,
    number,
  ]);
  return row?.document;
}
