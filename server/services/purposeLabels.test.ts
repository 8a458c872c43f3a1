import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { workspaceWithOwner } from "@/server/testing/fixtures";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

describe("purpose labels", () => {
  it("name each purpose as the workspace's flows do, the most recently edited flow winning", async () => {
    const { owner, slug } = await workspaceWithOwner(t.db, { name: "Words Shop" });
    const flow = await owner.flows.create({ workspaceSlug: slug, templateId: "newsletter", name: "News", locale: "de" });
    const [purpose] = flow.document.purposes;
    expect(purpose).toBeDefined();
    expect((await owner.consent.facets({ workspaceSlug: slug })).purposeLabels).toEqual({ [purpose.id]: purpose.label });

    const renamed = { ...flow.document, purposes: [{ ...purpose, label: "Newsletter mit Angeboten" }] };
    await owner.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: flow.version, document: renamed });
    expect((await owner.consent.facets({ workspaceSlug: slug })).purposeLabels[purpose.id]).toBe("Newsletter mit Angeboten");
  });
});
