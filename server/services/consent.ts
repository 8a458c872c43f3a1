import { randomBytes } from "node:crypto";
import { and, asc, count, desc, eq, gte, inArray, isNull, lt } from "drizzle-orm";
import { insertRows, runStatement, selectIn, timeValue } from "@/db/batch";
import { onPostgres } from "@/db/dialect";
import type { Db } from "@/db/client";
import { preparedPerConnection } from "@/db/prepared";
import { consentEvents, consentLedgers, consentSubjectKeys, flows, workspaces } from "@/db/schema";
import { ZConsentEventBatch, type ConsentEvent, type ConsentEventInput, type ConsentOutcome } from "@/core/domain/consent";
import { buildExport, type ExportConsent } from "@/core/export";
import type { FlowDocument } from "@/core/flow";
import {
  IV_BYTES,
  KEY_BYTES,
  decryptSubject,
  encryptSubject,
  eventDigestOf,
  ledgerOf,
  newSubjectKey,
  pseudonymOf,
  pseudonymizer,
  rowHashOf,
  type ReportedContent,
} from "./consentLedger";
import { namedVersions, newEventsOf, versionDocumentText, versionKey, type NamedVersion } from "./ingestion";
import { findWorkspaceById, workspaceLegal } from "./workspaces";

type WorkspaceRow = typeof workspaces.$inferSelect;
import { AppError } from "@/server/errors";
import { recordAudit } from "./audit";
import { toCsv } from "./csv";
import { sha256Hex } from "./secrets";
import { transaction } from "@/db/transaction";

export type ConsentLedgerEvent = {
  eventId: string;
  flowId: string;
  flowName: string | null;
  flowVersion: number;
  /** The user id as the bot sent it; null once erased (Art. 17) or for a row whose key is gone. */
  subject: string | null;
  /** The keyed hash that stands for the user in the chain. */
  pseudonym: string;
  channel: string;
  purpose: string;
  outcome: ConsentOutcome;
  textHash: string;
  consentNodeId: string | null;
  answerMode: string | null;
  explicit: boolean | null;
  categories: string[] | null;
  privacyPolicyUrl: string | null;
  seq: number | null;
  occurredAt: Date;
  receivedAt: Date;
};

export type ConsentFilter = {
  workspaceId: string;
  flowId?: string;
  purpose?: string;
  outcome?: ConsentOutcome;
  /** User id as the bot knows it (looked up by its pseudonym), to find one person before erasing. */
  subject?: string;
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
};

export const CONSENT_CSV_MAX_ROWS = 100_000;

/** Clock skew allowed for a bot's `occurredAt` in the future. */
export const CONSENT_FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * The statements of the ingestion hot path, prepared once per connection: the query
 * builder costs more than SQLite itself at thousands of events per second.
 */
const statementsOf = preparedPerConnection((db) => {
  if (onPostgres) return null;
  const sqlite = db.$client;
  return {
    head: sqlite.prepare<[string], { hmac_secret: string; head_seq: number; head_hash: string }>(
      "SELECT hmac_secret, head_seq, head_hash FROM consent_ledgers WHERE workspace_id = ?",
    ),
    moveHead: sqlite.prepare<[number, string, string]>("UPDATE consent_ledgers SET head_seq = ?, head_hash = ? WHERE workspace_id = ?"),
  };
});

/** What an event is checked against: one published version as its export shows it. */
interface PublishedReference {
  contentHash: string;
  publishedAt: Date;
  consents: Map<string, ExportConsent>;
  confirmationHash: string;
  purposes: Set<string>;
}

/** Built versions by flow, number, content hash and controller name: exports are pure, so this only saves time. */
const referenceCache = new Map<string, PublishedReference>();
const REFERENCE_CACHE_MAX = 200;

