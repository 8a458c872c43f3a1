import { and, asc, count, desc, eq, gte, lt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { consentEvents, flows } from "@/db/schema";
import { ZConsentEventBatch, type ConsentEventInput, type ConsentOutcome } from "@/core/domain/consent";
import { AppError } from "@/server/errors";
import { recordAudit } from "./audit";
import { toCsv } from "./csv";
import { sha256Hex } from "./secrets";

export type ConsentLedgerEvent = {
  eventId: string;
  flowId: string;
  flowName: string | null;
  flowVersion: number;
  subject: string;
  channel: string;
  purpose: string;
  outcome: ConsentOutcome;
  textHash: string;
  occurredAt: Date;
  receivedAt: Date;
};

export type ConsentFilter = {
  workspaceId: string;
  flowId?: string;
  purpose?: string;
  outcome?: ConsentOutcome;
  /** Pseudonymous user id, to look one person up before erasing. */
  subject?: string;
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
};

export const CONSENT_CSV_MAX_ROWS = 100_000;

/**
 * Stores consent events reported by a deployed bot, for the /api/v1 route.
 * Validates the whole batch first (nothing is stored from an invalid batch) and
 * inserts in one transaction. Idempotent by `eventId` per workspace: an event the
 * ledger already holds is skipped, never changed (`INSERT … ON CONFLICT DO NOTHING`),
 * so a bot may safely resend after a timeout.
 *
 * @throws AppError `INVALID_INPUT` (answer 400) when the batch is not 1–500
 *   well-formed events; `details.issues` lists each problem with its path
 *   (e.g. `3.textHash`), `message` names the first.
 */
export function recordConsentEvents(
  db: Db,
  options: { workspaceId: string; events: ConsentEventInput[] },
): { received: number; inserted: number; duplicates: number } {
  const parsed = ZConsentEventBatch.safeParse(options.events);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const first = issues[0];
    throw new AppError("INVALID_INPUT", first ? `${first.path || "events"}: ${first.message}` : "Invalid consent events.", {
      details: { issues },
    });
  }
  const events = parsed.data;
  const inserted = db.transaction((tx) => {
    let n = 0;
    for (const event of events) {
      const result = tx
        .insert(consentEvents)
        .values({ ...event, workspaceId: options.workspaceId })
        .onConflictDoNothing({ target: [consentEvents.workspaceId, consentEvents.eventId] })
        .run();
      n += result.changes;
    }
    return n;
  });
  return { received: events.length, inserted, duplicates: events.length - inserted };
}

function ledgerConditions(filter: ConsentFilter) {
  const conditions = [eq(consentEvents.workspaceId, filter.workspaceId)];
  if (filter.flowId) conditions.push(eq(consentEvents.flowId, filter.flowId));
  if (filter.purpose) conditions.push(eq(consentEvents.purpose, filter.purpose));
  if (filter.outcome) conditions.push(eq(consentEvents.outcome, filter.outcome));
  if (filter.subject) conditions.push(eq(consentEvents.subject, filter.subject));
  if (filter.from) conditions.push(gte(consentEvents.occurredAt, filter.from));
  if (filter.to) conditions.push(lt(consentEvents.occurredAt, filter.to));
  return and(...conditions);
}

