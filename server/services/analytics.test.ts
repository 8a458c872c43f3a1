import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { analyticsCounts, analyticsEvents, auditLog } from "@/db/schema";
import { SMALL_COUNT, type AnalyticsEvent } from "@/core/domain/analytics";
import { outputsOf, type FlowDocument } from "@/core/flow";
import { Conversation, loadExport } from "@/core/runtime";
import { isAppError } from "@/server/errors";
import { MAX_ROWS_PER_STATEMENT } from "@/db/batch";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { publishedLeadFlow } from "@/server/testing/fixtures";
import { interleave } from "@/server/testing/interleave";
import {
  ANALYTICS_DEDUP_DAYS,
  analyticsCsv,
  flowAnalytics,
  purgeAnalyticsEvents,
  recordAnalyticsEvents,
  recordTestEvents,
  setAnalyticsRetention,
  workspaceAnalytics,
} from "./analytics";
import { exportVersion, getVersion } from "./versions";

/*
 * Analytics on a real database (SQLite file or PostgreSQL): what the runtime emits for a published flow is
 * counted once; anything personal is refused; counts below 5 never leave as numbers;
 * and the counts of any event stream equal a plain recount of its distinct events.
 */

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const DAY = 86_400_000;

/** Every count row, in primary-key order (PostgreSQL returns rows in no fixed order without one). */
function allCounts() {
  const c = analyticsCounts;
  return t.db.select().from(c).orderBy(c.workspaceId, c.flowId, c.flowVersion, c.nodeId, c.kind, c.output, c.channel, c.day, c.test);
}

