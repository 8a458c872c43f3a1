import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, consentEvents, consentSubjectKeys, workspaces } from "@/db/schema";
import { MAX_ROWS_PER_STATEMENT, runStatement, timeValue } from "@/db/batch";
import { onPostgres } from "@/db/dialect";
import type { ConsentEventInput } from "@/core/domain/consent";
import type { RuntimeConsentEvent } from "@/core/export";
import { Conversation, loadExport } from "@/core/runtime";
import { isAppError } from "@/server/errors";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { publishedLeadFlow } from "@/server/testing/fixtures";
import { consentLedgerCsv, consentProofHtml, eraseConsentSubject, listConsentEvents, recordConsentEvents } from "./consent";
import { verifyLedger } from "./consentLedger";
import { sha256Hex } from "./secrets";
import { exportVersion } from "./versions";

/*
 * The consent ledger on a real database (SQLite file or PostgreSQL): events the runtime emitted for a
 * published flow are accepted; events that do not belong to that version are
 * refused with each problem named; rows are append-only and hash-chained.
 */

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

async function setup(name = "Ledger Shop") {
  const { user, workspace, flow } = await publishedLeadFlow(t.db, name);
  const exported = (await exportVersion(t.db, { workspace, flowId: flow.id, channel: "messenger" })).export;
  /** A conversation of one user: accept, then STOP; returns what the runtime emitted. */
  const converse = (subject: string, now = Date.now()) => {
    const c = new Conversation(loadExport(exported), { subject, now });
    c.send({ type: "start" });
    c.send({ type: "button", id: "accept" });
    c.send({ type: "text", text: "STOP" });
    return c.consentEvents;
  };
  return { user, workspace, flow, exported, converse };
}

const asInput = (events: RuntimeConsentEvent[]): ConsentEventInput[] => events;

/** The database's own words when it refuses `query` (drizzle on PostgreSQL puts them in the error's cause). */
async function refusedBy(query: PromiseLike<unknown>): Promise<string> {
  try {
    await query;
  } catch (error) {
    const { message, cause } = error as Error;
    return cause instanceof Error ? `${message}\n${cause.message}` : message;
  }
  throw new Error("expected the database to refuse the statement");
}

/**
 * Someone with direct access to the database (the SQLite file, or a PostgreSQL login) drops
 * the ledger's `trigger` and runs `statement` behind the app's back.
 */
async function tamper(trigger: string, statement: string): Promise<void> {
  if (onPostgres) {
    await runStatement(t.db, `DROP TRIGGER IF EXISTS ${trigger} ON consent_events`, []);
    await runStatement(t.db, statement, []);
    return;
  }
  const raw = new Database(t.file);
  try {
    raw.exec(`DROP TRIGGER IF EXISTS ${trigger}`);
    raw.prepare(statement).run();
  } finally {
    raw.close();
  }
}

