import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { COMPLETE_LEGAL_SETTINGS, workspaceWithOwner } from "@/server/testing/fixtures";

let t: TestDb;
beforeEach(() => {
  t = createTestDb();
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
    expect(byName.get("Leads")!.liveBlockedBy).toEqual([expect.objectContaining({ rule: "legal.links" })]);
    expect(byName.get("Draft only")!.liveBlockedBy).toBeNull();
    const opened = await owner.flows.get({ workspaceSlug: slug, flowId: news.id });
    expect(opened.liveBlockedBy?.[0].message).toMatch(/Impressum/);

    // Already stopped flows are not announced again by the next change.
    expect(await owner.legal.stoppedLiveFlows({ workspaceSlug: slug, ...withoutImpressum, processors: [] })).toEqual([]);
    await owner.legal.save({ workspaceSlug: slug, ...COMPLETE_LEGAL_SETTINGS });
    expect((await owner.flows.list({ workspaceSlug: slug })).every((f) => f.liveBlockedBy === null)).toBe(true);
  });
});
