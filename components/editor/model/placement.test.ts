import { describe, expect, it } from "vitest";
import { autofix } from "@/core/compliance";
import { createFlowFromTemplate } from "@/core/flow";
import { autoInsertAfterEdit } from "./autoInsert";
import { documentToGraph, graphToDocument } from "./document";
import { connect, insertOnEdge, addNode } from "./edits";
import { createStep } from "./newStep";
import { makeRoomForInserted, overlappingPairs } from "./placement";
import type { EditorGraph } from "./types";

function template(): EditorGraph {
  return documentToGraph(createFlowFromTemplate("default", { id: "flow-1", name: "Test", locale: "de", company: "Muster GmbH" }));
}

function question(graph: EditorGraph, at = { x: 0, y: 0 }) {
  return createStep("input", at, { locale: "de", company: "Muster GmbH", meta: graph.meta, nodes: graph.nodes });
}

function positionsOf(graph: EditorGraph) {
  return new Map(graph.nodes.map((n) => [n.id, n.position]));
}

describe("makeRoomForInserted", () => {
  it("a question dropped on the line after the bot disclosure: the inserted steps and the rest overlap nothing", () => {
    const before = template();
    const edge = before.edges.find((e) => e.source === "disclosure")!;
    const step = question(before);
    const dropped = makeRoomForInserted(insertOnEdge(before, edge.id, step), [{ nodeId: step.id, beforeNodeId: edge.target }]);
    expect(overlappingPairs(dropped)).toEqual([]);
    const result = autoInsertAfterEdit(before, dropped, "Muster GmbH")!;
    // The blank flow's own privacy notice and consent move in front of the question: nothing is asked twice.
    expect(result.moved.map((m) => m.nodeId).sort()).toEqual(["consent", "privacy"]);
    expect(result.graph.nodes.filter((n) => n.type === "privacyNotice" || n.type === "consent")).toHaveLength(2);
    expect(overlappingPairs(result.graph)).toEqual([]);
    // Steps above the insertion stay where they were.
    const was = positionsOf(before);
    const now = positionsOf(result.graph);
    expect(now.get("start")).toEqual(was.get("start"));
    expect(now.get("disclosure")).toEqual(was.get("disclosure"));
    // The protected question comes below every step inserted for it.
    const protectedY = now.get(step.id)!.y;
    for (const item of [...result.inserted, ...result.moved].filter(
      (i) => i.beforeNodeId === step.id && !("type" in i && i.type === "end"),
    )) {
      expect(now.get(item.nodeId)!.y).toBeLessThan(protectedY);
    }
  });

  it("autofix of a question connected straight after the start places its steps without overlap", () => {
    const base = template();
    const step = question(base, { x: 600, y: 160 });
    // A second entry point: start → question, nothing in between.
    const start2 = {
      ...createStep("start", { x: 600, y: 0 }, { locale: "de", company: "M", meta: base.meta, nodes: base.nodes }),
      id: "start-2",
    };
    const graph = connect(addNode(addNode(base, start2), step), { source: "start-2", sourceHandle: null, target: step.id });
    const fixed = autofix(graphToDocument(graph), { company: "Muster GmbH" });
    expect(fixed.inserted.length).toBeGreaterThanOrEqual(3);
    const placed = makeRoomForInserted(documentToGraph(fixed.document), fixed.inserted);
    expect(overlappingPairs(placed)).toEqual([]);
  });

  it("connecting a start to a question inserts the missing steps without overlap", () => {
    const base = template();
    const start2 = {
      ...createStep("start", { x: 600, y: 0 }, { locale: "de", company: "M", meta: base.meta, nodes: base.nodes }),
      id: "start-2",
    };
    const step = question(base, { x: 600, y: 200 });
    const before = addNode(addNode(base, start2), step);
    const after = connect(before, { source: "start-2", sourceHandle: null, target: step.id });
    const result = autoInsertAfterEdit(before, after, "Muster GmbH")!;
    expect(result.inserted.map((i) => i.type)).toContain("consent");
    expect(overlappingPairs(result.graph)).toEqual([]);
    // The consent's declining end stands beside the consent, not on it.
    const consent = result.inserted.find((i) => i.type === "consent")!;
    const now = positionsOf(result.graph);
    const end = result.inserted.find((i) => i.type === "end");
    if (end) expect(now.get(end.nodeId)!.x).toBeGreaterThan(now.get(consent.nodeId)!.x);
  });
});