/** One published version as its export shows it, built once per flow, number, content hash and controller name. */
async function referenceOfVersion(db: Db, workspace: WorkspaceRow, version: NamedVersion): Promise<PublishedReference> {
  const legal = workspaceLegal(workspace);
  const key = `${version.flowId}\n${version.number}\n${version.contentHash}\n${legal.controller.name}`;
  const cached = referenceCache.get(key);
  if (cached) return cached;
  const document = (await versionDocumentText(db, version.flowId, version.number))!;
  const exported = buildExport(JSON.parse(document) as FlowDocument, {
    legal,
    channel: null,
    version: version.number,
    contentHash: version.contentHash,
    diagnostics: [],
  });
  const reference: PublishedReference = {
    contentHash: version.contentHash,
    publishedAt: new Date(version.createdAt),
    consents: new Map(exported.consents.map((consent) => [consent.nodeId, consent])),
    confirmationHash: exported.optOut.confirmationHash,
    purposes: new Set(exported.consents.flatMap((consent) => consent.purposes)),
  };
  if (referenceCache.size >= REFERENCE_CACHE_MAX) referenceCache.delete(referenceCache.keys().next().value!);
  referenceCache.set(key, reference);
  return reference;
}

/** What each published version the events name is checked against (or why it cannot be), by `versionKey`, from one lookup. */
async function publishedReferences(
  db: Db,
  workspace: WorkspaceRow,
  events: readonly { flowId: string; flowVersion: number }[],
): Promise<Map<string, PublishedReference | string>> {
  const references = new Map<string, PublishedReference | string>();
  for (const [key, version] of await namedVersions(db, workspace.id, events)) {
    references.set(key, typeof version === "string" ? version : await referenceOfVersion(db, workspace, version));
  }
  return references;
}

/** Every way an event disagrees with the published version it names (empty: it belongs there). */
function problemsOf(event: ConsentEvent, reference: PublishedReference | string, now: number): { field: string; message: string }[] {
  if (typeof reference === "string") return [{ field: "flowVersion", message: reference }];
  const problems: { field: string; message: string }[] = [];
  if (event.contentHash !== reference.contentHash) {
    problems.push({ field: "contentHash", message: `contentHash is not the content hash of version ${event.flowVersion}` });
  }
  if (event.consentNodeId === null) {
    if (event.outcome !== "object") {
      problems.push({ field: "consentNodeId", message: `a "${event.outcome}" needs the consent step it answers (consentNodeId)` });
    } else if (event.textHash !== reference.confirmationHash) {
      problems.push({ field: "textHash", message: "an objection's textHash must be the hash of the opt-out confirmation of this version" });
    }
    if (!reference.purposes.has(event.purpose)) {
      problems.push({ field: "purpose", message: `purpose "${event.purpose}" is not asked for in version ${event.flowVersion}` });
    }
  } else {
    const consent = reference.consents.get(event.consentNodeId);
    if (!consent) {
      problems.push({
        field: "consentNodeId",
        message: `step "${event.consentNodeId}" is not a consent step of version ${event.flowVersion}`,
      });
    } else {
      if (event.outcome === "object")
        problems.push({ field: "outcome", message: "an objection names no consent step (consentNodeId null)" });
      if (event.textHash !== consent.textHash) {
        problems.push({ field: "textHash", message: `textHash is not the hash of the text and labels of step "${consent.nodeId}"` });
      }
      if (!consent.purposes.includes(event.purpose)) {
        problems.push({ field: "purpose", message: `purpose "${event.purpose}" does not belong to step "${consent.nodeId}"` });
      }
      if (event.explicit !== consent.explicit) {
        problems.push({ field: "explicit", message: `explicit must be ${consent.explicit} for step "${consent.nodeId}"` });
      }
      if ([...event.categories].sort().join() !== [...consent.categories].sort().join()) {
        problems.push({ field: "categories", message: `categories must be those of step "${consent.nodeId}"` });
      }
    }
  }
  const at = event.occurredAt.getTime();
  if (at < reference.publishedAt.getTime()) {
    problems.push({ field: "occurredAt", message: `occurredAt is before version ${event.flowVersion} was published` });
  }
  if (at > now + CONSENT_FUTURE_TOLERANCE_MS) problems.push({ field: "occurredAt", message: "occurredAt is in the future" });
  return problems;
}

