import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { auditLog, flowVersions, flows, workspaces } from "@/db/schema";
import { contentHashOf } from "@/core/export";
import type { FlowDocument } from "@/core/flow";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { COMPLETE_LEGAL_SETTINGS, ownedWorkspace, setWorkspaceLegal, workspaceRow, workspaceWithOwner } from "@/server/testing/fixtures";
import { interleave } from "@/server/testing/interleave";
import { isAppError } from "@/server/errors";
import { checkDocument, createFlow, saveFlow } from "./flows";
import { saveLegalSettings } from "./legalSettings";
import { blockedLiveFlows, storedLiveBlocked } from "./liveStatus";
import { publishFlow, restoreVersion } from "./versions";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

async function setup(options: { legal?: boolean } = {}) {
  const { owner: caller, ws, slug, member } = await workspaceWithOwner(t.db, { name: "Publish Shop", legal: options.legal });
  const flow = await caller.flows.create({ workspaceSlug: slug, templateId: "leadCapture", name: "Leads", locale: "de" });
  const viewer = await member("viewer", "Viewer");
  return { caller, viewer, ws, slug, flow };
}

async function failure(promise: Promise<unknown>): Promise<TRPCError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error;
    throw error;
  }
  throw new Error("expected the call to fail");
}

const versionCount = async () => (await t.db.select().from(flowVersions)).length;

describe("publish", () => {
  it("refuses a flow with errors under the current legal settings, listing them, and stores nothing", async () => {
    const { caller, slug, flow } = await setup({ legal: false });
    const error = await failure(caller.flows.publish({ workspaceSlug: slug, flowId: flow.id }));
    expect(error.code).toBe("PRECONDITION_FAILED");
    const data = (error.cause as { code?: string; details?: { diagnostics: { rule: string }[] } }) ?? {};
    expect(data.code).toBe("COMPLIANCE_ERRORS");
    expect(data.details?.diagnostics.map((d) => d.rule)).toContain("legal.links");
    expect(await versionCount()).toBe(0);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "flow.publish"))).toEqual([]);
  });

  it("refuses a draft whose edits broke a rule", async () => {
    const { caller, slug, flow } = await setup();
    const broken: FlowDocument = {
      ...flow.document,
      nodes: flow.document.nodes.filter((n) => n.id !== "privacy"),
      edges: [
        ...flow.document.edges.filter((e) => e.source !== "privacy" && e.target !== "privacy"),
        { id: "skip", source: "disclosure", sourceHandle: "next", target: "consent" },
      ],
    };
    await caller.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: broken });
    const error = await failure(caller.flows.publish({ workspaceSlug: slug, flowId: flow.id }));
    expect((error.cause as unknown as { details: { diagnostics: { rule: string }[] } }).details.diagnostics.map((d) => d.rule)).toContain(
      "privacy.beforeData",
    );
    expect(await versionCount()).toBe(0);
  });

  it("stores an immutable version with author, report and content hash, and records it", async () => {
    const { caller, viewer, slug, flow } = await setup();
    const published = await caller.flows.publish({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1 });
    expect(published).toMatchObject({ number: 1, authorName: "Owner", errorCount: 0, unchanged: false });
    expect(published.contentHash).toBe(contentHashOf(flow.document));
    const again = await caller.flows.publish({ workspaceSlug: slug, flowId: flow.id });
    expect(again).toMatchObject({ number: 1, unchanged: true });
    const versions = await viewer.flows.versions({ workspaceSlug: slug, flowId: flow.id });
    expect(versions.map((v) => v.number)).toEqual([1]);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "flow.publish"))).toHaveLength(1);
    expect(await failure(viewer.flows.publish({ workspaceSlug: slug, flowId: flow.id }))).toMatchObject({ code: "FORBIDDEN" });
  });

  it("stores one version when the same draft is published several times at once (double clicks, several instances)", async () => {
    const { caller, slug, flow } = await setup();
    const all = await Promise.all([0, 1, 2, 3].map(() => caller.flows.publish({ workspaceSlug: slug, flowId: flow.id })));
    expect(all.map((p) => p.number)).toEqual([1, 1, 1, 1]);
    expect(all.filter((p) => !p.unchanged)).toHaveLength(1);
    expect(await versionCount()).toBe(1);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "flow.publish"))).toHaveLength(1);
  });

  it("refuses to publish a draft saved since the editor loaded it", async () => {
    const { caller, slug, flow } = await setup();
    await caller.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: flow.document });
    expect((await failure(caller.flows.publish({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1 }))).code).toBe("CONFLICT");
  });
});