async function setup(name = "Analytics Shop") {
  const { user, workspace, flow } = await publishedLeadFlow(t.db, name);
  const exported = (await exportVersion(t.db, { workspace, flowId: flow.id, channel: "messenger" })).export;
  const document = (await getVersion(t.db, { workspaceId: workspace.id, flowId: flow.id })).document;
  /** One person's conversation: start, then `answer` at the consent step; the analytics events emitted. */
  const converse = (answer: "accept" | "decline" | null, now = Date.now()) => {
    const c = new Conversation(loadExport(exported), { subject: `psid-${Math.random()}`, now });
    const turns = [c.send({ type: "start" })];
    if (answer) turns.push(c.send({ type: "button", id: answer }));
    return turns.flatMap((turn) => turn.effects.flatMap((effect) => (effect.kind === "analytics" ? [effect.event] : [])));
  };
  const consentStep = document.nodes.find((node) => node.type === "consent")!;
  return { user, workspace, flow, exported, document, converse, consentStep };
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

describe("analytics ingestion", () => {
  it("counts what the runtime emitted, once; resending the same events changes nothing", async () => {
    const { workspace, flow, converse, consentStep } = await setup();
    const events = converse("accept");
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(["stepReached", "answerGiven"]));
    expect(events).toContainEqual(expect.objectContaining({ type: "answerGiven", nodeId: consentStep.id, output: "accept" }));
    expect(await recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events })).toEqual({
      received: events.length,
      counted: events.length,
      duplicates: 0,
    });
    const before = await allCounts();
    expect(await recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events })).toEqual({
      received: events.length,
      counted: 0,
      duplicates: events.length,
    });
    expect(await allCounts()).toEqual(before);
    const reached = before.filter((row) => row.kind === "reached" && row.flowId === flow.id);
    expect(reached.reduce((sum, row) => sum + row.count, 0)).toBe(events.filter((e) => e.type === "stepReached").length);
    // Nothing about the person: no subject, and with the default retention no raw event either.
    expect(JSON.stringify(await t.db.select().from(analyticsEvents))).not.toContain("psid");
    expect((await t.db.select().from(analyticsEvents)).every((row) => row.body === null)).toBe(true);
  });

  it("refuses any field outside the schema (a person identifier, typed text) with INVALID_EVENTS, storing nothing", async () => {
    const { workspace, converse } = await setup();
    const [first, second] = converse("accept");
    for (const extra of [{ subject: "psid-1" }, { text: "my email is a@b.de" }, { userId: "42" }]) {
      const result = await refusal(() =>
        recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events: [first, { ...second, ...extra }] }),
      );
      expect(result.code).toBe("INVALID_EVENTS");
      const key = Object.keys(extra)[0];
      expect(result.issues).toEqual([{ path: "1", message: expect.stringContaining(`"${key}" not allowed`) }]);
    }
    // A nested object is strict too, and an option "id" that is really a sentence is no id.
    const nested = await refusal(() =>
      recordAnalyticsEvents(t.db, {
        workspaceId: workspace.id,
        events: [{ ...first, type: "stepReached", via: { nodeId: "start", output: "next", phone: "+49" } }],
      }),
    );
    expect(nested.issues[0]).toEqual({ path: "0.via", message: expect.stringContaining('"phone" not allowed') });
    const typed = await refusal(() =>
      recordAnalyticsEvents(t.db, {
        workspaceId: workspace.id,
        events: [
          {
            eventId: first.eventId,
            flowId: first.flowId,
            flowVersion: 1,
            channel: "messenger",
            occurredAt: first.occurredAt,
            type: "answerGiven",
            nodeId: "x",
            output: "Ich heiße Anna",
          },
        ],
      }),
    );
    expect(typed.issues.map((i) => i.path)).toContain("0.output");
    expect(await t.db.select().from(analyticsCounts)).toEqual([]);
    expect(await t.db.select().from(analyticsEvents)).toEqual([]);
  });

  it("refuses events that do not belong to the published version, naming each problem", async () => {
    const { workspace, flow, converse, consentStep } = await setup();
    const other = await setup("Other Shop");
    const [reached] = converse(null);
    const base = {
      eventId: `${reached.eventId}-answer`,
      flowId: reached.flowId,
      flowVersion: reached.flowVersion,
      channel: reached.channel,
      occurredAt: reached.occurredAt,
      type: "answerGiven" as const,
    };
    const cases: [unknown, string, RegExp][] = [
      [{ ...reached, flowId: other.flow.id }, "0.flowVersion", /not a flow of this workspace/],
      [{ ...reached, flowVersion: 9 }, "0.flowVersion", /no published version 9/],
      [{ ...reached, nodeId: "nowhere" }, "0.nodeId", /not in version 1/],
      [{ ...base, nodeId: consentStep.id, output: "maybe" }, "0.output", /not an option or output/],
      [{ ...reached, nodeId: consentStep.id, via: { nodeId: consentStep.id, output: "accept" } }, "0.via.output", /no connection/],
      [{ ...reached, occurredAt: "2001-01-01T00:00:00Z" }, "0.occurredAt", /before version 1 was published/],
      [{ ...reached, occurredAt: "9999-01-01T00:00:00Z" }, "0.occurredAt", /in the future/],
    ];
    for (const [event, path, message] of cases) {
      const result = await refusal(() => recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events: [event] }));
      expect(result.code, path).toBe("INVALID_INPUT");
      expect(result.issues, path).toContainEqual({ path, message: expect.stringMatching(message) });
    }
    expect(flow.id).not.toBe(other.flow.id);
    expect(await t.db.select().from(analyticsCounts)).toEqual([]);
  });

  it("answers an event id resent with other content with a conflict, counting nothing of the batch", async () => {
    const { workspace, converse } = await setup();
    const [a, b] = converse("accept");
    await recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events: [a] });
    const before = await allCounts();
    const changed = { ...a, channel: "telegram" as const };
    expect((await refusal(() => recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events: [b, changed] }))).code).toBe("CONFLICT");
    expect(await allCounts()).toEqual(before);
  });

  it("keeps raw events only while the retention allows, and purges them after", async () => {
    const { workspace, user, converse } = await setup();
    const now = Date.now();
    await recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events: converse(null, now), now });
    expect((await t.db.select().from(analyticsEvents)).every((row) => row.body === null)).toBe(true);
    await setAnalyticsRetention(t.db, { workspaceId: workspace.id, actorId: user.id, days: 7, now });
    const kept = converse("decline", now);
    await recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events: kept, now });
    const bodies = (await t.db.select().from(analyticsEvents)).filter((row) => row.body !== null);
    expect(bodies.map((row) => (JSON.parse(row.body!) as AnalyticsEvent).eventId).sort()).toEqual(kept.map((e) => e.eventId).sort());
    expect(await purgeAnalyticsEvents(t.db, { workspaceId: workspace.id, now: now + 8 * DAY })).toEqual({
      rawCleared: kept.length,
      idsForgotten: 0,
    });
    expect(
      (await purgeAnalyticsEvents(t.db, { workspaceId: workspace.id, now: now + (ANALYTICS_DEDUP_DAYS + 1) * DAY })).idsForgotten,
    ).toBeGreaterThan(0);
    expect((await t.db.select().from(analyticsCounts)).length).toBeGreaterThan(0);
    expect(await t.db.select().from(auditLog)).toContainEqual(
      expect.objectContaining({ action: "analytics.retention", after: { days: 7 } }),
    );
    await expect(setAnalyticsRetention(t.db, { workspaceId: workspace.id, actorId: user.id, days: 91 })).rejects.toThrow(/0 to 90/);
  });
});

