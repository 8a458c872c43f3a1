import { and, asc, eq, gte, inArray, lte } from "drizzle-orm";
import type { Db } from "@/db/client";
import { analyticsCounts, analyticsSettings, flowVersions, flows } from "@/db/schema";
import {
  DEFAULT_RAW_RETENTION_DAYS,
  MAX_RAW_RETENTION_DAYS,
  ZAnalyticsEvent,
  ZAnalyticsEventBatch,
  shownCount,
  shownShare,
  type AnalyticsEvent,
  type ShownCount,
} from "@/core/domain/analytics";
import { countKeyString, countKeysOf, type CountKey, type CountKind } from "@/core/analytics/aggregate";
import { flowReport, type FlowReport, type SummedCount } from "@/core/analytics/report";
import { outputsOf, type Channel, type FlowDocument } from "@/core/flow";
import { insertRows, runStatement, selectRows } from "@/db/batch";
import { onPostgres } from "@/db/dialect";
import { preparedPerConnection } from "@/db/prepared";
import { AppError } from "@/server/errors";
import { recordAudit } from "./audit";
import { toCsv } from "./csv";
import { sha256Base64url } from "./secrets";
import { namedVersions, newEventsOf, versionDocumentText, versionKey, type NamedVersion } from "./ingestion";
import { serialize, transaction } from "@/db/transaction";

/*
 * Privacy-first analytics: events from deployed bots are checked against the
 * published version they name and added to daily counts in the same transaction;
 * raw events are kept only when the workspace asks for it (default: 0 days). Every
 * count that leaves this module passes through `shownCount` (< 5 → "< 5").
 */

/** Clock skew allowed for a sender's `occurredAt` in the future. */
export const ANALYTICS_FUTURE_TOLERANCE_MS = 5 * 60_000;
/** How long event ids are remembered so a resent event is not counted twice. */
export const ANALYTICS_DEDUP_DAYS = 30;
const DAY_MS = 86_400_000;

/** The retention look-up of the ingestion hot path, prepared once per connection (the query builder costs more than SQLite here). */
const RETENTION = "SELECT raw_retention_days FROM analytics_settings WHERE workspace_id = ?";
const statementsOf = preparedPerConnection((db) => ({
  retention: db.$client.prepare<[string], { raw_retention_days: number }>(RETENTION),
}));

/** What an event is checked against: the steps, outputs and edges of one published version. */
interface VersionReference {
  publishedAt: number;
  nodes: Map<string, { type: string; outputs: Set<string> }>;
  /** `source\noutput\ntarget` of every edge. */
  edges: Set<string>;
}

const referenceCache = new Map<string, VersionReference>();
const REFERENCE_CACHE_MAX = 200;

function referenceOf(document: Pick<FlowDocument, "nodes" | "edges">, publishedAt: number): VersionReference {
  return {
    publishedAt,
    nodes: new Map(document.nodes.map((node) => [node.id, { type: node.type, outputs: new Set(outputsOf(node)) }])),
    edges: new Set(document.edges.map((edge) => `${edge.source}\n${edge.sourceHandle}\n${edge.target}`)),
  };
}

/** The version as the checks see it, built once per flow, number and content hash. */
async function referenceOfVersion(db: Db, version: NamedVersion): Promise<VersionReference> {
  const key = `${version.flowId}\n${version.number}\n${version.contentHash}`;
  const cached = referenceCache.get(key);
  if (cached) return cached;
  const document = JSON.parse((await versionDocumentText(db, version.flowId, version.number))!) as FlowDocument;
  const reference = referenceOf(document, version.createdAt);
  if (referenceCache.size >= REFERENCE_CACHE_MAX) referenceCache.delete(referenceCache.keys().next().value!);
  referenceCache.set(key, reference);
  return reference;
}

/** What each published version the events name is checked against (or why it cannot be), by `versionKey`, from one lookup. */
async function versionReferences(
  db: Db,
  workspaceId: string,
  events: readonly AnalyticsEvent[],
): Promise<Map<string, VersionReference | string>> {
  const references = new Map<string, VersionReference | string>();
  for (const [key, version] of await namedVersions(db, workspaceId, events)) {
    references.set(key, typeof version === "string" ? version : await referenceOfVersion(db, version));
  }
  return references;
}

