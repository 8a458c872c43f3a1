import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { flows } from "@/db/schema";
import { asClientError } from "@/server/testing/clientError";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { legalSettingsSavesAfterReads, workspaceWithOwner } from "@/server/testing/fixtures";
import { LEGAL_RECHECK_ATTEMPTS } from "@/server/services/flows";
import { createEditorStore, type EditorStore } from "../editorStore";
import { explainSaveError } from "../useAutosave";
import type { NodeContent } from "../../model/types";
import type { DraftSaver } from "./sync";

// Every read of a workspace can be followed by a legal-settings save committed right after it (see legalRace.ts).
vi.mock("@/server/services/workspaces", async (original) =>
  (await import("@/server/testing/legalRace")).withLegalSavesAfterReads(await original<typeof import("@/server/services/workspaces")>()),
);

/*
 * Autosave against the real router and a real database: what the server stores,
 * how often it is asked, and what the editor shows when it refuses.
 */

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

async function openFlow(name = "Welcome") {
  const { owner, ownerUser, ws, slug } = await workspaceWithOwner(t.db, { name: "Sync Shop" });
  const created = await owner.flows.create({ workspaceSlug: slug, templateId: "default", name, locale: "de" });
  const flow = await owner.flows.get({ workspaceSlug: slug, flowId: created.id });
  const store = createEditorStore({
    workspaceSlug: slug,
    flowId: flow.id,
    canEdit: flow.canEdit,
    company: "Sync Shop",
    document: flow.document,
    version: flow.version,
    diagnostics: flow.diagnostics,
    publishedVersion: flow.publishedVersion,
    legal: flow.legal,
  });
  const calls = { save: 0 };
  /** `online` false makes the next saves fail the way a lost connection does. */
  const network = { online: true };
  const saver: DraftSaver = {
    save: async (input) => {
      calls.save++;
      if (!network.online) throw new TypeError("Failed to fetch");
      return owner.flows.save(input);
    },
    // The editor's own reading of the error, as the browser's tRPC client gets it.
    explain: (error) => explainSaveError(asClientError(error)),
  };
  /** The next `count` reads of the workspace (a request's own, then a save's re-reads) are each followed by a legal-settings save. */
  const legalSaves = (count: number) => legalSettingsSavesAfterReads(t.db, { workspaceId: ws.id, actorId: ownerUser.id }, count);
  return { owner, slug, flowId: flow.id, store, calls, saver, network, legalSaves };
}