describe("retention changed by two admins at once (as on two instances)", () => {
  it("records what each change replaced: the second's before is the first's after", async () => {
    const { workspace, user } = await setup();
    const retain = (db: typeof t.db, days: number) => setAnalyticsRetention(db, { workspaceId: workspace.id, actorId: user.id, days });
    const { first, between } = await interleave(
      t.db,
      () => retain(t.db, 30),
      (db) => retain(db, 7),
    );
    expect(first.ok && between.ok).toBe(true);
    const entries = (await t.db.select().from(auditLog).orderBy(auditLog.id)).filter((e) => e.action === "analytics.retention");
    expect(entries).toHaveLength(2);
    expect(entries[0].before).toEqual({ days: 0 });
    expect(entries[1].before).toEqual(entries[0].after);
  });
});

describe("analytics batches, set-based", () => {
  it("counts an event repeated inside one batch once; the same id with other content in the batch is a conflict naming it", async () => {
    const { workspace, converse } = await setup();
    const [a, b] = converse("accept");
    expect(await recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events: [a, b, a, a] })).toEqual({
      received: 4,
      counted: 2,
      duplicates: 2,
    });
    const before = await allCounts();
    expect(before.reduce((sum, row) => sum + row.count, 0)).toBe(expectedRowsOf([a, b]));
    const [c] = converse(null);
    const result = await refusal(() =>
      recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events: [c, c, { ...c, channel: "telegram" as const }] }),
    );
    expect(result.code).toBe("CONFLICT");
    expect(result.issues).toEqual([{ path: "2.eventId", message: `event "${c.eventId}" was already counted with other content` }]);
    expect(await allCounts()).toEqual(before);
    expect(await t.db.select().from(analyticsEvents)).toHaveLength(2);
  });

  it("counts only the new events of a full batch that mixes them with stored ones, across statement chunks", async () => {
    const { workspace, converse } = await setup();
    const events: AnalyticsEvent[] = [];
    while (events.length < 500) events.push(...converse(events.length % 3 === 0 ? "accept" : "decline"));
    const batch = events.slice(0, 500);
    expect(batch.length).toBeGreaterThan(2 * MAX_ROWS_PER_STATEMENT);
    const early = batch.filter((_, i) => i % 3 === 0);
    await recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events: early });
    expect(await recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events: batch })).toEqual({
      received: 500,
      counted: 500 - early.length,
      duplicates: early.length,
    });
    const rows = await t.db.select().from(analyticsCounts);
    for (const row of rows) expect(row.count, JSON.stringify(row)).toBe(naiveCount(batch, row));
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(expectedRowsOf(batch));
    expect(await t.db.select().from(analyticsEvents)).toHaveLength(500);
    expect(await recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events: batch })).toMatchObject({ counted: 0, duplicates: 500 });
  });

  it("counts batches posted at once (as to several instances) once each, also a batch that arrives twice at once", async () => {
    const { workspace, converse } = await setup();
    const batches = Array.from({ length: 4 }, (_, i) => converse(i % 2 === 0 ? "accept" : "decline"));
    // The first batch twice: a bot's retry arriving beside the original.
    const results = await Promise.all(
      [...batches, batches[0]].map((events) => recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events })),
    );
    const distinct = batches.flat();
    expect(results.reduce((sum, result) => sum + result.counted, 0)).toBe(distinct.length);
    expect(results.reduce((sum, result) => sum + result.duplicates, 0)).toBe(batches[0].length);
    const rows = await allCounts();
    for (const row of rows) expect(row.count, JSON.stringify(row)).toBe(naiveCount(distinct, row));
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(expectedRowsOf(distinct));
    expect(await t.db.select().from(analyticsEvents)).toHaveLength(distinct.length);
  });

  it("counts 1,200 preview events of one request, more than two statements carry, as test traffic", async () => {
    const { workspace, converse } = await setup();
    const events: AnalyticsEvent[] = [];
    while (events.length < 1_200) events.push(...converse("accept").map((event) => ({ ...event, flowVersion: 0 })));
    const preview = events.slice(0, 1_200);
    expect(await recordTestEvents(t.db, { workspaceId: workspace.id, events: [...preview, ...preview.slice(0, 300)] })).toEqual({
      received: 1_500,
      counted: 1_200,
      duplicates: 300,
      dropped: 0,
    });
    const rows = await t.db.select().from(analyticsCounts);
    expect(rows.every((row) => row.test && row.flowVersion === 0)).toBe(true);
    const asTest = preview.map((event) => ({ ...event, test: true }));
    for (const row of rows) expect(row.count, JSON.stringify(row)).toBe(naiveCount(asTest, row));
    expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(expectedRowsOf(asTest));
  });
});