/** The saved draft as version 0: what the preview runs (never cached, the draft changes). */
async function draftReference(db: Db, workspaceId: string, flowId: string): Promise<VersionReference | string> {
  const [flow] = await db
    .select({ document: flows.document })
    .from(flows)
    .where(and(eq(flows.id, flowId), eq(flows.workspaceId, workspaceId)))
    .limit(1);
  if (!flow) return `flow "${flowId}" is not a flow of this workspace`;
  return referenceOf(JSON.parse(flow.document) as FlowDocument, 0);
}

const ANSWERED_STEPS = new Set(["consent", "choice", "input"]);

/** Every way an event disagrees with the version it names (empty: it belongs there). */
function problemsOf(event: AnalyticsEvent, reference: VersionReference | string, now: number): { field: string; message: string }[] {
  if (typeof reference === "string") return [{ field: "flowVersion", message: reference }];
  const problems: { field: string; message: string }[] = [];
  const version = event.flowVersion;
  const step = event.nodeId === null ? undefined : reference.nodes.get(event.nodeId);
  if (event.nodeId !== null && !step) problems.push({ field: "nodeId", message: `step "${event.nodeId}" is not in version ${version}` });
  if (event.type === "stepReached" && event.via) {
    const from = reference.nodes.get(event.via.nodeId);
    if (!from) problems.push({ field: "via.nodeId", message: `step "${event.via.nodeId}" is not in version ${version}` });
    else if (!reference.edges.has(`${event.via.nodeId}\n${event.via.output}\n${event.nodeId}`)) {
      problems.push({
        field: "via.output",
        message: `version ${version} has no connection from "${event.via.nodeId}" (${event.via.output}) to "${event.nodeId}"`,
      });
    }
  }
  if (event.type === "answerGiven" && step) {
    if (!ANSWERED_STEPS.has(step.type)) {
      problems.push({ field: "nodeId", message: `step "${event.nodeId}" is a ${step.type} step, which takes no answer` });
    } else if (!step.outputs.has(event.output)) {
      problems.push({ field: "output", message: `"${event.output}" is not an option or output of step "${event.nodeId}"` });
    }
  }
  if (event.type === "optOut" && event.consentNodeId !== null && reference.nodes.get(event.consentNodeId)?.type !== "consent") {
    problems.push({ field: "consentNodeId", message: `step "${event.consentNodeId}" is not a consent step of version ${version}` });
  }
  const at = Date.parse(event.occurredAt);
  if (at < reference.publishedAt) problems.push({ field: "occurredAt", message: `occurredAt is before version ${version} was published` });
  if (at > now + ANALYTICS_FUTURE_TOLERANCE_MS) problems.push({ field: "occurredAt", message: "occurredAt is in the future" });
  return problems;
}

function refusal(code: "INVALID_EVENTS" | "INVALID_INPUT", issues: { path: string; message: string }[]): AppError {
  const first = issues[0];
  return new AppError(code, first ? `${first.path || "events"}: ${first.message}` : "Invalid analytics events.", { details: { issues } });
}

/** The workspace's raw retention in days (0: raw events are not kept). */
export async function analyticsRetentionDays(db: Db, workspaceId: string): Promise<number> {
  const row = onPostgres
    ? (await selectRows<{ raw_retention_days: number }>(db, RETENTION, [workspaceId]))[0]
    : statementsOf(db).retention.get(workspaceId);
  return row?.raw_retention_days ?? DEFAULT_RAW_RETENTION_DAYS;
}

/**
 * Counts analytics events a deployed bot (or the preview) reported. All or nothing:
 * a field outside the schema (a person identifier, typed text) refuses the batch with
 * `INVALID_EVENTS` (422) naming it; an event that does not belong to the published
 * version it names (flow of this workspace, version, step, option, connection, time)
 * refuses it with `INVALID_INPUT` (400). Accepted events are added to the daily counts
 * in one transaction. Idempotent by `eventId`; the same id with other content is a
 * `CONFLICT`. Raw events are stored only while the workspace's retention is above 0.
 */
