import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { contentHashOf } from "@/core/export";
import { flows } from "@/db/schema";
import { asClientError } from "@/server/testing/clientError";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { legalSettingsSavesAfterReads, workspaceWithOwner } from "@/server/testing/fixtures";
import { LEGAL_RECHECK_ATTEMPTS } from "@/server/services/flows";
import { createEditorStore } from "../store/editorStore";
import { explainSaveError } from "../store/useAutosave";
import { restoreIntoEditor } from "./restoreIntoEditor";

// Every read of a workspace can be followed by a legal-settings save committed right after it (see legalRace.ts).
vi.mock("@/server/services/workspaces", async (original) =>
  (await import("@/server/testing/legalRace")).withLegalSavesAfterReads(await original<typeof import("@/server/services/workspaces")>()),
);

/*
 * Restoring a version from the editor against the real router and a real database: the draft
 * version the editor shows goes along, and a newer draft opens the editor's conflict choice.
 */

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

/** A published flow, edited and saved once since, open in an editor. */
async function openPublishedFlow() {
  const { owner, ownerUser, ws, slug } = await workspaceWithOwner(t.db, { name: "Restore Shop" });
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
  // The editor's own reading of the error, as the browser's tRPC client gets it.
  const server = { restore: owner.flows.restoreVersion, explain: (error: unknown) => explainSaveError(asClientError(error)) };
  /** The next `count` reads of the workspace (a request's own, then a restore's re-reads) are each followed by a legal-settings save. */
  const legalSaves = (count: number) => legalSettingsSavesAfterReads(t.db, { workspaceId: ws.id, actorId: ownerUser.id }, count);
  return { owner, slug, flow, published: created.document, store, server, legalSaves };
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

  it("sends the restore again by itself when the legal settings kept changing while it was checked", async () => {
    const { flow, published, store, server, legalSaves } = await openPublishedFlow();
    const saves = legalSaves(LEGAL_RECHECK_ATTEMPTS);
    const calls: number[] = [];
    const counted = {
      ...server,
      restore: (request: Parameters<typeof server.restore>[0]) => (calls.push(saves.committed()), server.restore(request)),
    };
    expect(await restoreIntoEditor(store, 1, counted)).toBe("restored");
    // The first restore met a legal-settings save after each of its reads and was refused; the second was taken.
    expect(calls).toEqual([0, LEGAL_RECHECK_ATTEMPTS]);
    const row = stored(flow.id);
    expect(row.version).toBe(flow.version + 1);
    expect(contentHashOf(JSON.parse(row.document))).toBe(contentHashOf(published));
    expect([store.getState().serverVersion, store.getState().saveStatus, store.getState().conflict]).toEqual([row.version, "saved", null]);
  });

  it("gives up after three refused restores with the server's error, and opens no conflict", async () => {
    const { flow, store, server, legalSaves } = await openPublishedFlow();
    legalSaves(3 * LEGAL_RECHECK_ATTEMPTS);
    const refused = restoreIntoEditor(store, 1, server);
    await expect(refused).rejects.toMatchObject({ cause: { code: "LEGAL_SETTINGS_CHANGING" } });
    expect(stored(flow.id).version).toBe(flow.version);
    expect([store.getState().saveStatus, store.getState().conflict]).toEqual(["saved", null]);
  });
});