/**
 * Stores consent events reported by a deployed bot, for the /api/v1 route.
 * Every event is checked against the published version it names (flow of this
 * workspace, version, consent step, hashes, purpose, time); any problem refuses the
 * whole batch, each problem named with its path (`3.textHash`). Accepted events are
 * appended to the workspace's hash chain in one transaction, the subject stored as
 * its keyed hash and, encrypted with its own key, in clear for answering the person.
 * Idempotent by `eventId`: the same event again is skipped; the same id with other
 * content is a conflict.
 *
 * @throws AppError `INVALID_INPUT` (400) for malformed events or events that do not
 *   belong to their version; `CONFLICT` (409) for a reused event id with new content.
 */
export async function recordConsentEvents(
  db: Db,
  options: { workspaceId: string; events: ConsentEventInput[]; now?: number },
): Promise<{ received: number; inserted: number; duplicates: number }> {
  const parsed = ZConsentEventBatch.safeParse(options.events);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    throw refusal(issues);
  }
  const events = parsed.data;
  const now = options.now ?? Date.now();
  const workspace = await findWorkspaceById(db, options.workspaceId);
  if (!workspace) throw new AppError("NOT_FOUND", "Workspace not found.");
  const references = await publishedReferences(db, workspace, events);
  const issues: { path: string; message: string }[] = [];
  events.forEach((event, index) => {
    const reference = references.get(versionKey(event.flowId, event.flowVersion))!;
    for (const problem of problemsOf(event, reference, now)) issues.push({ path: `${index}.${problem.field}`, message: problem.message });
  });
  if (issues.length > 0) throw refusal(issues);

  // Nonces and new subject keys for the whole batch from one call to the random source.
  const random = randomBytes(events.length * (IV_BYTES + KEY_BYTES));
  return appendBatch(db, workspace.id, events, random);
}

const EVENT_COLUMNS = `workspace_id, event_id, flow_id, flow_version, subject, channel, purpose, outcome, text_hash, occurred_at, seq,
  content_hash, consent_node_id, answer_mode, explicit, categories, privacy_policy_url, subject_cipher, event_digest, prev_hash, row_hash`;

/** What the bot reported, with the subject as its pseudonym: what the event digest and the chain cover. */
function reportedContentOf(event: ConsentEvent, pseudonym: string): ReportedContent {
  return {
    eventId: event.eventId,
    flowId: event.flowId,
    flowVersion: event.flowVersion,
    contentHash: event.contentHash,
    consentNodeId: event.consentNodeId,
    subject: pseudonym,
    channel: event.channel,
    purpose: event.purpose,
    outcome: event.outcome,
    textHash: event.textHash,
    answerMode: event.answerMode,
    explicit: event.explicit,
    categories: [...event.categories].sort(),
    privacyPolicyUrl: event.privacyPolicyUrl,
    occurredAt: event.occurredAt.getTime(),
  };
}

/** An event of the batch with its position (for its slice of the batch's randomness), pseudonymised content and digest. */
interface ReportedEvent {
  index: number;
  event: ConsentEvent;
  eventId: string;
  content: ReportedContent;
  digest: string;
}

/**
 * Appends checked events to the workspace's chain in one transaction (see
 * `recordConsentEvents`): one lookup of the ids already stored, one of the subjects'
 * keys, then multi-row inserts of the new keys and the new rows.
 */