export async function recordAnalyticsEvents(
  db: Db,
  options: { workspaceId: string; events: unknown; now?: number },
): Promise<{ received: number; counted: number; duplicates: number }> {
  const parsed = ZAnalyticsEventBatch.safeParse(options.events);
  if (!parsed.success) {
    throw refusal(
      "INVALID_EVENTS",
      parsed.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    );
  }
  const events = parsed.data;
  const now = options.now ?? Date.now();
  const references = await versionReferences(db, options.workspaceId, events);
  const issues: { path: string; message: string }[] = [];
  events.forEach((event, index) => {
    const reference = references.get(versionKey(event.flowId, event.flowVersion))!;
    for (const problem of problemsOf(event, reference, now)) issues.push({ path: `${index}.${problem.field}`, message: problem.message });
  });
  if (issues.length > 0) throw refusal("INVALID_INPUT", issues);
  const result = await addEvents(db, options.workspaceId, events, now);
  await purgeNowAndThen(db, options.workspaceId, now);
  return result;
}

/** How often ingestion purges what the retention no longer allows, per workspace and process. */
const PURGE_EVERY_MS = 3_600_000;
const lastPurge = new Map<string, number>();

/** Keeps the retention without a scheduler: the first batch of each hour purges its workspace. */
async function purgeNowAndThen(db: Db, workspaceId: string, now: number): Promise<void> {
  if (now - (lastPurge.get(workspaceId) ?? -Infinity) < PURGE_EVERY_MS) return;
  lastPurge.set(workspaceId, now);
  await purgeAnalyticsEvents(db, { workspaceId, now });
}

/**
 * The editor preview's events, counted as test traffic whatever they say. Version 0
 * is the saved draft. Events that do not fit (a step added since the last save) are
 * dropped and counted as such instead of refusing the rest: the preview is a rehearsal.
 */
export async function recordTestEvents(
  db: Db,
  options: { workspaceId: string; events: unknown[]; now?: number },
): Promise<{ received: number; counted: number; duplicates: number; dropped: number }> {
  const now = options.now ?? Date.now();
  const events: AnalyticsEvent[] = [];
  for (const raw of options.events) {
    const parsed = ZAnalyticsEvent.safeParse(raw);
    if (parsed.success) events.push({ ...parsed.data, test: true });
  }
  const references = await versionReferences(
    db,
    options.workspaceId,
    events.filter((event) => event.flowVersion !== 0),
  );
  const valid: AnalyticsEvent[] = [];
  for (const event of events) {
    const key = versionKey(event.flowId, event.flowVersion);
    let reference = references.get(key);
    if (reference === undefined) references.set(key, (reference = await draftReference(db, options.workspaceId, event.flowId)));
    if (problemsOf(event, reference, now).length === 0) valid.push(event);
  }
  const dropped = options.events.length - valid.length;
  if (valid.length === 0) return { received: options.events.length, counted: 0, duplicates: 0, dropped };
  const result = await addEvents(db, options.workspaceId, valid, now);
  return { ...result, received: options.events.length, dropped };
}

const COUNT_COLUMNS = "workspace_id, flow_id, flow_version, node_id, kind, output, channel, day, test";

/**
 * Adds checked events to the counts, once each, in one transaction and a few statements:
 * one lookup of the ids already stored, one multi-row insert of the new ids, and one
 * upsert per distinct count row with the batch's increments added up in memory.
 */
