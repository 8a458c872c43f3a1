import type { FlowDocument, FlowEdge, FlowNode } from "@/core/flow";
import { NOTE_TYPE, type CanvasEdge, type CanvasNode, type EditorGraph, type FlowMeta, type StickyNote } from "./types";

/** Turns a flow document into canvas nodes and edges; sticky notes become nodes too. */
export function documentToGraph(document: FlowDocument & { notes?: StickyNote[] }): EditorGraph {
  const { nodes, edges, notes, ...rest } = document;
  // Only the step's own fields go onto the canvas; its type and data stay paired (the
  // parsed node's data is its type's data), which TypeScript cannot see through the copy.
  const canvasNodes = nodes.map((node) => ({ id: node.id, type: node.type, position: node.position, data: node.data }) as CanvasNode);
  for (const note of notes ?? []) {
    canvasNodes.push({ id: note.id, type: NOTE_TYPE, position: note.position, data: { text: note.text }, zIndex: -1 });
  }
  const canvasEdges: CanvasEdge[] = edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle,
    target: edge.target,
  }));
  return { nodes: canvasNodes, edges: canvasEdges, meta: { ...rest } as FlowMeta };
}

/** The flow document the server stores: canvas-only properties are dropped. */
export function graphToDocument(graph: EditorGraph): FlowDocument & { notes: StickyNote[] } {
  const nodes: FlowNode[] = [];
  const notes: StickyNote[] = [];
  for (const node of graph.nodes) {
    const position = { x: Math.round(node.position.x), y: Math.round(node.position.y) };
    if (node.type === NOTE_TYPE) notes.push({ id: node.id, position, text: node.data.text });
    else nodes.push({ id: node.id, type: node.type, position, data: node.data } as FlowNode);
  }
  const edges: FlowEdge[] = graph.edges.map((edge) => ({
    id: edge.id,
    source: edge.source,
    sourceHandle: edge.sourceHandle ?? "next",
    target: edge.target,
  }));
  return { ...graph.meta, nodes, edges, notes } as FlowDocument & { notes: StickyNote[] };
}