async function appendBatch(
  db: Db,
  workspaceId: string,
  events: ConsentEvent[],
  random: Buffer,
): Promise<{ received: number; inserted: number; duplicates: number }> {
  const sql = statementsOf(db);
  // Evidence is durable before the bot hears "stored": this commit waits for the disk (SQLite: the WAL file's fsync,
  // shared with the commits beside it, off the event loop; PostgreSQL synchronous_commit on), while the rest of the app does not. Measured: no visible cost at batches of 50
  // (bench/consent.ts); the work is in hashing, encryption and the B-trees.
  return transaction(
    db,
    async (tx) => {
      const head = sql?.head.get(workspaceId);
      const ledger = head
        ? { hmacSecret: head.hmac_secret, headSeq: head.head_seq, headHash: head.head_hash }
        : await ledgerOf(tx, workspaceId);
      const pseudonymOfSubject = pseudonymizer(ledger.hmacSecret);
      const reported = events.map((event, index): ReportedEvent => {
        const content = reportedContentOf(event, pseudonymOfSubject(event.subject));
        return { index, event, eventId: event.eventId, content, digest: eventDigestOf(content) };
      });
      // A conflict throws: nothing of the batch is kept.
      const fresh = await newEventsOf(
        tx,
        "consent_events",
        workspaceId,
        reported,
        (id) => `event "${id}" was already recorded with other content`,
      );
      const keys = await subjectKeys(tx, workspaceId, fresh, random);
      let seq = ledger.headSeq;
      let prev = ledger.headHash;
      const rows = fresh.map(({ index, event, content, digest }) => {
        seq++;
        const rowHash = rowHashOf(prev, { workspaceId, seq, ...content });
        const iv = random.subarray(index * (IV_BYTES + KEY_BYTES), index * (IV_BYTES + KEY_BYTES) + IV_BYTES);
        const row = [
          workspaceId,
          content.eventId,
          content.flowId,
          content.flowVersion,
          content.subject,
          content.channel,
          content.purpose,
          content.outcome,
          content.textHash,
          timeValue(content.occurredAt),
          seq,
          content.contentHash,
          content.consentNodeId,
          content.answerMode,
          content.explicit ? 1 : 0,
          JSON.stringify(content.categories),
          content.privacyPolicyUrl,
          encryptSubject(keys.get(content.subject)!, event.subject.trim(), iv),
          digest,
          prev,
          rowHash,
        ];
        prev = rowHash;
        return row;
      });
      await insertRows(tx, `INSERT INTO consent_events (${EVENT_COLUMNS})`, rows);
      if (sql) sql.moveHead.run(seq, prev, workspaceId);
      else
        await runStatement(tx, "UPDATE consent_ledgers SET head_seq = ?, head_hash = ? WHERE workspace_id = ?", [seq, prev, workspaceId]);
      return { received: events.length, inserted: fresh.length, duplicates: events.length - fresh.length };
    },
    { durable: true },
  );
}

/**
 * The key of each subject among the new events, decoded: the stored ones from one
 * lookup, a new one (from the batch's randomness, at the subject's first new event)
 * for each subject seen for the first time, stored with one insert.
 */
async function subjectKeys(db: Db, workspaceId: string, fresh: readonly ReportedEvent[], random: Buffer): Promise<Map<string, Buffer>> {
  const firstEvent = new Map<string, number>();
  for (const { content, index } of fresh) if (!firstEvent.has(content.subject)) firstEvent.set(content.subject, index);
  const keys = new Map<string, Buffer>();
  const rows = await selectIn<{ subject: string; key: string }>(
    db,
    "SELECT subject, key FROM consent_subject_keys WHERE workspace_id = ? AND subject",
    [workspaceId],
    [...firstEvent.keys()],
  );
  for (const row of rows) keys.set(row.subject, Buffer.from(row.key, "base64url"));
  const created: string[][] = [];
  for (const [pseudonym, index] of firstEvent) {
    if (keys.has(pseudonym)) continue;
    const offset = index * (IV_BYTES + KEY_BYTES) + IV_BYTES;
    const key = newSubjectKey(random.subarray(offset, offset + KEY_BYTES));
    created.push([workspaceId, pseudonym, key]);
    keys.set(pseudonym, Buffer.from(key, "base64url"));
  }
  // Inside the batch's transaction, which holds the ledger: no other batch of the workspace adds keys meanwhile.
  await insertRows(db, "INSERT INTO consent_subject_keys (workspace_id, subject, key)", created);
  return keys;
}

function refusal(issues: { path: string; message: string }[]): AppError {
  const first = issues[0];
  return new AppError("INVALID_INPUT", first ? `${first.path || "events"}: ${first.message}` : "Invalid consent events.", {
    details: { issues },
  });
}