describe("test traffic", () => {
  it("counts the preview's runs against the draft (version 0) as test traffic only, dropping what no longer fits", async () => {
    const { workspace, flow, converse } = await setup();
    const events = Array.from({ length: 6 }, () => converse("accept"))
      .flat()
      .map((event) => ({ ...event, flowVersion: 0 }));
    const stranger = { ...events[0], eventId: "preview-step-gone", nodeId: "added-after-save" };
    expect(await recordTestEvents(t.db, { workspaceId: workspace.id, events: [...events, stranger] })).toEqual({
      received: events.length + 1,
      counted: events.length,
      duplicates: 0,
      dropped: 1,
    });
    expect((await flowAnalytics(t.db, { workspaceId: workspace.id, flowId: flow.id, version: 0, test: true })).conversations).toBe(6);
    expect((await workspaceAnalytics(t.db, { workspaceId: workspace.id, test: false })).totals.conversations).toBe(0);
    // The public API never takes the draft.
    expect(
      (await refusal(() => recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events: [{ ...events[0], eventId: "api-draft-1" }] })))
        .issues[0],
    ).toEqual({
      path: "0.flowVersion",
      message: expect.stringContaining("no published version 0"),
    });
  });
});

describe("analytics reports", () => {
  it('shows counts below 5 as "< 5" in the overlay, the dashboard and the CSV, with no share derived from them', async () => {
    const { workspace, user, flow, converse, consentStep } = await setup();
    const events = [
      ...converse("accept"),
      ...converse("accept"),
      ...converse("decline"),
      ...[1, 2, 3, 4, 5, 6].flatMap(() => converse(null)),
    ];
    await recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events });
    const report = await flowAnalytics(t.db, { workspaceId: workspace.id, flowId: flow.id, version: 1, test: false });
    expect(report.conversations).toBe(9);
    const consent = report.steps.find((step) => step.nodeId === consentStep.id)!;
    expect(consent.reached).toBe(9);
    expect(consent.consent).toEqual({ accept: SMALL_COUNT, decline: SMALL_COUNT, noAnswer: 6, acceptShare: null, optOutsAfter: 0 });
    expect(consent.dropped).toBe(6);
    expect(consent.droppedShare).toBe(66.7);
    const dashboard = await workspaceAnalytics(t.db, { workspaceId: workspace.id, test: false });
    expect(dashboard.totals.conversations).toBe(9);
    expect(dashboard.consent[0]).toMatchObject({ accept: SMALL_COUNT, decline: SMALL_COUNT, noAnswer: 6, acceptShare: null });
    const csv = await analyticsCsv(t.db, { workspaceId: workspace.id, actorId: user.id, test: false });
    expect(csv).toContain(`${consentStep.id},answer,accept,< 5`);
    expect(csv).not.toMatch(/,answer,accept,[1-4],/);
    // Test traffic stays apart: none of it shows in live numbers, and live none in test.
    expect((await workspaceAnalytics(t.db, { workspaceId: workspace.id, test: true })).totals.conversations).toBe(0);
  });

  it("draws edges by traffic and gives each output's share of those who reached the step", async () => {
    const { workspace, flow, converse, consentStep, document } = await setup();
    const events = [
      ...Array.from({ length: 8 }, () => converse("accept")).flat(),
      ...Array.from({ length: 6 }, () => converse("decline")).flat(),
    ];
    await recordAnalyticsEvents(t.db, { workspaceId: workspace.id, events });
    const report = await flowAnalytics(t.db, { workspaceId: workspace.id, flowId: flow.id, version: 1, channel: "messenger", test: false });
    const step = report.steps.find((s) => s.nodeId === consentStep.id)!;
    expect(step.outputs).toEqual([
      { output: "accept", count: 8, share: 57.1 },
      { output: "decline", count: 6, share: 42.9 },
    ]);
    const accept = report.edges.find((edge) => edge.source === consentStep.id && edge.output === "accept")!;
    const decline = report.edges.find((edge) => edge.source === consentStep.id && edge.output === "decline")!;
    expect(accept.weight).toBeGreaterThan(decline.weight);
    expect(report.edges.length).toBe(document.edges.length);
    // Another channel has no traffic at all.
    const telegram = await flowAnalytics(t.db, {
      workspaceId: workspace.id,
      flowId: flow.id,
      version: 1,
      channel: "telegram",
      test: false,
    });
    expect(telegram.conversations).toBe(0);
  });
});

