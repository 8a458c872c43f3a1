import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CHANNELS, type FlowDocument, type FlowNode } from "@/core/flow";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { workspaceWithOwner } from "@/server/testing/fixtures";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const SENTENCE = "Unsere Beratung ist kostenlos und unverbindlich, und wir melden uns innerhalb eines Werktages bei Ihnen. ";

/** The lead template on all four channels, with a 3,000-character welcome and a 14-option choice after it. */
function adapted(document: FlowDocument): FlowDocument {
  const welcome = document.nodes.find((n) => n.type === "botDisclosure")!;
  const options = Array.from({ length: 14 }, (_, i) => ({ id: `opt-${i + 1}`, label: `Filiale ${i + 1}` }));
  const next = document.edges.find((e) => e.source === welcome.id)!;
  const choice = { id: "branches", type: "choice", position: { x: 0, y: 0 }, data: { text: "Welche Filiale?", options } } as FlowNode;
  return {
    ...document,
    channels: [...CHANNELS],
    nodes: [
      ...document.nodes.map((n) =>
        n.id === welcome.id
          ? ({ ...n, data: { ...n.data, text: `${String(n.data.text)} ${SENTENCE.repeat(30)}`.slice(0, 3000) } } as FlowNode)
          : n,
      ),
      choice,
    ],
    edges: [
      ...document.edges.filter((e) => e.id !== next.id),
      { id: "w-c", source: welcome.id, sourceHandle: "next", target: "branches" },
      ...options.map((o) => ({ id: `c-${o.id}`, source: "branches", sourceHandle: o.id, target: next.target })),
    ],
  };
}

describe("publishing with limits the export adapts", () => {
  it("publishes a flow whose text and options each channel adapts, with warnings, and exports it to every channel", async () => {
    const { owner, slug } = await workspaceWithOwner(t.db, { name: "Adapt Shop" });
    const flow = await owner.flows.create({ workspaceSlug: slug, templateId: "leadCapture", name: "Leads", locale: "de" });
    await owner.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document: adapted(flow.document) });
    const published = await owner.flows.publish({ workspaceSlug: slug, flowId: flow.id });
    expect(published).toMatchObject({ number: 1, errorCount: 0 });
    expect(published.warningCount).toBeGreaterThanOrEqual(2);
    for (const channel of CHANNELS) {
      const { export: exported } = await owner.flows.export({ workspaceSlug: slug, flowId: flow.id, channel });
      const limits = exported.report.diagnostics.filter((d) => d.rule === "channel.limits");
      expect(limits.length, channel).toBeGreaterThan(0);
      expect(limits.every((d) => d.severity === "warning")).toBe(true);
      expect(exported.report.errors).toBe(0);
      // The choice is paged where a picker holds fewer than 14 options.
      const choice = exported.steps.find((s) => s.nodeId === "branches")!;
      const text = JSON.stringify(choice.payloads);
      if (channel === "telegram") expect(text).toContain("opt-14");
      else expect(text).toContain("Weitere Optionen …");
    }
  });
});