/** Ledger events matching the filter, newest first, with the flow's current name. */
export function listConsentEvents(
  db: Db,
  options: ConsentFilter & { limit: number; offset?: number },
): { events: ConsentLedgerEvent[]; hasMore: boolean } {
  const rows = db
    .select({
      eventId: consentEvents.eventId,
      flowId: consentEvents.flowId,
      flowName: flows.name,
      flowVersion: consentEvents.flowVersion,
      subject: consentEvents.subject,
      channel: consentEvents.channel,
      purpose: consentEvents.purpose,
      outcome: consentEvents.outcome,
      textHash: consentEvents.textHash,
      occurredAt: consentEvents.occurredAt,
      receivedAt: consentEvents.receivedAt,
    })
    .from(consentEvents)
    // Events keep flows that were deleted since; the name is then unknown.
    .leftJoin(flows, and(eq(flows.id, consentEvents.flowId), eq(flows.workspaceId, consentEvents.workspaceId)))
    .where(ledgerConditions(options))
    .orderBy(desc(consentEvents.occurredAt), asc(consentEvents.eventId))
    .limit(options.limit + 1)
    .offset(options.offset ?? 0)
    .all();
  return { events: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

/** The flows and purposes that occur in the ledger, for the filter menus. */
export function consentLedgerFacets(db: Db, options: { workspaceId: string }) {
  const flowRows = db
    .selectDistinct({ id: consentEvents.flowId, name: flows.name })
    .from(consentEvents)
    .leftJoin(flows, and(eq(flows.id, consentEvents.flowId), eq(flows.workspaceId, consentEvents.workspaceId)))
    .where(eq(consentEvents.workspaceId, options.workspaceId))
    .all();
  const purposes = db
    .selectDistinct({ purpose: consentEvents.purpose })
    .from(consentEvents)
    .where(eq(consentEvents.workspaceId, options.workspaceId))
    .orderBy(asc(consentEvents.purpose))
    .all()
    .map((row) => row.purpose);
  return { flows: flowRows.sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id)), purposes };
}

/**
 * Erases every ledger event of one pseudonymous user (GDPR Art. 17) and records
 * the erasure in the audit log. The audit entry holds only the SHA-256 of the
 * subject, so the log does not keep the identifier that was erased.
 */
export function eraseConsentSubject(db: Db, options: { workspaceId: string; actorId: string; subject: string }): { erased: number } {
  const subject = options.subject.trim();
  return db.transaction((tx) => {
    const erased = tx
      .delete(consentEvents)
      .where(and(eq(consentEvents.workspaceId, options.workspaceId), eq(consentEvents.subject, subject)))
      .run().changes;
    recordAudit(tx, {
      workspaceId: options.workspaceId,
      actorId: options.actorId,
      action: "consent.erase",
      targetType: "consentSubject",
      targetId: sha256Hex(subject),
      before: { events: erased },
    });
    return { erased };
  });
}

/** How many events one subject has; shown before erasing. */
export function countConsentEventsOfSubject(db: Db, options: { workspaceId: string; subject: string }): number {
  return (
    db
      .select({ n: count() })
      .from(consentEvents)
      .where(and(eq(consentEvents.workspaceId, options.workspaceId), eq(consentEvents.subject, options.subject.trim())))
      .get()?.n ?? 0
  );
}

/**
 * The filtered ledger as CSV, for the controller's records. Downloading it is
 * recorded in the audit log, because the file leaves the app with pseudonymous data.
 */
export function consentLedgerCsv(db: Db, options: ConsentFilter & { actorId: string }): string {
  const { events } = listConsentEvents(db, { ...options, limit: CONSENT_CSV_MAX_ROWS });
  recordAudit(db, {
    workspaceId: options.workspaceId,
    actorId: options.actorId,
    action: "consent.export",
    targetType: "consentLedger",
    after: {
      rows: events.length,
      filter: { flowId: options.flowId, purpose: options.purpose, outcome: options.outcome, from: options.from, to: options.to },
    },
  });
  return toCsv(
    [
      "occurred_at",
      "received_at",
      "event_id",
      "flow_id",
      "flow_name",
      "flow_version",
      "subject",
      "channel",
      "purpose",
      "outcome",
      "text_sha256",
    ],
    events.map((e) => [
      e.occurredAt,
      e.receivedAt,
      e.eventId,
      e.flowId,
      e.flowName,
      e.flowVersion,
      e.subject,
      e.channel,
      e.purpose,
      e.outcome,
      e.textHash,
    ]),
  );
}
