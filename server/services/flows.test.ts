import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, flows } from "@/db/schema";
import { isAppError } from "@/server/errors";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { ownedWorkspace, setWorkspaceLegal, workspaceRow } from "@/server/testing/fixtures";
import { interleave } from "@/server/testing/interleave";
import { createFlow, renameFlow, saveFlow, setFlowArchived } from "./flows";

/* Optimistic saves on a real database (SQLite file or PostgreSQL), many at once. */

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

describe("saveFlow", () => {
  it("of 20 saves at once with one expected version (as from several instances), exactly one wins; the others conflict", async () => {
    const { user, workspace: created } = await ownedWorkspace(t.db, "Save Shop");
    await setWorkspaceLegal(t.db, created.id);
    const workspace = await workspaceRow(t.db, created.id);
    const flow = await createFlow(t.db, { workspace, userId: user.id, templateId: "leadCapture", name: "Leads", locale: "en" });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 20 }, (_, i) =>
        saveFlow(t.db, {
          workspace,
          userId: user.id,
          flowId: flow.id,
          expectedVersion: flow.version,
          document: { ...flow.document, name: `Leads ${i}` },
        }),
      ),
    );
    const won = outcomes.flatMap((outcome, i) => (outcome.status === "fulfilled" ? [i] : []));
    expect(won).toHaveLength(1);
    for (const outcome of outcomes) {
      if (outcome.status === "rejected") expect(isAppError(outcome.reason) && outcome.reason.code).toBe("VERSION_CONFLICT");
    }
    const [row] = await t.db.select().from(flows).where(eq(flows.id, flow.id));
    expect(row.version).toBe(flow.version + 1);
    expect(row.name).toBe(`Leads ${won[0]}`);
  });
});

async function leadsFlow() {
  const { user, workspace: created } = await ownedWorkspace(t.db, "Race Shop");
  await setWorkspaceLegal(t.db, created.id);
  const workspace = await workspaceRow(t.db, created.id);
  const flow = await createFlow(t.db, { workspace, userId: user.id, templateId: "leadCapture", name: "Leads", locale: "en" });
  return { user, workspace, flow };
}

const auditOf = async (action: string, flowId: string) =>
  t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, flowId)));

describe("writes that meet an autosave (as on two instances)", () => {
  it("a rename that read the flow before an autosave landed keeps the saved document and changes the name only", async () => {
    const { user, workspace, flow } = await leadsFlow();
    const edited = { ...flow.document, nodes: flow.document.nodes.map((n, i) => (i === 0 ? { ...n, position: { x: 999, y: 42 } } : n)) };
    const { first: renamed, between: saved } = await interleave(
      t.db,
      () => renameFlow(t.db, { workspace, userId: user.id, flowId: flow.id, name: "Leads 2027" }),
      (db) => saveFlow(db, { workspace, userId: user.id, flowId: flow.id, expectedVersion: flow.version, document: edited }),
    );
    // One order is left on both databases: the save, then the rename on top of it.
    expect(saved.ok && renamed.ok).toBe(true);
    const [row] = await t.db.select().from(flows).where(eq(flows.id, flow.id));
    expect(row.version).toBe(flow.version + 2);
    expect(row.name).toBe("Leads 2027");
    expect(JSON.parse(row.document)).toEqual({ ...edited, name: "Leads 2027" });
    expect(renamed.ok && renamed.value).toMatchObject({ version: flow.version + 2, document: { ...edited, name: "Leads 2027" } });
    expect(await auditOf("flow.rename", flow.id)).toEqual([
      expect.objectContaining({ before: { name: "Leads" }, after: { name: "Leads 2027" } }),
    ]);
  });

  it("of two archives at once one changes the flow and is recorded; the other finds it archived", async () => {
    const { user, workspace, flow } = await leadsFlow();
    const archive = (db = t.db) => setFlowArchived(db, { workspace, userId: user.id, flowId: flow.id, archived: true });
    const { first, between } = await interleave(
      t.db,
      () => archive(),
      (db) => archive(db),
    );
    expect(first.ok && first.value.archived).toBe(true);
    expect(between.ok && between.value.archived).toBe(true);
    expect(await auditOf("flow.archive", flow.id)).toHaveLength(1);
  });
});