async function refusal(run: () => unknown): Promise<{ code: string; issues: { path: string; message: string }[] }> {
  try {
    await run();
  } catch (error) {
    if (isAppError(error)) return { code: error.code, issues: (error.details as { issues: { path: string; message: string }[] }).issues };
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("consent events v2", () => {
  it("stores what the runtime emitted, once, chained; resending the same events changes nothing", async () => {
    const { workspace, converse } = await setup();
    const events = asInput(converse("psid-1"));
    expect(events.map((e) => e.outcome)).toEqual(["accept", "withdraw"]);
    expect(await recordConsentEvents(t.db, { workspaceId: workspace.id, events })).toEqual({ received: 2, inserted: 2, duplicates: 0 });
    expect(await recordConsentEvents(t.db, { workspaceId: workspace.id, events })).toEqual({ received: 2, inserted: 0, duplicates: 2 });
    const rows = await t.db.select().from(consentEvents).orderBy(consentEvents.seq);
    expect(rows.map((r) => r.seq)).toEqual([1, 2]);
    expect(rows[1].prevHash).toBe(rows[0].rowHash);
    // The user id is stored as its keyed hash, never in clear.
    expect(JSON.stringify(rows)).not.toContain("psid-1");
    expect(
      (await listConsentEvents(t.db, { workspaceId: workspace.id, subject: "psid-1", limit: 10 })).events.map((e) => e.subject),
    ).toEqual(["psid-1", "psid-1"]);
    expect(await verifyLedger(t.db, workspace.id)).toMatchObject({ ok: true, rows: 2 });
  });

  it("answers an event id resent with other content with a conflict, storing nothing of the batch", async () => {
    const { workspace, converse } = await setup();
    const [accept, withdraw] = asInput(converse("psid-1"));
    await recordConsentEvents(t.db, { workspaceId: workspace.id, events: [accept] });
    const result = await refusal(() =>
      recordConsentEvents(t.db, { workspaceId: workspace.id, events: [withdraw, { ...accept, outcome: "decline" }] }),
    );
    expect(result.code).toBe("CONFLICT");
    expect(result.issues).toEqual([{ path: "1.eventId", message: expect.stringContaining("already recorded with other content") }]);
    expect(await t.db.select().from(consentEvents)).toHaveLength(1);
  });

  it("takes an id stored before events had digests (a row from before the chain) as a repeat, not an error", async () => {
    const { workspace, flow, converse } = await setup();
    const [accept, withdraw] = asInput(converse("psid-1"));
    await runStatement(
      t.db,
      `INSERT INTO consent_events (workspace_id, event_id, flow_id, flow_version, subject, channel, purpose, outcome, text_hash, occurred_at)
       VALUES (?, ?, ?, 1, 'psid-old', 'messenger', 'lead', 'accept', ?, ?)`,
      [workspace.id, accept.eventId, flow.id, accept.textHash, timeValue(Date.now())],
    );
    expect(await recordConsentEvents(t.db, { workspaceId: workspace.id, events: [accept, withdraw] })).toEqual({
      received: 2,
      inserted: 1,
      duplicates: 1,
    });
    expect(await t.db.select().from(consentEvents)).toHaveLength(2);
  });

  const refusedKinds: [string, (e: ConsentEventInput, other: { flowId: string }) => ConsentEventInput, string, RegExp][] = [
    ["a flow of another workspace", (e, other) => ({ ...e, flowId: other.flowId }), "flowVersion", /not a flow of this workspace/],
    ["no flow at all", (e) => ({ ...e, flowId: "nope" }), "flowVersion", /not a flow of this workspace/],
    ["a version never published", (e) => ({ ...e, flowVersion: 9 }), "flowVersion", /no published version 9/],
    ["a content hash of another version", (e) => ({ ...e, contentHash: "a".repeat(64) }), "contentHash", /content hash of version 1/],
    ["a step that is not a consent step", (e) => ({ ...e, consentNodeId: "ask-name" }), "consentNodeId", /not a consent step/],
    ["a text hash of no consent step", (e) => ({ ...e, textHash: sha256Hex("something else") }), "textHash", /text and labels/],
    ["a purpose the step does not ask for", (e) => ({ ...e, purpose: "marketing" }), "purpose", /does not belong/],
    ["a wrong explicit flag", (e) => ({ ...e, explicit: true }), "explicit", /explicit must be false/],
    ["wrong categories", (e) => ({ ...e, categories: ["health"] }), "categories", /categories/],
    ["a time in 1970", (e) => ({ ...e, occurredAt: "1970-01-01T00:00:00Z" }), "occurredAt", /before version 1 was published/],
    ["a time in 9999", (e) => ({ ...e, occurredAt: "9999-01-01T00:00:00Z" }), "occurredAt", /in the future/],
    ["an accept without its step", (e) => ({ ...e, consentNodeId: null }), "consentNodeId", /needs the consent step/],
    ["a malformed hash", (e) => ({ ...e, textHash: "abc" }), "textHash", /SHA-256/],
  ];
  for (const [kind, tamper, field, message] of refusedKinds) {
    it(`refuses the batch for ${kind}, naming the event and field`, async () => {
      const { workspace, converse } = await setup();
      const other = await setup("Other Shop");
      const events = asInput(converse("psid-1"));
      const result = await refusal(() =>
        recordConsentEvents(t.db, { workspaceId: workspace.id, events: [events[0], tamper(events[1], { flowId: other.flow.id })] }),
      );
      expect(result.code).toBe("INVALID_INPUT");
      expect(result.issues).toContainEqual({ path: `1.${field}`, message: expect.stringMatching(message) });
      expect(await t.db.select().from(consentEvents)).toEqual([]);
    });
  }

  it("accepts an objection (STOP before any consent) with the confirmation's hash and no step", async () => {
    const { workspace, exported } = await setup();
    const c = new Conversation(loadExport(exported), { subject: "psid-2", now: Date.now() });
    c.send({ type: "start" });
    c.send({ type: "text", text: "stop." });
    expect(c.consentEvents).toEqual([expect.objectContaining({ outcome: "object", consentNodeId: null })]);
    expect((await recordConsentEvents(t.db, { workspaceId: workspace.id, events: c.consentEvents })).inserted).toBe(1);
  });
});

describe("consent batches, set-based", () => {
  it("stores an event repeated inside one batch once; the same id with other content in the batch is a conflict naming it", async () => {
    const { workspace, converse } = await setup();
    const [accept, withdraw] = asInput(converse("psid-1"));
    expect(await recordConsentEvents(t.db, { workspaceId: workspace.id, events: [accept, withdraw, accept] })).toEqual({
      received: 3,
      inserted: 2,
      duplicates: 1,
    });
    expect((await t.db.select().from(consentEvents).orderBy(consentEvents.seq)).map((row) => row.seq)).toEqual([1, 2]);

    const [again] = asInput(converse("psid-2"));
    const result = await refusal(() =>
      recordConsentEvents(t.db, {
        workspaceId: workspace.id,
        events: [again, again, { ...again, outcome: "decline" }],
      }),
    );
    expect(result.code).toBe("CONFLICT");
    expect(result.issues).toEqual([{ path: "2.eventId", message: `event "${again.eventId}" was already recorded with other content` }]);
    expect(await t.db.select().from(consentEvents)).toHaveLength(2);
    expect(await verifyLedger(t.db, workspace.id)).toMatchObject({ ok: true, rows: 2 });
  });

  it("chains batches posted at once (as to several instances), also one that arrives twice at once, into one ledger that verifies", async () => {
    const { workspace, converse } = await setup();
    const batches = Array.from({ length: 4 }, (_, i) => asInput(converse(`person-${i}`)));
    // The first batch twice: a bot's retry arriving beside the original. The ledger does not exist yet either.
    const results = await Promise.all(
      [...batches, batches[0]].map((events) => recordConsentEvents(t.db, { workspaceId: workspace.id, events })),
    );
    const distinct = batches.flat();
    expect(results.reduce((sum, result) => sum + result.inserted, 0)).toBe(distinct.length);
    expect(results.reduce((sum, result) => sum + result.duplicates, 0)).toBe(batches[0].length);
    const rows = await t.db.select().from(consentEvents).orderBy(consentEvents.seq);
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: distinct.length }, (_, i) => i + 1));
    expect(new Set(rows.map((row) => row.eventId))).toEqual(new Set(distinct.map((event) => event.eventId)));
    expect(await verifyLedger(t.db, workspace.id)).toMatchObject({ ok: true, rows: distinct.length });
  });

  it("verifies the chain while batches are being recorded beside it (as on other instances): never a false alarm", async () => {
    const { workspace, converse } = await setup();
    const batches = Array.from({ length: 12 }, (_, i) => asInput(converse(`writer-${i}`)));
    const verdicts: Awaited<ReturnType<typeof verifyLedger>>[] = [];
    let writing = true;
    const writers = (async () => {
      for (const events of batches) await recordConsentEvents(t.db, { workspaceId: workspace.id, events });
      writing = false;
    })();
    const checkers = Array.from({ length: 2 }, async () => {
      while (writing) verdicts.push(await verifyLedger(t.db, workspace.id));
    });
    await Promise.all([writers, ...checkers]);
    expect(verdicts.length).toBeGreaterThan(0);
    expect(verdicts.filter((verdict) => !verdict.ok)).toEqual([]);
    expect(await verifyLedger(t.db, workspace.id)).toMatchObject({ ok: true, rows: batches.flat().length });
  });

  it("stores only the new events of a batch that mixes them with stored ones, across statement chunks, in batch order", async () => {
    const { workspace, converse } = await setup();
    // 250 people, 500 events: the most a batch may hold, more than one statement carries.
    const events = Array.from({ length: 250 }, (_, i) => asInput(converse(`person-${i}`))).flat();
    expect(events.length).toBeGreaterThan(2 * MAX_ROWS_PER_STATEMENT);
    const early = events.filter((_, i) => i % 3 === 0);
    expect(await recordConsentEvents(t.db, { workspaceId: workspace.id, events: early })).toMatchObject({ inserted: early.length });
    expect(await recordConsentEvents(t.db, { workspaceId: workspace.id, events })).toEqual({
      received: 500,
      inserted: 500 - early.length,
      duplicates: early.length,
    });
    const rows = await t.db.select().from(consentEvents).orderBy(consentEvents.seq);
    expect(rows.map((row) => row.seq)).toEqual(Array.from({ length: 500 }, (_, i) => i + 1));
    const late = events.filter((_, i) => i % 3 !== 0);
    expect(rows.map((row) => row.eventId)).toEqual([...early, ...late].map((e) => e.eventId));
    expect(await verifyLedger(t.db, workspace.id)).toMatchObject({ ok: true, rows: 500 });
    // Every subject has one key, and every subject reads back in clear.
    expect(await t.db.select().from(consentSubjectKeys)).toHaveLength(250);
    const listed = (await listConsentEvents(t.db, { workspaceId: workspace.id, limit: 500 })).events;
    expect(new Set(listed.map((e) => e.subject))).toEqual(new Set(events.map((e) => e.subject)));
    // All of it again: 500 duplicates, found in several lookups.
    expect(await recordConsentEvents(t.db, { workspaceId: workspace.id, events })).toEqual({ received: 500, inserted: 0, duplicates: 500 });
  });

  it("keeps nothing of a large batch whose last event conflicts", async () => {
    const { workspace, converse } = await setup();
    const events = Array.from({ length: 250 }, (_, i) => asInput(converse(`person-${i}`))).flat();
    await recordConsentEvents(t.db, { workspaceId: workspace.id, events: [events[0]] });
    const result = await refusal(() =>
      recordConsentEvents(t.db, { workspaceId: workspace.id, events: [...events.slice(1), { ...events[0], answerMode: "text" }] }),
    );
    expect(result.issues).toEqual([{ path: "499.eventId", message: expect.stringContaining(events[0].eventId) }]);
    expect(await t.db.select().from(consentEvents)).toHaveLength(1);
    expect(await t.db.select().from(consentSubjectKeys)).toHaveLength(1);
    expect(await verifyLedger(t.db, workspace.id)).toMatchObject({ ok: true, rows: 1 });
  });
});