/** An independent recount: how many of the distinct events add to the row (step, kind, output, channel, day, test). */
function naiveCount(
  events: AnalyticsEvent[],
  row: { nodeId: string; kind: string; output: string; channel: string; day: string; test: boolean },
) {
  return events.filter((e) => {
    if (e.channel !== row.channel || e.occurredAt.slice(0, 10) !== row.day || (e.test ?? false) !== row.test) return false;
    switch (row.kind) {
      case "reached":
        return e.type === "stepReached" && e.nodeId === row.nodeId && row.output === "";
      case "left":
        return e.type === "stepReached" && e.via?.nodeId === row.nodeId && e.via.output === row.output;
      case "answer":
        return e.type === "answerGiven" && e.nodeId === row.nodeId && e.output === row.output;
      case "ended":
        return e.type === "conversationEnded" && (e.nodeId ?? "") === row.nodeId && e.reason === row.output;
      case "optOut":
        return e.type === "optOut" && (e.nodeId ?? "") === row.nodeId && row.output === "";
      case "optOutAfter":
        return e.type === "optOut" && e.consentNodeId === row.nodeId && row.output === "";
      default:
        return false;
    }
  }).length;
}

/** Every count row an event stream can produce, derived from the events (each event's rows, without the aggregation code). */
function expectedRowsOf(events: AnalyticsEvent[]) {
  return events.reduce((sum, e) => sum + (e.type === "stepReached" && e.via ? 2 : e.type === "optOut" && e.consentNodeId ? 2 : 1), 0);
}

