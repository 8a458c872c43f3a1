import { outputsOf } from "@/core/flow/outputs";
import { freshId } from "./newStep";
import { NOTE_TYPE, type CanvasEdge, type CanvasNode, type EditorGraph, type NodeContent, type XY } from "./types";

/*
 * Pure edits of the editor's graph. Each returns a new graph and leaves its
 * input untouched; unchanged nodes keep their identity so memoised canvas nodes
 * do not re-render.
 */

/** Output handles of a canvas node; notes and ends have none. */
export function outputsOfNode(node: NodeContent): string[] {
  if (node.type === NOTE_TYPE) return [];
  return outputsOf(node);
}

/** Whether a node takes incoming edges (starts and notes do not). */
export function hasInput(node: Pick<CanvasNode, "type">): boolean {
  return node.type !== "start" && node.type !== NOTE_TYPE;
}

function edgeIds(graph: EditorGraph): Set<string> {
  return new Set(graph.edges.map((e) => e.id));
}

export function addNode(graph: EditorGraph, node: CanvasNode): EditorGraph {
  return { ...graph, nodes: [...graph.nodes, node] };
}

export type ConnectRefusal = "selfLoop" | "outputTaken" | "noInput" | "unknownStep";

export type Connection = { source: string; sourceHandle: string | null; target: string };

/** Why a connection may not be made, or null when it may. */
export function connectionRefusal(graph: EditorGraph, connection: Connection): ConnectRefusal | null {
  const source = graph.nodes.find((n) => n.id === connection.source);
  const target = graph.nodes.find((n) => n.id === connection.target);
  if (!source || !target) return "unknownStep";
  if (source.id === target.id) return "selfLoop";
  if (!hasInput(target)) return "noInput";
  const handle = connection.sourceHandle ?? outputsOfNode(source)[0];
  if (!handle || !outputsOfNode(source).includes(handle)) return "unknownStep";
  if (graph.edges.some((e) => e.source === source.id && e.sourceHandle === handle)) return "outputTaken";
  return null;
}

/** Adds the edge; call `connectionRefusal` first. */
export function connect(graph: EditorGraph, connection: Connection): EditorGraph {
  const source = graph.nodes.find((n) => n.id === connection.source)!;
  const sourceHandle = connection.sourceHandle ?? outputsOfNode(source)[0];
  const id = freshId("e", edgeIds(graph));
  return { ...graph, edges: [...graph.edges, { id, source: connection.source, sourceHandle, target: connection.target }] };
}

/**
 * Drops `node` onto an edge: the edge now ends at the new step, and the new
 * step's first output continues to the old target.
 */
export function insertOnEdge(graph: EditorGraph, edgeId: string, node: CanvasNode): EditorGraph {
  const edge = graph.edges.find((e) => e.id === edgeId);
  if (!edge) return addNode(graph, node);
  const firstOutput = outputsOfNode(node)[0];
  const edges = graph.edges.map((e) => (e.id === edgeId ? { ...e, target: node.id } : e));
  if (firstOutput && hasInput(node)) {
    edges.push({ id: freshId("e", edgeIds(graph)), source: node.id, sourceHandle: firstOutput, target: edge.target });
  }
  return { ...graph, nodes: [...graph.nodes, node], edges };
}

/** Removes nodes (with their edges) and edges, unguarded. */
export function removeElements(graph: EditorGraph, nodeIds: ReadonlySet<string>, removedEdgeIds: ReadonlySet<string>): EditorGraph {
  return {
    ...graph,
    nodes: graph.nodes.filter((n) => !nodeIds.has(n.id)),
    edges: graph.edges.filter((e) => !removedEdgeIds.has(e.id) && !nodeIds.has(e.source) && !nodeIds.has(e.target)),
  };
}

/** What copy puts on the clipboard: the chosen nodes and the edges between them. */
export type Clipboard = { nodes: CanvasNode[]; edges: CanvasEdge[] };

export function copyNodes(graph: EditorGraph, nodeIds: ReadonlySet<string>): Clipboard {
  return {
    nodes: graph.nodes.filter((n) => nodeIds.has(n.id)).map((n) => ({ ...n, selected: false })),
    edges: graph.edges.filter((e) => nodeIds.has(e.source) && nodeIds.has(e.target)),
  };
}

