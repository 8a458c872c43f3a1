import { describe, expect, it } from "vitest";
import { createFlowFromTemplate } from "@/core/flow";
import { layoutPositions } from "./autoLayout";
import { documentToGraph } from "./document";

describe("auto-layout", () => {
  it("places every step, top to bottom, with no two steps on the same spot and 'yes' left of 'no'", async () => {
    const graph = documentToGraph(createFlowFromTemplate("leadCapture", { id: "f", name: "Leads", locale: "de" }));
    const positions = await layoutPositions(graph.nodes, graph.edges);
    expect(positions.size).toBe(graph.nodes.length);
    const spots = new Set([...positions.values()].map((p) => `${Math.round(p.x)}:${Math.round(p.y)}`));
    expect(spots.size).toBe(graph.nodes.length);
    const consent = graph.nodes.find((n) => n.type === "consent")!;
    const targetOf = (handle: string) => graph.edges.find((e) => e.source === consent.id && e.sourceHandle === handle)!.target;
    expect(positions.get(targetOf("accept"))!.x).toBeLessThan(positions.get(targetOf("decline"))!.x);
    const start = graph.nodes.find((n) => n.type === "start")!;
    expect(positions.get(start.id)!.y).toBe(Math.min(...[...positions.values()].map((p) => p.y)));
  });
});