describe("analytics aggregation (property)", () => {
  it("the counts of a random event stream, sent in random batches with repeats (also inside a batch), equal a recount of its distinct events", async () => {
    const { workspace, flow, document } = await setup();
    const published = (await getVersion(t.db, { workspaceId: workspace.id, flowId: flow.id })).createdAt.getTime();
    const now = published + 20 * DAY;
    const arbEvent = eventArbitrary(flow.id, document, published);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(arbEvent, { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 80 }), { minLength: 1, maxLength: 5 }),
        async (generated, repeats, batchSizes) => {
          run++;
          // Distinct ids per run so the runs do not see each other's events.
          const distinct = generated.map((e, i) => ({ ...e, eventId: `run${run}-event-${i}` }));
          // Each repeat goes anywhere in the stream: often into the batch of its first sending, before or after it.
          const stream = [...distinct];
          for (const [which, at] of repeats) stream.splice(at % (stream.length + 1), 0, distinct[which % distinct.length]);
          await t.db.delete(analyticsCounts);
          let offset = 0;
          let counted = 0;
          let duplicates = 0;
          for (let b = 0; offset < stream.length; b++) {
            const size = batchSizes[b % batchSizes.length];
            const result = await recordAnalyticsEvents(t.db, {
              workspaceId: workspace.id,
              events: stream.slice(offset, offset + size),
              now,
            });
            counted += result.counted;
            duplicates += result.duplicates;
            offset += size;
          }
          expect(counted).toBe(distinct.length);
          expect(duplicates).toBe(repeats.length);
          const rows = await t.db.select().from(analyticsCounts);
          for (const row of rows) expect(row.count, JSON.stringify(row)).toBe(naiveCount(distinct, row));
          expect(rows.reduce((sum, row) => sum + row.count, 0)).toBe(expectedRowsOf(distinct));
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** Valid events for the published document: real steps, outputs and connections. */
function eventArbitrary(flowId: string, document: FlowDocument, publishedAt: number): fc.Arbitrary<AnalyticsEvent> {
  const common = fc.record({
    flowId: fc.constant(flowId),
    flowVersion: fc.constant(1),
    channel: fc.constantFrom("messenger" as const, "telegram" as const),
    occurredAt: fc.integer({ min: 0, max: 5 }).map((days) => new Date(publishedAt + days * DAY + 1000).toISOString()),
    test: fc.boolean(),
  });
  const answered = document.nodes.filter((node) => ["consent", "choice", "input"].includes(node.type));
  const consents = document.nodes.filter((node) => node.type === "consent").map((node) => node.id);
  const nodeIds = document.nodes.map((node) => node.id);
  return fc.oneof(
    fc.tuple(common, fc.constantFrom(...document.nodes), fc.boolean()).map(([c, node, withVia]) => {
      const into = document.edges.filter((edge) => edge.target === node.id);
      const edge = withVia && into.length > 0 ? into[0] : null;
      return {
        ...c,
        eventId: "x",
        type: "stepReached" as const,
        nodeId: node.id,
        via: edge ? { nodeId: edge.source, output: edge.sourceHandle } : null,
      };
    }),
    fc.tuple(common, fc.constantFrom(...answered), fc.nat()).map(([c, node, pick]) => {
      const outputs = outputsOf(node);
      return { ...c, eventId: "x", type: "answerGiven" as const, nodeId: node.id, output: outputs[pick % outputs.length] };
    }),
    fc
      .tuple(
        common,
        fc.option(fc.constantFrom(...nodeIds), { nil: null }),
        fc.constantFrom("completed" as const, "refused" as const, "noNextStep" as const),
      )
      .map(([c, nodeId, reason]) => ({ ...c, eventId: "x", type: "conversationEnded" as const, nodeId, reason })),
    fc
      .tuple(common, fc.option(fc.constantFrom(...nodeIds), { nil: null }), fc.option(fc.constantFrom(...consents), { nil: null }))
      .map(([c, nodeId, consentNodeId]) => ({ ...c, eventId: "x", type: "optOut" as const, nodeId, consentNodeId })),
  );
}