/** What a user id is stored as: its pseudonym (rows from before the chain: the id itself, until erased). */
async function storedSubjects(db: Db, workspaceId: string, subject: string): Promise<string[]> {
  const secret = (
    await db.select({ s: consentLedgers.hmacSecret }).from(consentLedgers).where(eq(consentLedgers.workspaceId, workspaceId)).limit(1)
  )[0]?.s;
  const clear = subject.trim();
  return secret ? [pseudonymOf(secret, clear), clear] : [clear];
}

async function ledgerConditions(db: Db, filter: ConsentFilter) {
  const conditions = [eq(consentEvents.workspaceId, filter.workspaceId)];
  if (filter.flowId) conditions.push(eq(consentEvents.flowId, filter.flowId));
  if (filter.purpose) conditions.push(eq(consentEvents.purpose, filter.purpose));
  if (filter.outcome) conditions.push(eq(consentEvents.outcome, filter.outcome));
  if (filter.subject) conditions.push(inArray(consentEvents.subject, await storedSubjects(db, filter.workspaceId, filter.subject)));
  if (filter.from) conditions.push(gte(consentEvents.occurredAt, filter.from));
  if (filter.to) conditions.push(lt(consentEvents.occurredAt, filter.to));
  return and(...conditions);
}

/** Ledger events matching the filter, newest first, with the flow's current name. */
export async function listConsentEvents(
  db: Db,
  options: ConsentFilter & { limit: number; offset?: number },
): Promise<{ events: ConsentLedgerEvent[]; hasMore: boolean }> {
  const rows = await db
    .select({
      eventId: consentEvents.eventId,
      flowId: consentEvents.flowId,
      flowName: flows.name,
      flowVersion: consentEvents.flowVersion,
      stored: consentEvents.subject,
      cipher: consentEvents.subjectCipher,
      key: consentSubjectKeys.key,
      channel: consentEvents.channel,
      purpose: consentEvents.purpose,
      outcome: consentEvents.outcome,
      textHash: consentEvents.textHash,
      consentNodeId: consentEvents.consentNodeId,
      answerMode: consentEvents.answerMode,
      explicit: consentEvents.explicit,
      categories: consentEvents.categories,
      privacyPolicyUrl: consentEvents.privacyPolicyUrl,
      seq: consentEvents.seq,
      occurredAt: consentEvents.occurredAt,
      receivedAt: consentEvents.receivedAt,
    })
    .from(consentEvents)
    // Events keep flows that were deleted since; the name is then unknown.
    .leftJoin(flows, and(eq(flows.id, consentEvents.flowId), eq(flows.workspaceId, consentEvents.workspaceId)))
    .leftJoin(
      consentSubjectKeys,
      and(eq(consentSubjectKeys.workspaceId, consentEvents.workspaceId), eq(consentSubjectKeys.subject, consentEvents.subject)),
    )
    .where(await ledgerConditions(db, options))
    .orderBy(desc(consentEvents.occurredAt), asc(consentEvents.eventId))
    .limit(options.limit + 1)
    .offset(options.offset ?? 0);
  const events = rows.slice(0, options.limit).map(({ stored, cipher, key, ...row }) => ({
    ...row,
    // Chained rows: readable while the subject's key exists. Older rows hold the id itself until erased.
    subject:
      row.seq === null ? (cipher === null && stored.length !== 64 ? stored : null) : key && cipher ? decryptSubject(key, cipher) : null,
    pseudonym: stored,
  }));
  return { events, hasMore: rows.length > options.limit };
}

/** The flows and purposes that occur in the ledger, for the filter menus. */
export async function consentLedgerFacets(db: Db, options: { workspaceId: string }) {
  const flowRows = await db
    .selectDistinct({ id: consentEvents.flowId, name: flows.name })
    .from(consentEvents)
    .leftJoin(flows, and(eq(flows.id, consentEvents.flowId), eq(flows.workspaceId, consentEvents.workspaceId)))
    .where(eq(consentEvents.workspaceId, options.workspaceId));
  const purposes = (
    await db
      .selectDistinct({ purpose: consentEvents.purpose })
      .from(consentEvents)
      .where(eq(consentEvents.workspaceId, options.workspaceId))
      .orderBy(asc(consentEvents.purpose))
  ).map((row) => row.purpose);
  return { flows: flowRows.sort((a, b) => (a.name ?? a.id).localeCompare(b.name ?? b.id)), purposes };
}

