import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { flows } from "@/db/schema";
import { isAppError } from "@/server/errors";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { ownedWorkspace, setWorkspaceLegal, workspaceRow } from "@/server/testing/fixtures";
import { createFlow, saveFlow } from "./flows";

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
