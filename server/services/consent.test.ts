import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { nanoid } from "nanoid";
import { auditLog, consentEvents } from "@/db/schema";
import type { ConsentEventInput } from "@/core/domain/consent";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { ownedWorkspace } from "@/server/testing/fixtures";
import { consentLedgerCsv, consentLedgerFacets, eraseConsentSubject, listConsentEvents, recordConsentEvents } from "./consent";
import { sha256Hex } from "./secrets";

let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.close());

function setup(name = "Ledger Shop") {
  return ownedWorkspace(t.db, name);
}

const TEXT_HASH = sha256Hex("Dürfen wir Ihnen Angebote schicken?");

function event(overrides: Partial<ConsentEventInput> = {}): ConsentEventInput {
  return {
    eventId: nanoid(),
    flowId: "flow-1",
    flowVersion: 3,
    subject: "psid-123",
    channel: "messenger",
    purpose: "marketing",
    outcome: "accept",
    textHash: TEXT_HASH,
    occurredAt: "2026-03-01T10:00:00.000Z",
    ...overrides,
  };
}

describe("consent ledger", () => {
  it("stores a batch once: resending the same event ids changes nothing", () => {
    const { workspace } = setup();
    const batch = [event(), event({ outcome: "withdraw", occurredAt: "2026-03-02T10:00:00Z" })];
    expect(recordConsentEvents(t.db, { workspaceId: workspace.id, events: batch })).toEqual({ received: 2, inserted: 2, duplicates: 0 });
    const changed = batch.map((e) => ({ ...e, outcome: "decline" as const }));
    expect(recordConsentEvents(t.db, { workspaceId: workspace.id, events: [...changed, event()] })).toEqual({
      received: 3,
      inserted: 1,
      duplicates: 2,
    });
    const stored = t.db.select().from(consentEvents).all();
    expect(stored).toHaveLength(3);
    expect(stored.filter((e) => e.outcome === "decline")).toEqual([]);
  });

  it("keeps event ids apart per workspace", () => {
    const a = setup("Shop A");
    const b = setup("Shop B");
    const shared = event();
    recordConsentEvents(t.db, { workspaceId: a.workspace.id, events: [shared] });
    expect(recordConsentEvents(t.db, { workspaceId: b.workspace.id, events: [shared] }).inserted).toBe(1);
  });

  it("refuses a whole batch when one event is malformed, naming it", () => {
    const { workspace } = setup();
    const attempt = () => recordConsentEvents(t.db, { workspaceId: workspace.id, events: [event(), event({ textHash: "abc" })] });
    expect(attempt).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
    expect(attempt).toThrow(/^1\.textHash/);
    expect(() => recordConsentEvents(t.db, { workspaceId: workspace.id, events: [] })).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT" }),
    );
    expect(t.db.select().from(consentEvents).all()).toEqual([]);
  });

  it("filters by flow, purpose, outcome and date range", () => {
    const { workspace } = setup();
    recordConsentEvents(t.db, {
      workspaceId: workspace.id,
      events: [
        event({ eventId: "e1", occurredAt: "2026-03-01T10:00:00Z" }),
        event({ eventId: "e2", flowId: "flow-2", purpose: "newsletter", occurredAt: "2026-03-05T10:00:00Z" }),
        event({ eventId: "e3", outcome: "decline", occurredAt: "2026-03-10T10:00:00Z" }),
      ],
    });
    const ids = (filter: Parameters<typeof listConsentEvents>[1]) => listConsentEvents(t.db, filter).events.map((e) => e.eventId);
    const base = { workspaceId: workspace.id, limit: 50 };
    expect(ids(base)).toEqual(["e3", "e2", "e1"]);
    expect(ids({ ...base, flowId: "flow-2" })).toEqual(["e2"]);
    expect(ids({ ...base, purpose: "marketing" })).toEqual(["e3", "e1"]);
    expect(ids({ ...base, outcome: "decline" })).toEqual(["e3"]);
    expect(ids({ ...base, from: new Date("2026-03-02"), to: new Date("2026-03-10") })).toEqual(["e2"]);
    expect(listConsentEvents(t.db, { ...base, limit: 2 }).hasMore).toBe(true);
    expect(consentLedgerFacets(t.db, { workspaceId: workspace.id })).toEqual({
      flows: [
        { id: "flow-1", name: null },
        { id: "flow-2", name: null },
      ],
      purposes: ["marketing", "newsletter"],
    });
  });

  it("erases every event of one subject and logs only a hash of it", () => {
    const { user, workspace } = setup();
    recordConsentEvents(t.db, { workspaceId: workspace.id, events: [event(), event(), event({ subject: "psid-999" })] });
    expect(eraseConsentSubject(t.db, { workspaceId: workspace.id, actorId: user.id, subject: " psid-123 " })).toEqual({ erased: 2 });
    expect(
      t.db
        .select()
        .from(consentEvents)
        .all()
        .map((e) => e.subject),
    ).toEqual(["psid-999"]);
    const entry = t.db.select().from(auditLog).where(eq(auditLog.action, "consent.erase")).get()!;
    expect(entry).toMatchObject({ actorId: user.id, targetType: "consentSubject", targetId: sha256Hex("psid-123"), before: { events: 2 } });
    expect(JSON.stringify(entry)).not.toContain("psid-123");
  });

  it("downloads the filtered ledger as CSV and records the download", () => {
    const { user, workspace } = setup();
    recordConsentEvents(t.db, { workspaceId: workspace.id, events: [event({ eventId: "e1", subject: "=cmd|' /C calc'!A0" })] });
    const csv = consentLedgerCsv(t.db, { workspaceId: workspace.id, actorId: user.id });
    const [header, row] = csv.replace(/^\uFEFF/, "").split("\r\n");
    expect(header).toBe("occurred_at,received_at,event_id,flow_id,flow_name,flow_version,subject,channel,purpose,outcome,text_sha256");
    expect(row).toContain(`e1,flow-1,,3,'=cmd|' /C calc'!A0,messenger,marketing,accept,${TEXT_HASH}`);
    expect(t.db.select().from(auditLog).where(eq(auditLog.action, "consent.export")).get()?.after).toMatchObject({ rows: 1 });
  });
});