describe("versions: diff and restore", () => {
  async function twoVersions() {
    const setupResult = await setup();
    const { caller, slug, flow } = setupResult;
    await caller.flows.publish({ workspaceSlug: slug, flowId: flow.id });
    const edited: FlowDocument = {
      ...flow.document,
      nodes: [
        ...flow.document.nodes.map((n) =>
          n.id === "sent" ? ({ ...n, data: { ...n.data, text: "Danke dir, {{name}}!" } } as typeof n) : n,
        ),
        { id: "extra", type: "message" as const, position: { x: 0, y: 0 }, data: { text: "Noch etwas", promotional: false } },
      ].filter((n) => n.id !== "send-failed"),
      edges: [
        ...flow.document.edges.filter((e) => e.target !== "send-failed" && e.source !== "send-failed" && !(e.source === "sent")),
        { id: "x1", source: "sent", sourceHandle: "next", target: "extra" },
        { id: "x2", source: "extra", sourceHandle: "next", target: "end" },
        { id: "x3", source: "crm", sourceHandle: "failure", target: "end" },
      ],
    };
    await caller.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: edited });
    const second = await caller.flows.publish({ workspaceSlug: slug, flowId: flow.id });
    expect(second.number).toBe(2);
    return setupResult;
  }

  it("names steps added, removed and texts changed", async () => {
    const { viewer, slug, flow } = await twoVersions();
    const diff = await viewer.flows.versionDiff({ workspaceSlug: slug, flowId: flow.id, from: 1, to: 2 });
    expect(diff.added.map((s) => s.nodeId)).toEqual(["extra"]);
    expect(diff.removed.map((s) => s.nodeId)).toEqual(["send-failed"]);
    expect(diff.textsChanged).toEqual([expect.objectContaining({ nodeId: "sent", field: "text", after: "Danke dir, {{name}}!" })]);
    expect(diff.connectionsAdded).toBeGreaterThan(0);
    const toDraft = await viewer.flows.versionDiff({ workspaceSlug: slug, flowId: flow.id, from: 2, to: "draft" });
    expect(toDraft.added).toEqual([]);
    expect(toDraft.textsChanged).toEqual([]);
  });

  it("restores a version into the draft, bumping the draft version, and keeps the versions", async () => {
    const { caller, viewer, slug, flow } = await twoVersions();
    const before = await caller.flows.get({ workspaceSlug: slug, flowId: flow.id });
    const restored = await caller.flows.restoreVersion({
      workspaceSlug: slug,
      flowId: flow.id,
      number: 1,
      expectedVersion: before.version,
    });
    expect(restored.version).toBe(before.version + 1);
    const draft = await caller.flows.get({ workspaceSlug: slug, flowId: flow.id });
    expect(draft.version).toBe(before.version + 1);
    expect(draft.document.nodes.map((n) => n.id)).toContain("send-failed");
    expect(contentHashOf(draft.document)).toBe(contentHashOf(flow.document));
    expect((await viewer.flows.versions({ workspaceSlug: slug, flowId: flow.id })).map((v) => v.number)).toEqual([2, 1]);
    expect(
      (await failure(viewer.flows.restoreVersion({ workspaceSlug: slug, flowId: flow.id, number: 1, expectedVersion: draft.version })))
        .code,
    ).toBe("FORBIDDEN");
  });

  it("answers a restore from an editor showing an older draft with the save's conflict, and restores nothing", async () => {
    const { caller, slug, flow } = await twoVersions();
    const before = await caller.flows.get({ workspaceSlug: slug, flowId: flow.id });
    // The editor still shows the draft before the last save.
    const refused = await failure(
      caller.flows.restoreVersion({ workspaceSlug: slug, flowId: flow.id, number: 1, expectedVersion: before.version - 1 }),
    );
    expect(refused.code).toBe("CONFLICT");
    expect(refused.cause).toMatchObject({ code: "VERSION_CONFLICT", details: { currentVersion: before.version } });
    const after = await caller.flows.get({ workspaceSlug: slug, flowId: flow.id });
    expect([after.version, after.document]).toEqual([before.version, before.document]);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "flow.restoreVersion"))).toEqual([]);
    // The same conflict a save from that editor gets.
    const save = await failure(
      caller.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: before.version - 1, document: after.document }),
    );
    expect([save.code, (save.cause as { code?: string }).code]).toEqual([refused.code, "VERSION_CONFLICT"]);
  });
});

