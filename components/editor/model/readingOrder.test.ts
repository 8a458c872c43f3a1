import { describe, expect, it } from "vitest";
import { createFlowFromTemplate } from "@/core/flow";
import { outputsOf } from "@/core/flow/outputs";
import { documentToGraph } from "./document";
import { readingOrder } from "./readingOrder";
import type { EditorGraph } from "./types";

const template = (id: "default" | "leadCapture") =>
  documentToGraph(createFlowFromTemplate(id, { id: "flow-1", name: "Test", locale: "de", company: "Muster GmbH" }));

describe("reading order", () => {
  it("follows the flow from the start, each branch to its end in the order of the step's outputs, then the connections", () => {
    const graph = template("default");
    const consent = graph.nodes.find((n) => n.type === "consent")!;
    const [first] = outputsOf(consent as never);
    const { nodeIds, edgeIds } = readingOrder(graph);
    expect(nodeIds.slice(0, 4)).toEqual(["start", "disclosure", "privacy", "consent"]);
    // The consent's first output is read to its end before its second.
    const branch = graph.edges.find((e) => e.source === "consent" && e.sourceHandle === first)!.target;
    expect(nodeIds[4]).toBe(branch);
    expect(new Set(nodeIds)).toEqual(new Set(graph.nodes.map((n) => n.id)));
    expect(edgeIds).toHaveLength(graph.edges.length);
    expect(edgeIds[0]).toBe("e-start-next-disclosure");
    expect(graph.edges.find((e) => e.id === edgeIds.at(-1))!.source).toBe(
      nodeIds.findLast((id) => graph.edges.some((e) => e.source === id)),
    );
  });

  it("is independent of the order steps are stored in, visits loops once and puts unreached steps and notes after", () => {
    const graph = template("leadCapture");
    const shuffled: EditorGraph = {
      ...graph,
      nodes: [
        ...[...graph.nodes].reverse(),
        { id: "note-1", type: "note", position: { x: 0, y: -500 }, data: { text: "Hinweis" } },
        { id: "orphan", type: "message", position: { x: 900, y: 0 }, data: { text: "Allein", promotional: false } },
      ],
      edges: [...graph.edges].reverse(),
    };
    const order = readingOrder(shuffled);
    expect(order.nodeIds.slice(0, 4)).toEqual(["start", "disclosure", "privacy", "consent"]);
    // The e-mail question loops back through its "invalid" message: each step appears once.
    expect(order.nodeIds).toHaveLength(shuffled.nodes.length);
    expect(order.nodeIds.indexOf("ask-name")).toBeLessThan(order.nodeIds.indexOf("ask-email"));
    expect(order.nodeIds.indexOf("ask-email")).toBeLessThan(order.nodeIds.indexOf("crm"));
    expect(order.nodeIds.slice(-2)).toEqual(["orphan", "note-1"]);
    expect(readingOrder(graph).edgeIds).toEqual(order.edgeIds);
  });
});
