import { describe, expect, it } from "vitest";
import { NODE_TYPES } from "./constants";
import { UNKNOWN_TYPE_CODE, buildFlowGraph, typeCodeOf } from "./graph";
import { outputsOf } from "./outputs";
import type { FlowDocument, FlowEdge, FlowNode } from "./schema";

/** A node with just enough data for the graph (it reads ids, types and a choice's options). */
function node(id: string, type: string, data: Record<string, unknown> = {}): FlowNode {
  return { id, type, position: { x: 0, y: 0 }, data } as unknown as FlowNode;
}

function edge(source: string, sourceHandle: string, target: string): FlowEdge {
  return { id: `${source}-${sourceHandle}-${target}`, source, sourceHandle, target };
}

function documentOf(nodes: FlowNode[], edges: FlowEdge[]): FlowDocument {
  return { nodes, edges } as unknown as FlowDocument;
}

const options = (...ids: string[]) => ({ text: "?", options: ids.map((id) => ({ id, label: id })) });

describe("buildFlowGraph", () => {
  it("codes every node's type by its place in NODE_TYPES, an unknown type after them", () => {
    const nodes = [...NODE_TYPES.map((type, i) => node(`n${i}`, type)), node("odd", "carousel")];
    const graph = buildFlowGraph(documentOf(nodes, []));
    expect([...graph.typeCodes]).toEqual([...NODE_TYPES.map((_, code) => code), UNKNOWN_TYPE_CODE]);
    expect(graph.startIndices).toEqual([NODE_TYPES.indexOf("start")]);
  });

  it("records where each usable edge's output stands among its source's outputs, -1 for the others", () => {
    const nodes = [node("c", "choice", options("a", "b", "a")), node("k", "condition"), node("i", "input"), node("e", "end")];
    const edges = [
      edge("c", "b", "e"),
      edge("c", "a", "e"), // the first option of that id
      edge("c", "fallback", "e"), // after the options
      edge("k", "false", "e"),
      edge("k", "true", "e"),
      edge("i", "invalid", "i"),
      edge("i", "nope", "e"), // no such output
      edge("k", "true", "missing"), // no such target
      edge("missing", "next", "e"), // no such source
    ];
    const graph = buildFlowGraph(documentOf(nodes, edges));
    expect([...graph.edgeOutput]).toEqual([1, 0, 3, 1, 0, 1, -1, -1, -1]);
    expect([...graph.edgeUsable]).toEqual([1, 1, 1, 1, 1, 1, 0, 0, 0]);
    // The position names the same handle as the node's list of outputs.
    for (let e = 0; e < edges.length; e++) {
      if (graph.edgeOutput[e] === -1) continue;
      const source = nodes[graph.edgeSource[e]];
      expect(outputsOf(source)[graph.edgeOutput[e]]).toBe(edges[e].sourceHandle);
    }
  });

  it("lists each node's outgoing and incoming usable edges in document order", () => {
    const nodes = [node("m", "message"), node("c", "choice", options("a", "b")), node("e", "end")];
    // In chains (m → c, c → m, m → e) each source is the previous edge's target.
    const edges = [
      edge("c", "b", "e"),
      edge("m", "next", "c"),
      edge("c", "a", "m"),
      edge("m", "next", "e"),
      edge("c", "bogus", "e"),
      edge("c", "fallback", "e"),
    ];
    const graph = buildFlowGraph(documentOf(nodes, edges));
    expect([...graph.edgeSource]).toEqual([1, 0, 1, 0, 1, 1]);
    expect([...graph.edgeTarget]).toEqual([2, 1, 0, 2, 2, 2]);
    const out = (i: number) => [...graph.outEdges.subarray(graph.outOffsets[i], graph.outOffsets[i + 1])];
    const into = (i: number) => [...graph.inEdges.subarray(graph.inOffsets[i], graph.inOffsets[i + 1])];
    expect([out(0), out(1), out(2)]).toEqual([[1, 3], [0, 2, 5], []]);
    expect([into(0), into(1), into(2)]).toEqual([[2], [1], [0, 3, 5]]);
    expect(graph.outOffsets[3]).toBe(5);
    expect(graph.inOffsets[3]).toBe(5);
  });
});

describe("typeCodeOf", () => {
  it("is each type's place in NODE_TYPES, and one code after them for anything else", () => {
    expect(NODE_TYPES.map(typeCodeOf)).toEqual(NODE_TYPES.map((_, code) => code));
    expect(["", "carousel", "Start", "constructor"].map(typeCodeOf)).toEqual([
      UNKNOWN_TYPE_CODE,
      UNKNOWN_TYPE_CODE,
      UNKNOWN_TYPE_CODE,
      UNKNOWN_TYPE_CODE,
    ]);
  });
});