/**
 * Pastes with fresh ids for nodes and edges, shifted by `offset`. Variables of
 * pasted questions get a new name, because each variable may be collected once.
 * The pasted nodes come back selected.
 */
export function pasteClipboard(graph: EditorGraph, clipboard: Clipboard, offset: XY): { graph: EditorGraph; pastedIds: string[] } {
  const takenNodes = new Set(graph.nodes.map((n) => n.id));
  const takenEdges = edgeIds(graph);
  const variables = new Set<string>();
  for (const n of graph.nodes) if (n.type === "input") variables.add(n.data.variable);
  const idMap = new Map<string, string>();
  const pasted: CanvasNode[] = clipboard.nodes.map((node) => {
    const id = freshId(node.type === NOTE_TYPE ? "note" : node.type, takenNodes);
    takenNodes.add(id);
    idMap.set(node.id, id);
    const position = { x: node.position.x + offset.x, y: node.position.y + offset.y };
    if (node.type !== "input") return { ...node, id, position, selected: true };
    let variable = node.data.variable;
    if (variables.has(variable)) {
      let n = 2;
      while (variables.has(`${node.data.variable}${n}`)) n++;
      variable = `${node.data.variable}${n}`;
    }
    variables.add(variable);
    return { ...node, id, position, data: { ...node.data, variable }, selected: true };
  });
  const pastedEdges: CanvasEdge[] = clipboard.edges.map((edge) => {
    const id = freshId("e", takenEdges);
    takenEdges.add(id);
    return { id, source: idMap.get(edge.source)!, sourceHandle: edge.sourceHandle, target: idMap.get(edge.target)! };
  });
  return {
    graph: {
      ...graph,
      nodes: [...graph.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted],
      edges: [...graph.edges, ...pastedEdges],
    },
    pastedIds: pasted.map((n) => n.id),
  };
}

/** The node with new content of its own type; the canvas properties (position, selection) stay. */
function withContent(node: CanvasNode, content: NodeContent): CanvasNode {
  const { type: _type, data: _data, ...canvas } = node;
  return { ...canvas, ...content };
}

/**
 * Replaces a step's data (`content` names the step's type, which must match). Edges
 * from outputs the step no longer has (a removed choice option) are dropped, so the
 * document stays valid.
 */
export function updateNodeData(graph: EditorGraph, nodeId: string, content: NodeContent): EditorGraph {
  let changed: CanvasNode | undefined;
  const nodes = graph.nodes.map((n) => (n.id === nodeId && n.type === content.type ? (changed = withContent(n, content)) : n));
  if (!changed) return graph;
  const outputs = new Set(outputsOfNode(changed));
  const edges = graph.edges.filter((e) => e.source !== nodeId || outputs.has(e.sourceHandle ?? ""));
  return { ...graph, nodes, edges: edges.length === graph.edges.length ? graph.edges : edges };
}

/** Moves nodes to new positions (auto-layout). */
export function moveNodes(graph: EditorGraph, positions: ReadonlyMap<string, XY>): EditorGraph {
  return { ...graph, nodes: graph.nodes.map((n) => (positions.has(n.id) ? { ...n, position: positions.get(n.id)! } : n)) };
}

/**
 * Points one output at a step (or at nothing): the keyboard-friendly way to
 * connect, used by the inspector. Replaces the output's existing edge, keeping
 * its id when there was one.
 */
export function setOutputTarget(graph: EditorGraph, nodeId: string, handle: string, targetId: string | null): EditorGraph {
  const existing = graph.edges.find((e) => e.source === nodeId && e.sourceHandle === handle);
  if ((existing?.target ?? null) === targetId) return graph;
  const others = graph.edges.filter((e) => e !== existing);
  if (targetId === null) return { ...graph, edges: others };
  const edge = { id: existing?.id ?? freshId("e", edgeIds(graph)), source: nodeId, sourceHandle: handle, target: targetId };
  return { ...graph, edges: [...others, edge] };
}
