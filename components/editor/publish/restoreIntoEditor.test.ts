import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { contentHashOf } from "@/core/export";
import { flows } from "@/db/schema";
import { isAppError } from "@/server/errors";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { workspaceWithOwner } from "@/server/testing/fixtures";
import { createEditorStore } from "../store/editorStore";
import type { SaveFailure } from "../store/slices/sync";
import { restoreIntoEditor } from "./restoreIntoEditor";

/*
 * Restoring a version from the editor against the real router and a real database: the draft
 * version the editor shows goes along, and a newer draft opens the editor's conflict choice.
 */

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

/** What the tRPC client reports, read from the server's error the same way. */
function explainServerError(error: unknown): SaveFailure {
  if (!(error instanceof TRPCError)) return { kind: "offline" };
  const app = isAppError(error.cause) ? error.cause : null;
  if (app?.code === "VERSION_CONFLICT") {
    const details = app.details as { currentVersion: number; updatedByName: string | null };
    return { kind: "conflict", currentVersion: details.currentVersion, updatedByName: details.updatedByName };
  }
  return { kind: "invalid", message: error.message };
}

/** A published flow, edited and saved once since, open in an editor. */
async function openPublishedFlow() {
  const { owner, slug } = await workspaceWithOwner(t.db, { name: "Restore Shop" });
  const created = await owner.flows.create({ workspaceSlug: slug, templateId: "leadCapture", name: "Leads", locale: "de" });
  await owner.flows.publish({ workspaceSlug: slug, flowId: created.id });
  const moved = { ...created.document, nodes: created.document.nodes.map((n) => ({ ...n, position: { x: 5, y: 5 } })) };
  await owner.flows.save({ workspaceSlug: slug, flowId: created.id, expectedVersion: created.version, document: moved });
  const flow = await owner.flows.get({ workspaceSlug: slug, flowId: created.id });
  const store = createEditorStore({
    workspaceSlug: slug,
    flowId: flow.id,
    canEdit: flow.canEdit,
    company: "Restore Shop",
    document: flow.document,
    version: flow.version,
    diagnostics: flow.diagnostics,
    publishedVersion: flow.publishedVersion,
    legal: flow.legal,
  });
  const server = { restore: owner.flows.restoreVersion, explain: explainServerError };
  return { owner, slug, flow, published: created.document, store, server };
}

const stored = (flowId: string) => t.db.select().from(flows).where(eq(flows.id, flowId)).get()!;

describe("restoring a version from the editor", () => {
  it("restores on top of the draft the editor shows and takes the restored draft", async () => {
    const { flow, published, store, server } = await openPublishedFlow();
    expect(await restoreIntoEditor(store, 1, server)).toBe("restored");
    const row = stored(flow.id);
    expect(row.version).toBe(flow.version + 1);
    expect(contentHashOf(JSON.parse(row.document))).toBe(contentHashOf(published));
    expect([store.getState().serverVersion, store.getState().saveStatus, store.getState().conflict]).toEqual([row.version, "saved", null]);
  });

  it("opens the conflict choice instead of replacing a draft someone saved after the editor loaded it", async () => {
    const { owner, slug, flow, store, server } = await openPublishedFlow();
    // Someone else saves in another editor.
    const theirs = { ...flow.document, nodes: flow.document.nodes.map((n) => ({ ...n, position: { x: 9, y: 9 } })) };
    await owner.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: flow.version, document: theirs });

    expect(await restoreIntoEditor(store, 1, server)).toBe("conflict");
    const row = stored(flow.id);
    expect([row.version, JSON.parse(row.document)]).toEqual([flow.version + 1, theirs]);
    expect(store.getState().saveStatus).toBe("conflict");
    expect(store.getState().conflict).toEqual({ currentVersion: flow.version + 1, updatedByName: expect.any(String) });
    // Keeping this editor's draft saves on top of theirs, as after a save's conflict.
    store.getState().keepMineAfterConflict();
    expect([store.getState().serverVersion, store.getState().saveStatus]).toEqual([flow.version + 1, "dirty"]);
  });
});