async function addEvents(db: Db, workspaceId: string, events: AnalyticsEvent[], now: number) {
  const keepRaw = (await analyticsRetentionDays(db, workspaceId)) > 0;
  // The parsed event's keys come in the schema's order, so its JSON is the same for the same event
  // (and several times cheaper than sorting keys for a canonical form on the hot path).
  const digested = events.map((event) => {
    const body = JSON.stringify(event);
    return { event, eventId: event.eventId, body, digest: sha256Base64url(body) };
  });
  return transaction(db, async (tx) => {
    // Batches of one workspace at once (several instances) take turns, so an event sent to two is counted once.
    await serialize(tx, `analytics:${workspaceId}`);
    // A conflict throws: nothing of the batch is counted.
    const fresh = await newEventsOf(
      tx,
      "analytics_events",
      workspaceId,
      digested,
      (id) => `event "${id}" was already counted with other content`,
    );
    await insertRows(
      tx,
      "INSERT INTO analytics_events (workspace_id, event_id, digest, received_at, body)",
      fresh.map(({ eventId, digest, body }) => [workspaceId, eventId, digest, now, keepRaw ? body : null]),
    );
    await insertRows(
      tx,
      `INSERT INTO analytics_counts (${COUNT_COLUMNS}, count)`,
      [...incrementsOf(fresh.map(({ event }) => event)).values()].map(({ key, by }) => [
        workspaceId,
        key.flowId,
        key.flowVersion,
        key.nodeId,
        key.kind,
        key.output,
        key.channel,
        key.day,
        key.test ? 1 : 0,
        by,
      ]),
      ` ON CONFLICT (${COUNT_COLUMNS}) DO UPDATE SET count = analytics_counts.count + excluded.count`,
    );
    return { received: events.length, counted: fresh.length, duplicates: events.length - fresh.length };
  });
}

/** The events' count rows with how much each grows, added up by row. */
function incrementsOf(events: readonly AnalyticsEvent[]): Map<string, { key: CountKey; by: number }> {
  const increments = new Map<string, { key: CountKey; by: number }>();
  for (const event of events) {
    for (const key of countKeysOf(event)) {
      const id = countKeyString(key);
      const entry = increments.get(id);
      if (entry) entry.by++;
      else increments.set(id, { key, by: 1 });
    }
  }
  return increments;
}

/**
 * Forgets what the retention no longer allows: raw event bodies older than the
 * workspace's retention, and event ids older than the dedup window (or the retention,
 * when longer). The counts stay.
 */
export async function purgeAnalyticsEvents(
  db: Db,
  options: { workspaceId: string; now?: number },
): Promise<{ rawCleared: number; idsForgotten: number }> {
  const now = options.now ?? Date.now();
  const days = await analyticsRetentionDays(db, options.workspaceId);
  return transaction(db, async (tx) => {
    const rawCleared = await runStatement(
      tx,
      "UPDATE analytics_events SET body = NULL WHERE workspace_id = ? AND body IS NOT NULL AND received_at < ?",
      [options.workspaceId, now - days * DAY_MS],
    );
    const idsForgotten = await runStatement(tx, "DELETE FROM analytics_events WHERE workspace_id = ? AND received_at < ?", [
      options.workspaceId,
      now - Math.max(days, ANALYTICS_DEDUP_DAYS) * DAY_MS,
    ]);
    return { rawCleared, idsForgotten };
  });
}

/** Sets how many days raw events are kept (0 to 90); recorded in the audit log, applied at once. */
export async function setAnalyticsRetention(
  db: Db,
  options: { workspaceId: string; actorId: string; days: number; now?: number },
): Promise<{ days: number }> {
  if (!Number.isInteger(options.days) || options.days < 0 || options.days > MAX_RAW_RETENTION_DAYS) {
    throw new AppError("INVALID_INPUT", `The retention must be a whole number of days from 0 to ${MAX_RAW_RETENTION_DAYS}.`, {
      field: "days",
    });
  }
  await transaction(db, async (tx) => {
    // Two changes at once (two admins, two instances) take turns, so each records the value it replaced.
    await serialize(tx, `analytics-retention:${options.workspaceId}`);
    const before = await analyticsRetentionDays(tx, options.workspaceId);
    await tx
      .insert(analyticsSettings)
      .values({ workspaceId: options.workspaceId, rawRetentionDays: options.days })
      .onConflictDoUpdate({ target: analyticsSettings.workspaceId, set: { rawRetentionDays: options.days } });
    await recordAudit(tx, {
      workspaceId: options.workspaceId,
      actorId: options.actorId,
      action: "analytics.retention",
      targetType: "workspace",
      targetId: options.workspaceId,
      before: { days: before },
      after: { days: options.days },
    });
  });
  await purgeAnalyticsEvents(db, { workspaceId: options.workspaceId, now: options.now });
  return { days: options.days };
}