describe("evidence", () => {
  it.skipIf(onPostgres)(
    "gives the connection its own durability setting back after a batch, also after a refused one (SQLite only: PRAGMA synchronous is a setting of the SQLite connection)",
    async () => {
      const { workspace, converse } = await setup();
      const before = t.db.$client.pragma("synchronous", { simple: true });
      await recordConsentEvents(t.db, { workspaceId: workspace.id, events: converse("psid-1") });
      expect(t.db.$client.pragma("synchronous", { simple: true })).toBe(before);
      const conflicting = converse("psid-1").map((e) => ({ ...e, eventId: "reused" }));
      expect((await refusal(() => recordConsentEvents(t.db, { workspaceId: workspace.id, events: conflicting }))).code).toBe("CONFLICT");
      expect(t.db.$client.pragma("synchronous", { simple: true })).toBe(before);
    },
  );

  it("refuses UPDATE and DELETE of ledger rows in the database itself", async () => {
    const { workspace, converse } = await setup();
    await recordConsentEvents(t.db, { workspaceId: workspace.id, events: converse("psid-1") });
    expect(await refusedBy(t.db.update(consentEvents).set({ outcome: "decline" }))).toMatch(/append-only/);
    expect(await refusedBy(t.db.delete(consentEvents))).toMatch(/append-only/);
    // Deleting the whole workspace still takes its ledger with it.
    await t.db.delete(workspaces).where(eq(workspaces.id, workspace.id));
    expect(await t.db.select().from(consentEvents)).toEqual([]);
  });

  it("names the first broken link when a row is altered in the database file", async () => {
    const { workspace, converse } = await setup();
    for (const subject of ["a", "b", "c"]) await recordConsentEvents(t.db, { workspaceId: workspace.id, events: converse(subject) });
    expect(await verifyLedger(t.db, workspace.id)).toMatchObject({ ok: true, rows: 6 });
    // Someone with the file: drops the trigger and rewrites an answer.
    await tamper("consent_events_no_update", "UPDATE consent_events SET outcome = 'accept' WHERE seq = 4");
    const result = await verifyLedger(t.db, workspace.id);
    expect(result).toMatchObject({ ok: false, broken: { seq: 4, reason: expect.stringContaining("was changed") } });
  });

  it("notices a deleted row and a cut-off tail", async () => {
    const { workspace, converse } = await setup();
    for (const subject of ["a", "b"]) await recordConsentEvents(t.db, { workspaceId: workspace.id, events: converse(subject) });
    await tamper("consent_events_no_delete", "DELETE FROM consent_events WHERE seq = 4");
    expect(await verifyLedger(t.db, workspace.id)).toMatchObject({
      ok: false,
      broken: { seq: 4, reason: expect.stringContaining("4 rows were recorded") },
    });
    await tamper("consent_events_no_delete", "DELETE FROM consent_events WHERE seq = 2");
    expect(await verifyLedger(t.db, workspace.id)).toMatchObject({ ok: false, broken: { seq: 2, reason: "row 2 is missing" } });
  });

  it("erasure pseudonymises (the clear id becomes unreadable), keeps the proof and the chain verifies after", async () => {
    const { user, workspace, converse } = await setup();
    await recordConsentEvents(t.db, { workspaceId: workspace.id, events: converse("psid-123") });
    await recordConsentEvents(t.db, { workspaceId: workspace.id, events: converse("psid-999") });
    expect(await eraseConsentSubject(t.db, { workspaceId: workspace.id, actorId: user.id, subject: "psid-123" })).toEqual({ erased: 2 });
    const { events } = await listConsentEvents(t.db, { workspaceId: workspace.id, limit: 10 });
    expect(events).toHaveLength(4);
    expect(events.map((e) => e.subject).sort()).toEqual([null, null, "psid-999", "psid-999"]);
    expect(await verifyLedger(t.db, workspace.id)).toMatchObject({ ok: true, rows: 4 });
    const entry = (await t.db.select().from(auditLog).where(eq(auditLog.action, "consent.erase")).limit(1))[0]!;
    expect(entry).toMatchObject({ actorId: user.id, targetType: "consentSubject", targetId: sha256Hex("psid-123"), before: { events: 2 } });
    expect(JSON.stringify(entry)).not.toContain("psid-123");
  });

  it("exports a consent proof for one person: what was shown, when, what was answered, how", async () => {
    const { user, workspace, converse, exported } = await setup();
    await recordConsentEvents(t.db, { workspaceId: workspace.id, events: converse("psid-<b>") });
    await recordConsentEvents(t.db, { workspaceId: workspace.id, events: converse("someone-else") });
    const { html, events } = await consentProofHtml(t.db, {
      workspaceId: workspace.id,
      actorId: user.id,
      subject: "psid-<b>",
      locale: "en",
    });
    expect(events).toBe(2);
    const consent = exported.consents[0];
    expect(html).toContain(consent.text.split("\n")[0].replace(/'/g, "&#39;"));
    expect(html).toContain(`[${consent.acceptLabel}] [${consent.declineLabel}]`);
    expect(html).toContain("hash matches the published version");
    expect(html).toContain("accept (by button)");
    expect(html).toContain("withdraw (typed)");
    expect(html).toContain("psid-&lt;b&gt;");
    expect(html).not.toContain("psid-<b>");
    expect(html).not.toContain("someone-else");
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, "consent.proof")).limit(1))[0]?.after).toEqual({ events: 2 });
  });

  it("downloads the filtered ledger as CSV with pseudonym, step and answer mode, and records the download", async () => {
    const { user, workspace, converse } = await setup();
    await recordConsentEvents(t.db, { workspaceId: workspace.id, events: converse("=cmd|' /C calc'!A0") });
    const csv = await consentLedgerCsv(t.db, { workspaceId: workspace.id, actorId: user.id, outcome: "accept" });
    const [header, row] = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(header).toBe(
      "occurred_at,received_at,event_id,flow_id,flow_name,flow_version,subject,subject_pseudonym,channel,purpose,outcome,consent_step,answer_mode,text_sha256,chain_seq",
    );
    expect(row).toContain(",'=cmd|' /C calc'!A0,");
    expect(row).toContain(",messenger,lead,accept,consent,button,");
    expect((await t.db.select().from(auditLog).where(eq(auditLog.action, "consent.export")).limit(1))[0]?.after).toMatchObject({ rows: 1 });
  });
});