describe("restore meeting an autosave (as on two instances)", () => {
  async function publishedFlow() {
    const { caller, ws, slug, flow } = await setup();
    await caller.flows.publish({ workspaceSlug: slug, flowId: flow.id });
    const workspace = await workspaceRow(t.db, ws.id);
    const ownerId = (await t.db.select({ id: flows.createdBy }).from(flows).where(eq(flows.id, flow.id)))[0]!.id!;
    const edited: FlowDocument = { ...flow.document, nodes: flow.document.nodes.map((n) => ({ ...n, position: { x: 7, y: 7 } })) };
    return { workspace, ownerId, flow, edited };
  }

  it("refuses with VERSION_CONFLICT a restore from an editor behind a save, and keeps the save", async () => {
    const { workspace, ownerId, flow, edited } = await publishedFlow();
    await saveFlow(t.db, { workspace, userId: ownerId, flowId: flow.id, expectedVersion: flow.version, document: edited });
    const restored = restoreVersion(t.db, { workspace, userId: ownerId, flowId: flow.id, number: 1, expectedVersion: flow.version });
    await expect(restored).rejects.toMatchObject({ code: "VERSION_CONFLICT", details: { currentVersion: flow.version + 1 } });
    const [row] = await t.db.select().from(flows).where(eq(flows.id, flow.id));
    expect([row.version, JSON.parse(row.document)]).toEqual([flow.version + 1, edited]);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "flow.restoreVersion"))).toEqual([]);
  });

  it("lets exactly one of a restore and a save based on the same draft through, whatever the order", async () => {
    const { workspace, ownerId, flow, edited } = await publishedFlow();
    const { first: restored, between: saved } = await interleave(
      t.db,
      () => restoreVersion(t.db, { workspace, userId: ownerId, flowId: flow.id, number: 1, expectedVersion: flow.version }),
      (db) => saveFlow(db, { workspace, userId: ownerId, flowId: flow.id, expectedVersion: flow.version, document: edited }),
    );
    const [row] = await t.db.select().from(flows).where(eq(flows.id, flow.id));
    const restores = await t.db.select().from(auditLog).where(eq(auditLog.action, "flow.restoreVersion"));
    expect(row.version).toBe(flow.version + 1);
    if (restored.ok) {
      expect(!saved.ok && isAppError(saved.error) && saved.error.code).toBe("VERSION_CONFLICT");
      expect(restored.value.version).toBe(row.version);
      expect(restores).toEqual([expect.objectContaining({ before: { draftVersion: flow.version }, after: { restoredVersion: 1 } })]);
      expect(contentHashOf(JSON.parse(row.document) as FlowDocument)).toBe(contentHashOf(flow.document));
    } else {
      expect(isAppError(restored.error) && restored.error.code).toBe("VERSION_CONFLICT");
      expect(saved.ok).toBe(true);
      expect(JSON.parse(row.document)).toEqual(edited);
      expect(restores).toEqual([]);
    }
  });
});