/**
 * GDPR Art. 17 erasure that keeps the proof (Art. 17(3)(e)): the subject's key is
 * deleted, so the clear id stored with the events can no longer be read, while the
 * events and their chain stay as they are. Rows from before the chain, which hold
 * the id itself, get its pseudonym instead (the only change the database allows on
 * them). Recorded in the audit log with the SHA-256 of the subject only.
 */
export async function eraseConsentSubject(
  db: Db,
  options: { workspaceId: string; actorId: string; subject: string },
): Promise<{ erased: number }> {
  const subject = options.subject.trim();
  return transaction(db, async (tx) => {
    const ledger = await ledgerOf(tx, options.workspaceId);
    const pseudonym = pseudonymOf(ledger.hmacSecret, subject);
    const chained =
      (
        await tx
          .select({ n: count() })
          .from(consentEvents)
          .where(and(eq(consentEvents.workspaceId, options.workspaceId), eq(consentEvents.subject, pseudonym)))
          .limit(1)
      )[0]?.n ?? 0;
    await tx
      .delete(consentSubjectKeys)
      .where(and(eq(consentSubjectKeys.workspaceId, options.workspaceId), eq(consentSubjectKeys.subject, pseudonym)));
    const legacy = (
      await tx
        .update(consentEvents)
        .set({ subject: pseudonym })
        .where(and(eq(consentEvents.workspaceId, options.workspaceId), eq(consentEvents.subject, subject), isNull(consentEvents.seq)))
        .returning({ eventId: consentEvents.eventId })
    ).length;
    const erased = chained + legacy;
    await recordAudit(tx, {
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
export async function countConsentEventsOfSubject(db: Db, options: { workspaceId: string; subject: string }): Promise<number> {
  return (
    (
      await db
        .select({ n: count() })
        .from(consentEvents)
        .where(
          and(
            eq(consentEvents.workspaceId, options.workspaceId),
            inArray(consentEvents.subject, await storedSubjects(db, options.workspaceId, options.subject)),
          ),
        )
        .limit(1)
    )[0]?.n ?? 0
  );
}

/**
 * The filtered ledger as CSV, for the controller's records. Downloading it is
 * recorded in the audit log, because the file leaves the app with pseudonymous data.
 */
export async function consentLedgerCsv(db: Db, options: ConsentFilter & { actorId: string }): Promise<string> {
  const { events } = await listConsentEvents(db, { ...options, limit: CONSENT_CSV_MAX_ROWS });
  await recordAudit(db, {
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
      "subject_pseudonym",
      "channel",
      "purpose",
      "outcome",
      "consent_step",
      "answer_mode",
      "text_sha256",
      "chain_seq",
    ],
    events.map((e) => [
      e.occurredAt,
      e.receivedAt,
      e.eventId,
      e.flowId,
      e.flowName,
      e.flowVersion,
      e.subject,
      e.pseudonym,
      e.channel,
      e.purpose,
      e.outcome,
      e.consentNodeId,
      e.answerMode,
      e.textHash,
      e.seq,
    ]),
  );
}

const escapeHtml = (value: string) =>
  value.replace(/[&<>"']/g, (char) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[char]!);

/**
 * A consent proof for one person (to answer an Art. 15 request or a warning letter):
 * a self-contained HTML page listing, per event, when it happened, which flow version
 * and consent step, the exact text and buttons shown, the answer and how it was
 * given, the privacy policy linked, and the ledger row with its chain hash. The texts
 * are rebuilt from the published version with the workspace's current controller
 * name, and their hash is compared with the recorded one. Recorded in the audit log.
 */
export async function consentProofHtml(
  db: Db,
  options: { workspaceId: string; actorId: string; subject: string; locale?: "de" | "en" },
): Promise<{ html: string; events: number }> {
  const [workspace] = await db.select().from(workspaces).where(eq(workspaces.id, options.workspaceId)).limit(1);
  if (!workspace) throw new AppError("NOT_FOUND", "Workspace not found.");
  const subject = options.subject.trim();
  const { events } = await listConsentEvents(db, { workspaceId: workspace.id, subject, limit: CONSENT_CSV_MAX_ROWS });
  const de = (options.locale ?? "de") === "de";
  const words = de
    ? {
        title: "Einwilligungsnachweis",
        intro: `Verantwortlich: ${workspace.controllerName || workspace.name}. Nutzerkennung: ${subject}. Erstellt: ${new Date().toISOString()}.`,
        none: "Für diese Nutzerkennung sind keine Einträge vorhanden.",
        when: "Zeitpunkt",
        flow: "Flow / Version / Schritt",
        shown: "Angezeigter Text und Buttons",
        answer: "Antwort",
        mode: { button: "per Button", text: "getippt" },
        privacy: "Verlinkte Datenschutzerklärung",
        row: "Ledger-Zeile / Kettenhash",
        matches: "Hash stimmt mit der veröffentlichten Version überein",
        differs: "Hash weicht vom heute erzeugten Text ab (Firmenname geändert?)",
        objection: "Widerspruch (keine Einwilligung erteilt); Bestätigungstext der Abmeldung",
      }
    : {
        title: "Consent proof",
        intro: `Controller: ${workspace.controllerName || workspace.name}. User id: ${subject}. Created: ${new Date().toISOString()}.`,
        none: "There are no records for this user id.",
        when: "Time",
        flow: "Flow / version / step",
        shown: "Text and buttons shown",
        answer: "Answer",
        mode: { button: "by button", text: "typed" },
        privacy: "Privacy policy linked",
        row: "Ledger row / chain hash",
        matches: "hash matches the published version",
        differs: "hash differs from the text built today (controller name changed?)",
        objection: "objection (no consent given); opt-out confirmation",
      };
  const references = await publishedReferences(db, workspace, events);
  const rows = [...events].reverse().map((event) => {
    const reference = references.get(versionKey(event.flowId, event.flowVersion))!;
    const consent = typeof reference === "string" || !event.consentNodeId ? undefined : reference.consents.get(event.consentNodeId);
    const shown = consent
      ? `<p>${escapeHtml(consent.text).replace(/\n/g, "<br>")}</p><p>[${escapeHtml(consent.acceptLabel)}] [${escapeHtml(consent.declineLabel)}]</p>`
      : `<p>${escapeHtml(words.objection)}</p>`;
    const check = consent ? (consent.textHash === event.textHash ? words.matches : words.differs) : "";
    return `<tr><td>${event.occurredAt.toISOString()}</td><td>${escapeHtml(event.flowName ?? event.flowId)} / ${event.flowVersion} / ${escapeHtml(
      event.consentNodeId ?? "—",
    )}</td><td>${shown}<p><small>SHA-256 ${event.textHash} — ${escapeHtml(check)}</small></p></td><td>${escapeHtml(
      event.outcome,
    )} (${escapeHtml(words.mode[(event.answerMode ?? "button") as "button" | "text"])})${event.explicit ? " — Art. 9" : ""}</td><td>${escapeHtml(
      event.privacyPolicyUrl ?? "",
    )}</td><td>${event.seq ?? "—"}</td></tr>`;
  });
  const html = `<!doctype html>
<html lang="${de ? "de" : "en"}"><head><meta charset="utf-8"><title>${escapeHtml(words.title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.4rem;vertical-align:top;text-align:left}small{color:#555}</style>
</head><body><h1>${escapeHtml(words.title)}</h1><p>${escapeHtml(words.intro)}</p>
${
  rows.length === 0
    ? `<p>${escapeHtml(words.none)}</p>`
    : `<table><thead><tr><th>${words.when}</th><th>${words.flow}</th><th>${words.shown}</th><th>${words.answer}</th><th>${words.privacy}</th><th>${words.row}</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>`
}
</body></html>
`;
  await recordAudit(db, {
    workspaceId: workspace.id,
    actorId: options.actorId,
    action: "consent.proof",
    targetType: "consentSubject",
    targetId: sha256Hex(subject),
    after: { events: events.length },
  });
  return { html, events: events.length };
}
