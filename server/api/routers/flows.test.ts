import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq, inArray } from "drizzle-orm";
import { flows } from "@/db/schema";
import type { FlowDocument } from "@/core/flow";
import { callerFor, createTestDb, type TestDb } from "@/server/testing/db";
import { codeOf, signUpTestUser, workspaceWithOwner } from "@/server/testing/fixtures";
import { metrics } from "@/server/ops/metrics";
import { rulebookFingerprint } from "@/server/services/rulebookFingerprint";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

function setup() {
  return workspaceWithOwner(t.db, { name: "Flow Shop" });
}

async function storedDraft(flowId: string) {
  return (await t.db.select().from(flows).where(eq(flows.id, flowId)).limit(1))[0];
}

describe("flows router", () => {
  it("creates every template as a compliant flow with diagnostics stored", async () => {
    const { owner, slug } = await setup();
    for (const templateId of ["default", "newsletter", "leadCapture", "appointment"] as const) {
      const flow = await owner.flows.create({ workspaceSlug: slug, templateId, name: `Flow ${templateId}`, locale: "de" });
      expect(flow.version).toBe(1);
      expect(flow.errorCount).toBe(0);
      expect(flow.document.nodes.some((n) => n.type === "botDisclosure")).toBe(true);
    }
    const list = await owner.flows.list({ workspaceSlug: slug });
    expect(list).toHaveLength(4);
    expect(list[0].updatedByName).toBe("Owner");
  });

  it("opening a draft whose findings another release's rulebook made checks it again, once; other drafts are not checked", async () => {
    const { owner, slug } = await setup();
    const flow = await owner.flows.create({ workspaceSlug: slug, templateId: "leadCapture", name: "Leads", locale: "de" });
    const other = await owner.flows.create({ workspaceSlug: slug, templateId: "newsletter", name: "News", locale: "de" });
    const current = await storedDraft(flow.id);
    // What an instance of an older release stores when it saves during a rolling deploy: its own findings and fingerprint.
    const old = [{ rule: "graph.retired", severity: "error" as const, nodeId: null, path: [], params: {} }];
    await t.db
      .update(flows)
      .set({ diagnostics: old as never, errorCount: 1, warningCount: 0, findingsRulebook: "older release" })
      .where(inArray(flows.id, [flow.id, other.id]));
    const validations = async () => (await metrics().validations.get()).values.reduce((sum, v) => sum + v.value, 0);
    const before = await validations();

    const opened = await owner.flows.get({ workspaceSlug: slug, flowId: flow.id });
    expect(opened.diagnostics).toEqual(current.diagnostics);
    expect(opened.errorCount).toBe(current.errorCount);
    expect(await validations()).toBe(before + 1);
    const stored = await storedDraft(flow.id);
    expect([stored.findingsRulebook, stored.version]).toEqual([rulebookFingerprint(), current.version]);
    expect((await storedDraft(other.id)).findingsRulebook).toBe("older release");
    // Now this release's findings: opening it again checks nothing.
    await owner.flows.get({ workspaceSlug: slug, flowId: flow.id });
    expect(await validations()).toBe(before + 1);
  });

  it("saves with expectedVersion and answers CONFLICT to a stale version, changing nothing", async () => {
    const { owner, slug } = await setup();
    const flow = await owner.flows.create({ workspaceSlug: slug, templateId: "default", name: "Welcome", locale: "en" });
    const edited: FlowDocument = { ...flow.document, name: "Welcome v2" };
    const saved = await owner.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: edited });
    expect(saved.version).toBe(2);
    expect((await storedDraft(flow.id)).name).toBe("Welcome v2");

    const stale = owner.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: { ...edited, name: "Lost" } });
    await expect(stale).rejects.toMatchObject({ code: "CONFLICT" });
    const row = await storedDraft(flow.id);
    expect(row.version).toBe(2);
    expect(JSON.parse(row.document).name).toBe("Welcome v2");
  });

  it("refuses a broken document with errors naming the step and field, leaving the draft unchanged", async () => {
    const { owner, slug } = await setup();
    const flow = await owner.flows.create({ workspaceSlug: slug, templateId: "leadCapture", name: "Leads", locale: "de" });
    const before = await storedDraft(flow.id);
    const input = flow.document.nodes.find((n) => n.type === "input")!;
    const broken = {
      ...flow.document,
      nodes: flow.document.nodes.map((n) => (n.id === input.id ? { ...n, data: { ...n.data, purpose: undefined } } : n)),
    };
    const attempt = owner.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: broken });
    await expect(attempt).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    await expect(attempt).rejects.toThrow(new RegExp(`${input.id}.*purpose`));
    expect(await storedDraft(flow.id)).toEqual(before);

    const notAFlow = owner.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: "hello" });
    await expect(notAFlow).rejects.toMatchObject({ code: "UNPROCESSABLE_CONTENT" });
    expect(await storedDraft(flow.id)).toEqual(before);
  });

  it("stores a draft with compliance errors and counts them", async () => {
    const { owner, slug } = await setup();
    const flow = await owner.flows.create({ workspaceSlug: slug, templateId: "default", name: "Risky", locale: "en" });
    const disclosure = flow.document.nodes.find((n) => n.type === "botDisclosure")!;
    // Skip the disclosure: the start now leads straight to the privacy notice.
    const next = flow.document.edges.find((e) => e.source === disclosure.id)!;
    const edges = flow.document.edges
      .filter((e) => e.source !== disclosure.id)
      .map((e) => (e.target === disclosure.id ? { ...e, target: next.target } : e));
    const saved = await owner.flows.save({
      workspaceSlug: slug,
      flowId: flow.id,
      expectedVersion: 1,
      document: { ...flow.document, edges },
    });
    expect(saved.errorCount).toBeGreaterThan(0);
    expect(saved.diagnostics.map((d) => d.rule)).toContain("disclosure.first");

    const fixed = await owner.flows.autofix({ workspaceSlug: slug, document: { ...flow.document, edges } });
    expect(fixed.inserted.map((i) => i.rule)).toContain("disclosure.first");
    expect(fixed.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect((await storedDraft(flow.id)).version).toBe(2);
  });

  it("renames, duplicates and archives", async () => {
    const { owner, slug } = await setup();
    const flow = await owner.flows.create({ workspaceSlug: slug, templateId: "newsletter", name: "News", locale: "de" });
    const renamed = await owner.flows.rename({ workspaceSlug: slug, flowId: flow.id, name: "Newsletter 2027" });
    expect(renamed).toMatchObject({ name: "Newsletter 2027", version: 2 });
    expect(renamed.document.name).toBe("Newsletter 2027");
    const copy = await owner.flows.duplicate({ workspaceSlug: slug, flowId: flow.id, name: "Kopie" });
    expect(copy.id).not.toBe(flow.id);
    expect(copy.document.id).toBe(copy.id);
    await owner.flows.archive({ workspaceSlug: slug, flowId: flow.id, archived: true });
    expect((await owner.flows.list({ workspaceSlug: slug })).map((f) => f.name)).toEqual(["Kopie"]);
    expect((await owner.flows.list({ workspaceSlug: slug, archived: true })).map((f) => f.name)).toEqual(["Newsletter 2027"]);
  });

  it("lets viewers read and check but not write; editors write", async () => {
    const { owner, slug, member } = await setup();
    const flow = await owner.flows.create({ workspaceSlug: slug, templateId: "default", name: "Roles", locale: "en" });
    const viewer = await member("viewer", "vera");
    const editor = await member("editor", "eddie");
    expect(await codeOf(viewer.flows.get({ workspaceSlug: slug, flowId: flow.id }))).toBe("OK");
    expect((await viewer.flows.get({ workspaceSlug: slug, flowId: flow.id })).canEdit).toBe(false);
    expect(await codeOf(viewer.flows.validate({ workspaceSlug: slug, document: flow.document }))).toBe("OK");
    expect(await codeOf(viewer.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: flow.document }))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(viewer.flows.create({ workspaceSlug: slug, templateId: "default", name: "x", locale: "en" }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.flows.rename({ workspaceSlug: slug, flowId: flow.id, name: "x" }))).toBe("FORBIDDEN");
    expect(await codeOf(viewer.flows.archive({ workspaceSlug: slug, flowId: flow.id, archived: true }))).toBe("FORBIDDEN");
    expect((await storedDraft(flow.id)).version).toBe(1);
    expect(await codeOf(editor.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: flow.document }))).toBe(
      "OK",
    );
  });

  it("hides flows of other workspaces as NOT_FOUND", async () => {
    const { owner, slug } = await setup();
    const flow = await owner.flows.create({ workspaceSlug: slug, templateId: "default", name: "Mine", locale: "en" });
    const stranger = await signUpTestUser(t.db, "Stranger", "s@example.com");
    const strangerCaller = callerFor(t.db, stranger);
    const own = await strangerCaller.workspaces.create({ name: "Other Shop" });
    expect(await codeOf(strangerCaller.flows.get({ workspaceSlug: slug, flowId: flow.id }))).toBe("NOT_FOUND");
    expect(await codeOf(strangerCaller.flows.get({ workspaceSlug: own.slug, flowId: flow.id }))).toBe("NOT_FOUND");
    expect(
      await codeOf(strangerCaller.flows.save({ workspaceSlug: own.slug, flowId: flow.id, expectedVersion: 1, document: flow.document })),
    ).toBe("NOT_FOUND");
  });
});