describe("restore meeting a legal-settings save (as on two instances)", () => {
  it("stores the restored draft's findings checked with the settings saved after the restore read them", async () => {
    const { user, workspace: created } = await ownedWorkspace(t.db, "Legal Restore Shop");
    await setWorkspaceLegal(t.db, created.id);
    const stale = await workspaceRow(t.db, created.id);
    const flow = await createFlow(t.db, { workspace: stale, userId: user.id, templateId: "leadCapture", name: "Leads", locale: "en" });
    await publishFlow(t.db, { workspace: stale, userId: user.id, flowId: flow.id });
    // Without the CRM processor the lead flow's webhook is undeclared: an error the old settings did not have.
    const settings = { ...COMPLETE_LEGAL_SETTINGS, processors: [] };
    const { first: restored, between: legal } = await interleave(
      t.db,
      () => restoreVersion(t.db, { workspace: stale, userId: user.id, flowId: flow.id, number: 1, expectedVersion: flow.version }),
      (db) => saveLegalSettings(db, { workspace: stale, actorId: user.id, settings }),
    );
    expect(restored.ok && legal.ok).toBe(true);
    const [row] = await t.db.select().from(flows).where(eq(flows.id, flow.id));
    const expected = checkDocument(JSON.parse(row.document), await workspaceRow(t.db, created.id)).diagnostics;
    expect(expected.map((d) => d.rule)).toContain("processor.declared");
    expect([row.version, row.diagnostics, row.errorCount]).toEqual([
      flow.version + 1,
      expected,
      expected.filter((d) => d.severity === "error").length,
    ]);
    if (restored.ok) expect(restored.value.diagnostics).toEqual(expected);
  });
});

describe("publish meeting a legal-settings save (as on two instances)", () => {
  it("never stores a live version as served that the settings saved at the same moment block", async () => {
    const { user, workspace: created } = await ownedWorkspace(t.db, "Legal Race Shop");
    await setWorkspaceLegal(t.db, created.id);
    const stale = await workspaceRow(t.db, created.id);
    const flow = await createFlow(t.db, { workspace: stale, userId: user.id, templateId: "leadCapture", name: "Leads", locale: "en" });
    // Without the CRM processor the lead flow's webhook is undeclared: an error.
    const { first: published } = await interleave(
      t.db,
      () => publishFlow(t.db, { workspace: stale, userId: user.id, flowId: flow.id }),
      (db) => saveLegalSettings(db, { workspace: stale, actorId: user.id, settings: { ...COMPLETE_LEGAL_SETTINGS, processors: [] } }),
    );
    if (!published.ok) expect(isAppError(published.error) && published.error.code).toBe("COMPLIANCE_ERRORS");
    const now = await workspaceRow(t.db, created.id);
    const blocked = (await blockedLiveFlows(t.db, now)).map((f) => [f.id, f.findings]);
    expect([...(await storedLiveBlocked(t.db, created.id)).entries()]).toEqual(blocked);
    expect(blocked.length).toBe(published.ok ? 1 : 0);
  });
});

describe("export download", () => {
  it("says clearly when nothing is published yet", async () => {
    const { caller, slug, flow } = await setup();
    const error = await failure(caller.flows.export({ workspaceSlug: slug, flowId: flow.id, channel: "messenger" }));
    expect(error.code).toBe("NOT_FOUND");
    expect((error.cause as unknown as { code: string }).code).toBe("NOT_PUBLISHED");
  });

  it("returns the latest version's export per channel and canonical, and records the download", async () => {
    const { caller, viewer, slug, flow } = await setup();
    await caller.flows.publish({ workspaceSlug: slug, flowId: flow.id });
    const whatsapp = await viewer.flows.export({ workspaceSlug: slug, flowId: flow.id, channel: "whatsapp" });
    expect(whatsapp.export).toMatchObject({ format: "flowguard.export/v1", channel: "whatsapp", flow: { id: flow.id, version: 1 } });
    const canonical = await viewer.flows.export({ workspaceSlug: slug, flowId: flow.id, channel: null });
    expect(canonical.export.steps).toEqual([]);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "flow.export"))).toHaveLength(2);
  });

  it("refuses when the legal settings became incomplete after publishing", async () => {
    const { caller, ws, slug, flow } = await setup();
    await caller.flows.publish({ workspaceSlug: slug, flowId: flow.id });
    await t.db.update(workspaces).set({ impressumUrl: "" }).where(eq(workspaces.id, ws.id));
    expect((await failure(caller.flows.export({ workspaceSlug: slug, flowId: flow.id, channel: "telegram" }))).code).toBe(
      "PRECONDITION_FAILED",
    );
  });
});