const stored = (flowId: string) => t.db.select().from(flows).where(eq(flows.id, flowId)).get()!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once the store reaches `status` (or fails the test after 5 s). */
function statusOf(store: EditorStore, status: string) {
  return new Promise<void>((resolve, reject) => {
    if (store.getState().saveStatus === status) return resolve();
    const timer = setTimeout(() => reject(new Error(`still ${store.getState().saveStatus}, not ${status}`)), 5000);
    const stop = store.subscribe((s) => {
      if (s.saveStatus !== status) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

describe("sync slice: autosave", () => {
  it("saves a burst of edits once, shortly after the last, and stores them", async () => {
    const { store, saver, calls, flowId } = await openFlow();
    const stop = store.getState().startAutosave(saver, { saveDelayMs: 30 });
    await sleep(60);
    expect(calls.save).toBe(0); // opening saves nothing

    for (const name of ["W", "We", "Wel", "Welcome back"]) store.getState().updateMeta({ name }, "name");
    expect(store.getState().saveStatus).toBe("dirty");
    await statusOf(store, "saved");
    expect(calls.save).toBe(1);
    expect(store.getState().serverVersion).toBe(2);
    expect(stored(flowId)).toMatchObject({ name: "Welcome back", version: 2 });
    stop();
  });

  it("saves at once when asked to (leaving the editor), without waiting for the delay", async () => {
    const { store, saver, calls, flowId } = await openFlow();
    const stop = store.getState().startAutosave(saver, { saveDelayMs: 60_000 });
    store.getState().updateMeta({ name: "Renamed" }, "name");
    expect(store.getState().hasUnsavedChanges()).toBe(true);
    await expect(store.getState().flushSave()).resolves.toBe("saved");
    expect(calls.save).toBe(1);
    expect(stored(flowId).name).toBe("Renamed");
    expect(store.getState().hasUnsavedChanges()).toBe(false);
    // Nothing left: a second flush asks the server nothing.
    await expect(store.getState().flushSave()).resolves.toBe("saved");
    expect(calls.save).toBe(1);
    stop();
  });

  it("saves what is left when the editor closes", async () => {
    const { store, saver, flowId } = await openFlow();
    const stop = store.getState().startAutosave(saver, { saveDelayMs: 60_000 });
    store.getState().updateMeta({ name: "Closed quickly" }, "name");
    stop();
    await statusOf(store, "saved");
    expect(stored(flowId).name).toBe("Closed quickly");
  });

  it("an edit during a save is saved after it, on top of the new version", async () => {
    const { store, saver, calls, flowId } = await openFlow();
    const stop = store.getState().startAutosave(saver, { saveDelayMs: 10_000 });
    store.getState().updateMeta({ name: "First" }, "name");
    const first = store.getState().flushSave();
    store.getState().addStep("delay", { x: 800, y: 800 });
    await first;
    await expect(store.getState().flushSave()).resolves.toBe("saved");
    expect(calls.save).toBe(2);
    expect(stored(flowId).version).toBe(3);
    expect(JSON.parse(stored(flowId).document).nodes.some((n: { type: string }) => n.type === "delay")).toBe(true);
    stop();
  });

  it("stops at a newer version saved elsewhere, and saves on top once the person keeps theirs", async () => {
    const { store, saver, calls, owner, slug, flowId } = await openFlow();
    const stop = store.getState().startAutosave(saver, { saveDelayMs: 10_000 });
    const other = await owner.flows.get({ workspaceSlug: slug, flowId });
    await owner.flows.save({ workspaceSlug: slug, flowId, expectedVersion: 1, document: { ...other.document, name: "Theirs" } });

    store.getState().updateMeta({ name: "Mine" }, "name");
    await expect(store.getState().flushSave()).resolves.toBe("conflict");
    expect(store.getState().conflict).toEqual({ currentVersion: 2, updatedByName: "Owner" });
    expect(stored(flowId).name).toBe("Theirs");
    // Further edits wait for the choice.
    store.getState().updateMeta({ name: "Mine!" }, "name");
    await expect(store.getState().flushSave()).resolves.toBe("conflict");
    expect(calls.save).toBe(1);

    store.getState().keepMineAfterConflict();
    await expect(store.getState().flushSave()).resolves.toBe("saved");
    expect(stored(flowId)).toMatchObject({ name: "Mine!", version: 3 });
    stop();
  });

  it("sends a save again by itself when the legal settings kept changing while it was checked, without a conflict", async () => {
    const { store, saver, calls, flowId, legalSaves } = await openFlow();
    const stop = store.getState().startAutosave(saver, { saveDelayMs: 10 });
    const saves = legalSaves(LEGAL_RECHECK_ATTEMPTS);
    store.getState().updateMeta({ name: "Saved in the end" }, "name");
    // The first save meets a legal-settings save after each of its reads of the workspace: refused, nothing written.
    await statusOf(store, "retrying");
    expect(saves.committed()).toBe(LEGAL_RECHECK_ATTEMPTS);
    expect([calls.save, stored(flowId).version, store.getState().conflict]).toEqual([1, 1, null]);
    // After the wait the server named, the same save again, on the same version.
    await statusOf(store, "saved");
    expect(calls.save).toBe(2);
    expect(store.getState().serverVersion).toBe(2);
    expect(stored(flowId)).toMatchObject({ name: "Saved in the end", version: 2 });
    stop();
  });

  it("shows the server's refusal of a broken step and keeps the draft unsaved", async () => {
    const { store, saver, flowId } = await openFlow();
    const stop = store.getState().startAutosave(saver, { saveDelayMs: 10_000 });
    // A text that is not a string: what an outdated or broken client might still send.
    const broken = { type: "message", data: { text: 42, promotional: false } } as unknown as NodeContent;
    store.getState().updateData("welcome", broken, "text");
    await expect(store.getState().flushSave()).resolves.toBe("invalid");
    expect(store.getState().saveMessage).toMatch(/welcome/);
    expect(store.getState().hasUnsavedChanges()).toBe(true);
    expect(stored(flowId).version).toBe(1);
    stop();
  });

  it("offline: keeps the edits and saves them when the connection returns", async () => {
    const { store, saver, network, flowId } = await openFlow();
    const stop = store.getState().startAutosave(saver, { saveDelayMs: 10, offlineRetryMs: 40 });
    network.online = false;
    store.getState().updateMeta({ name: "Written offline" }, "name");
    await statusOf(store, "offline");
    network.online = true;
    await statusOf(store, "saved");
    expect(stored(flowId).name).toBe("Written offline");
    stop();
  });

  it("a browser draft based on an older version opens the conflict choice instead of overwriting", async () => {
    const { store, saver, calls } = await openFlow();
    const stop = store.getState().startAutosave(saver, { saveDelayMs: 10 });
    const document = { ...store.getState().history.present.meta, nodes: [], edges: [] };
    expect(store.getState().restoreLocalDraft({ baseVersion: 0, document: document as never, savedAt: 0 })).toBe("conflict");
    expect(store.getState().conflict?.currentVersion).toBe(1);
    await sleep(40);
    expect(calls.save).toBe(0);
    stop();
  });

  it("loads the server's draft, dropping local edits and their unsaved state", async () => {
    const { store, owner, slug, flowId } = await openFlow();
    store.getState().updateMeta({ name: "Local" }, "name");
    const fresh = await owner.flows.get({ workspaceSlug: slug, flowId });
    store.getState().loadFromServer({ ...fresh.document, name: "Server" }, 4, []);
    expect(store.getState()).toMatchObject({ saveStatus: "saved", serverVersion: 4, conflict: null, diagnostics: [] });
    expect(store.getState().history.present.meta.name).toBe("Server");
    expect(store.getState().hasUnsavedChanges()).toBe(false);
  });
});