// ---- reading ------------------------------------------------------------------

export type AnalyticsPeriod = {
  /** First UTC day (YYYY-MM-DD), inclusive. */
  from?: string;
  /** Last UTC day (YYYY-MM-DD), inclusive. */
  to?: string;
  /** Preview and `simulate` traffic instead of live traffic. */
  test: boolean;
};

function periodConditions(workspaceId: string, period: AnalyticsPeriod) {
  const conditions = [eq(analyticsCounts.workspaceId, workspaceId), eq(analyticsCounts.test, period.test)];
  if (period.from) conditions.push(gte(analyticsCounts.day, period.from));
  if (period.to) conditions.push(lte(analyticsCounts.day, period.to));
  return conditions;
}

async function flowOf(db: Db, workspaceId: string, flowId: string) {
  const [flow] = await db
    .select({ id: flows.id, name: flows.name })
    .from(flows)
    .where(and(eq(flows.id, flowId), eq(flows.workspaceId, workspaceId)))
    .limit(1);
  if (!flow) throw new AppError("NOT_FOUND", "Flow not found.");
  return flow;
}

async function versionDocument(db: Db, flowId: string, number: number): Promise<FlowDocument | null> {
  if (number === 0) {
    const [draft] = await db.select({ document: flows.document }).from(flows).where(eq(flows.id, flowId)).limit(1);
    return draft ? (JSON.parse(draft.document) as FlowDocument) : null;
  }
  const text = await versionDocumentText(db, flowId, number);
  return text === undefined ? null : (JSON.parse(text) as FlowDocument);
}

export type FlowAnalytics = FlowReport & { flowId: string; version: number; channel: Channel | null; period: AnalyticsPeriod };

/**
 * The overlay of one published version: per step reached, continued, dropped, output
 * shares and consent answers; per edge its traffic. Counts below 5 are "< 5".
 */
export async function flowAnalytics(
  db: Db,
  options: { workspaceId: string; flowId: string; version: number; channel?: Channel | null } & AnalyticsPeriod,
): Promise<FlowAnalytics> {
  await flowOf(db, options.workspaceId, options.flowId);
  const document = await versionDocument(db, options.flowId, options.version);
  if (!document) throw new AppError("NOT_FOUND", `Version ${options.version} of this flow is not published.`);
  const conditions = [
    ...periodConditions(options.workspaceId, options),
    eq(analyticsCounts.flowId, options.flowId),
    eq(analyticsCounts.flowVersion, options.version),
  ];
  if (options.channel) conditions.push(eq(analyticsCounts.channel, options.channel));
  const counts = (await db
    .select({ nodeId: analyticsCounts.nodeId, kind: analyticsCounts.kind, output: analyticsCounts.output, count: analyticsCounts.count })
    .from(analyticsCounts)
    .where(and(...conditions))) as SummedCount[];
  const period = { from: options.from, to: options.to, test: options.test };
  return { flowId: options.flowId, version: options.version, channel: options.channel ?? null, period, ...flowReport(document, counts) };
}

export interface DashboardRow {
  flowId: string;
  flowName: string | null;
  channel: string;
  conversations: ShownCount;
  completed: ShownCount;
  completionShare: number | null;
  optOuts: ShownCount;
}

export interface ConsentRateRow {
  flowId: string;
  flowName: string | null;
  purpose: string;
  reached: ShownCount;
  accept: ShownCount;
  decline: ShownCount;
  noAnswer: ShownCount;
  acceptShare: number | null;
}

export interface WorkspaceAnalytics {
  totals: { conversations: ShownCount; completed: ShownCount; completionShare: number | null; optOuts: ShownCount };
  rows: DashboardRow[];
  consent: ConsentRateRow[];
  /** Conversations per day (all flows and channels), for the chart. */
  daily: { day: string; conversations: ShownCount }[];
}

