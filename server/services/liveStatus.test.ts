import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { COMPLETE_LEGAL_SETTINGS, workspaceWithOwner } from "@/server/testing/fixtures";
import { formatDiagnostic } from "@/core/compliance";
import { eq } from "drizzle-orm";
import { flows, workspaces } from "@/db/schema";
import { refreshAllLiveBlocked } from "./liveStatus";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

describe("live, but blocked", () => {
  it("names the live flows new legal settings would stop, before saving, and marks them in the list and the editor after", async () => {
    const { owner, slug } = await workspaceWithOwner(t.db, { name: "Live Shop" });
    const leads = await owner.flows.create({ workspaceSlug: slug, templateId: "leadCapture", name: "Leads", locale: "de" });
    const news = await owner.flows.create({ workspaceSlug: slug, templateId: "newsletter", name: "News", locale: "de" });
    await owner.flows.create({ workspaceSlug: slug, templateId: "default", name: "Draft only", locale: "de" });
    await owner.flows.publish({ workspaceSlug: slug, flowId: leads.id });
    await owner.flows.publish({ workspaceSlug: slug, flowId: news.id });

    const withoutImpressum = { ...COMPLETE_LEGAL_SETTINGS, impressumUrl: "" };
    const stopped = await owner.legal.stoppedLiveFlows({ workspaceSlug: slug, ...withoutImpressum });
    expect(stopped.map((f) => f.name)).toEqual(["Leads", "News"]);
    expect(stopped[0]).toMatchObject({ publishedVersion: 1, reasons: [expect.objectContaining({ rule: "legal.links" })] });
    // Asking stored nothing: the list still shows both as served.
    expect((await owner.flows.list({ workspaceSlug: slug })).every((f) => f.liveBlockedBy === null)).toBe(true);

    // Dropping only the CRM processor stops the lead flow (its webhook posts there), not the newsletter.
    const withoutCrm = await owner.legal.stoppedLiveFlows({ workspaceSlug: slug, ...COMPLETE_LEGAL_SETTINGS, processors: [] });
    expect(withoutCrm.map((f) => f.name)).toEqual(["Leads"]);

    await owner.legal.save({ workspaceSlug: slug, ...withoutImpressum });
    const list = await owner.flows.list({ workspaceSlug: slug });
    const byName = new Map(list.map((f) => [f.name, f]));
    expect(byName.get("Leads")!.liveBlockedBy).toEqual([expect.objectContaining({ rule: "legal.links", severity: "error" })]);
    expect(byName.get("Draft only")!.liveBlockedBy).toBeNull();
    const opened = await owner.flows.get({ workspaceSlug: slug, flowId: news.id });
    // Stored as findings, so each reader gets them in the UI language.
    expect(opened.liveBlockedBy?.map((d) => formatDiagnostic(d, "de"))).toEqual([expect.stringMatching(/Impressum/)]);
    expect(opened.liveBlockedBy?.map((d) => formatDiagnostic(d, "en"))).toEqual([expect.stringMatching(/legal notice|imprint/i)]);

    // Already stopped flows are not announced again by the next change.
    expect(await owner.legal.stoppedLiveFlows({ workspaceSlug: slug, ...withoutImpressum, processors: [] })).toEqual([]);
    await owner.legal.save({ workspaceSlug: slug, ...COMPLETE_LEGAL_SETTINGS });
    expect((await owner.flows.list({ workspaceSlug: slug })).every((f) => f.liveBlockedBy === null)).toBe(true);
  });
});

describe("stored live-blocked state", () => {
  it("is read from the flow row by the list, written by legal saves and publishing, and recomputed at start-up", async () => {
    const { owner, slug } = await workspaceWithOwner(t.db, { name: "Stored Shop" });
    const leads = await owner.flows.create({ workspaceSlug: slug, templateId: "leadCapture", name: "Leads", locale: "de" });
    await owner.flows.publish({ workspaceSlug: slug, flowId: leads.id });
    const workspace = (await t.db.select().from(workspaces).where(eq(workspaces.slug, slug)).limit(1))[0]!;

    // Settings changed behind the service's back: the list shows what was stored, it does not check again.
    await t.db.update(workspaces).set({ impressumUrl: "" }).where(eq(workspaces.id, workspace.id));
    expect((await owner.flows.list({ workspaceSlug: slug }))[0].liveBlockedBy).toBeNull();
    // The start-up refresh stores the state the live version has now.
    await refreshAllLiveBlocked(t.db);
    const stored = (await t.db.select({ liveBlockedBy: flows.liveBlockedBy }).from(flows).where(eq(flows.id, leads.id)).limit(1))[0]!;
    expect(stored.liveBlockedBy?.map((d) => d.rule)).toEqual(["legal.links"]);
    expect((await owner.flows.list({ workspaceSlug: slug }))[0].liveBlockedBy).toHaveLength(1);

    // Back to complete settings and published again: the new version passed every check, so it is served.
    await owner.legal.save({ workspaceSlug: slug, ...COMPLETE_LEGAL_SETTINGS, impressumUrl: "" });
    expect((await owner.flows.get({ workspaceSlug: slug, flowId: leads.id })).liveBlockedBy).not.toBeNull();
    await t.db.update(workspaces).set({ impressumUrl: COMPLETE_LEGAL_SETTINGS.impressumUrl }).where(eq(workspaces.id, workspace.id));
    const draft = await owner.flows.get({ workspaceSlug: slug, flowId: leads.id });
    await owner.flows.save({
      workspaceSlug: slug,
      flowId: leads.id,
      expectedVersion: draft.version,
      document: { ...draft.document, name: "Leads 2" },
    });
    await owner.flows.publish({ workspaceSlug: slug, flowId: leads.id });
    const after = await owner.flows.get({ workspaceSlug: slug, flowId: leads.id });
    expect(after.publishedVersion).toBe(2);
    expect(after.liveBlockedBy).toBeNull();
  });

  it("never changes a flow of another workspace", async () => {
    const a = await workspaceWithOwner(t.db, { name: "Shop A" });
    const b = { owner: a.owner, slug: (await a.owner.workspaces.create({ name: "Shop B" })).slug };
    const flowA = await a.owner.flows.create({ workspaceSlug: a.slug, templateId: "leadCapture", name: "A", locale: "de" });
    await a.owner.legal.save({ workspaceSlug: a.slug, ...COMPLETE_LEGAL_SETTINGS });
    await b.owner.legal.save({ workspaceSlug: b.slug, ...COMPLETE_LEGAL_SETTINGS });
    // Created after the legal settings, so its texts name the controller.
    const flowB = await b.owner.flows.create({ workspaceSlug: b.slug, templateId: "leadCapture", name: "B", locale: "de" });
    await a.owner.flows.publish({ workspaceSlug: a.slug, flowId: flowA.id });
    await b.owner.flows.publish({ workspaceSlug: b.slug, flowId: flowB.id });
    await a.owner.legal.save({ workspaceSlug: a.slug, ...COMPLETE_LEGAL_SETTINGS, impressumUrl: "" });
    expect((await a.owner.flows.list({ workspaceSlug: a.slug }))[0].liveBlockedBy).not.toBeNull();
    expect((await b.owner.flows.list({ workspaceSlug: b.slug }))[0].liveBlockedBy).toBeNull();
  });
});