/** Raw sums behind the dashboard; only `workspaceAnalytics` turns them into shown counts. */
async function dashboardSums(db: Db, workspaceId: string, period: AnalyticsPeriod, flowId?: string) {
  const conditions = periodConditions(workspaceId, period);
  if (flowId) conditions.push(eq(analyticsCounts.flowId, flowId));
  const rows = await db
    .select({
      flowId: analyticsCounts.flowId,
      flowVersion: analyticsCounts.flowVersion,
      nodeId: analyticsCounts.nodeId,
      kind: analyticsCounts.kind,
      output: analyticsCounts.output,
      channel: analyticsCounts.channel,
      day: analyticsCounts.day,
      count: analyticsCounts.count,
    })
    .from(analyticsCounts)
    .where(and(...conditions, inArray(analyticsCounts.kind, ["reached", "answer", "ended", "optOut"] satisfies CountKind[])))
    .orderBy(asc(analyticsCounts.day));
  const documents = new Map<string, FlowDocument | null>();
  const documentOf = async (flow: string, version: number) => {
    const key = `${flow}\n${version}`;
    if (!documents.has(key)) documents.set(key, await versionDocument(db, flow, version));
    return documents.get(key)!;
  };
  const byFlowChannel = new Map<string, { flowId: string; channel: string; conversations: number; completed: number; optOuts: number }>();
  const consent = new Map<string, { flowId: string; purpose: string; reached: number; accept: number; decline: number }>();
  const daily = new Map<string, number>();
  for (const row of rows) {
    const node = (await documentOf(row.flowId, row.flowVersion))?.nodes.find((n) => n.id === row.nodeId);
    const fc = `${row.flowId}\n${row.channel}`;
    let total = byFlowChannel.get(fc);
    if (!total) byFlowChannel.set(fc, (total = { flowId: row.flowId, channel: row.channel, conversations: 0, completed: 0, optOuts: 0 }));
    if (row.kind === "reached" && node?.type === "start") {
      total.conversations += row.count;
      daily.set(row.day, (daily.get(row.day) ?? 0) + row.count);
    }
    if (row.kind === "ended" && row.output === "completed") total.completed += row.count;
    if (row.kind === "optOut") total.optOuts += row.count;
    if (node?.type === "consent" && (row.kind === "reached" || row.kind === "answer")) {
      for (const purpose of node.data.purposes) {
        const key = `${row.flowId}\n${purpose}`;
        let rate = consent.get(key);
        if (!rate) consent.set(key, (rate = { flowId: row.flowId, purpose, reached: 0, accept: 0, decline: 0 }));
        if (row.kind === "reached") rate.reached += row.count;
        else if (row.output === "accept") rate.accept += row.count;
        else if (row.output === "decline") rate.decline += row.count;
      }
    }
  }
  return { byFlowChannel: [...byFlowChannel.values()], consent: [...consent.values()], daily };
}

async function flowNames(db: Db, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: flows.id, name: flows.name })
    .from(flows)
    .where(and(eq(flows.workspaceId, workspaceId), inArray(flows.id, ids)));
  return new Map(rows.map((row) => [row.id, row.name]));
}

/** The workspace dashboard: conversations, completion, opt-outs per flow and channel, consent rate per purpose, a daily series. */
export async function workspaceAnalytics(
  db: Db,
  options: { workspaceId: string; flowId?: string } & AnalyticsPeriod,
): Promise<WorkspaceAnalytics> {
  const sums = await dashboardSums(db, options.workspaceId, options, options.flowId);
  const names = await flowNames(db, options.workspaceId, [...new Set(sums.byFlowChannel.map((row) => row.flowId))]);
  const totals = sums.byFlowChannel.reduce(
    (sum, row) => ({
      conversations: sum.conversations + row.conversations,
      completed: sum.completed + row.completed,
      optOuts: sum.optOuts + row.optOuts,
    }),
    { conversations: 0, completed: 0, optOuts: 0 },
  );
  return {
    totals: {
      conversations: shownCount(totals.conversations),
      completed: shownCount(totals.completed),
      completionShare: shownShare(totals.completed, totals.conversations),
      optOuts: shownCount(totals.optOuts),
    },
    rows: sums.byFlowChannel
      .map((row) => ({
        flowId: row.flowId,
        flowName: names.get(row.flowId) ?? null,
        channel: row.channel,
        conversations: shownCount(row.conversations),
        completed: shownCount(row.completed),
        completionShare: shownShare(row.completed, row.conversations),
        optOuts: shownCount(row.optOuts),
      }))
      .sort((a, b) => (a.flowName ?? a.flowId).localeCompare(b.flowName ?? b.flowId) || a.channel.localeCompare(b.channel)),
    consent: sums.consent
      .map((rate) => ({
        flowId: rate.flowId,
        flowName: names.get(rate.flowId) ?? null,
        purpose: rate.purpose,
        reached: shownCount(rate.reached),
        accept: shownCount(rate.accept),
        decline: shownCount(rate.decline),
        noAnswer: shownCount(Math.max(0, rate.reached - rate.accept - rate.decline)),
        acceptShare: shownShare(rate.accept, rate.reached),
      }))
      .sort((a, b) => (a.flowName ?? a.flowId).localeCompare(b.flowName ?? b.flowId) || a.purpose.localeCompare(b.purpose)),
    daily: [...sums.daily.entries()].map(([day, conversations]) => ({ day, conversations: shownCount(conversations) })),
  };
}

/**
 * The counts as CSV, summed over the period per flow, version, channel, step, kind and
 * output (daily rows would be mostly below 5). Suppressed counts read "< 5".
 */
export async function analyticsCsv(
  db: Db,
  options: { workspaceId: string; actorId: string; flowId?: string } & AnalyticsPeriod,
): Promise<string> {
  const conditions = periodConditions(options.workspaceId, options);
  if (options.flowId) conditions.push(eq(analyticsCounts.flowId, options.flowId));
  const rows = await db
    .select({
      flowId: analyticsCounts.flowId,
      flowVersion: analyticsCounts.flowVersion,
      channel: analyticsCounts.channel,
      nodeId: analyticsCounts.nodeId,
      kind: analyticsCounts.kind,
      output: analyticsCounts.output,
      count: analyticsCounts.count,
    })
    .from(analyticsCounts)
    .where(and(...conditions));
  const sums = new Map<string, { row: (typeof rows)[number]; count: number }>();
  for (const row of rows) {
    const key = [row.flowId, row.flowVersion, row.channel, row.nodeId, row.kind, row.output].join("\u0000");
    const entry = sums.get(key);
    if (entry) entry.count += row.count;
    else sums.set(key, { row, count: row.count });
  }
  const names = await flowNames(db, options.workspaceId, [...new Set(rows.map((row) => row.flowId))]);
  const sorted = [...sums.values()].sort(
    (a, b) =>
      a.row.flowId.localeCompare(b.row.flowId) ||
      a.row.flowVersion - b.row.flowVersion ||
      a.row.channel.localeCompare(b.row.channel) ||
      a.row.nodeId.localeCompare(b.row.nodeId) ||
      a.row.kind.localeCompare(b.row.kind) ||
      a.row.output.localeCompare(b.row.output),
  );
  await recordAudit(db, {
    workspaceId: options.workspaceId,
    actorId: options.actorId,
    action: "analytics.export",
    targetType: "analytics",
    after: { rows: sorted.length, filter: { flowId: options.flowId, from: options.from, to: options.to, test: options.test } },
  });
  return toCsv(
    ["flow_id", "flow_name", "flow_version", "channel", "step", "kind", "output", "count", "from", "to", "test_traffic"],
    sorted.map(({ row, count }) => [
      row.flowId,
      names.get(row.flowId) ?? null,
      row.flowVersion,
      row.channel,
      row.nodeId,
      row.kind,
      row.output,
      shownCount(count),
      options.from ?? null,
      options.to ?? null,
      options.test,
    ]),
  );
}

/** The published versions of a flow that have counts, newest first, for the version pickers. */
export async function analyticsVersions(
  db: Db,
  options: { workspaceId: string; flowId: string },
): Promise<{ number: number; publishedAt: Date }[]> {
  await flowOf(db, options.workspaceId, options.flowId);
  return (
    await db
      .select({ number: flowVersions.number, publishedAt: flowVersions.createdAt })
      .from(flowVersions)
      .where(eq(flowVersions.flowId, options.flowId))
      .orderBy(asc(flowVersions.number))
  ).reverse();
}
