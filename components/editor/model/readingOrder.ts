import { outputsOfNode } from "./edits";
import { NOTE_TYPE, type CanvasEdge, type CanvasNode } from "./types";

export type ReadingOrder = {
  nodeIds: string[];
  edgeIds: string[];
  /** How many of `nodeIds`, from the first, a start reaches (they come before all others). */
  reached: number;
};

const byPosition = (a: CanvasNode, b: CanvasNode) => a.position.y - b.position.y || a.position.x - b.position.x;

/**
 * The order in which a person reads the flow: from the start along each step's
 * outputs (in the order the step lists them), depth first, so a branch is read to
 * its end before the next one; steps no path reaches follow top to bottom, sticky
 * notes last. Connections come after all steps, in the order of their source step
 * and output. Keyboard focus on the canvas follows it.
 */
export function readingOrder(graph: { nodes: readonly CanvasNode[]; edges: readonly CanvasEdge[] }): ReadingOrder {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const handleRank = (edge: CanvasEdge) => {
    const source = byId.get(edge.source);
    const index = source ? outputsOfNode(source).indexOf(edge.sourceHandle ?? "") : -1;
    return index < 0 ? Number.MAX_SAFE_INTEGER : index;
  };
  const outgoing = new Map<string, CanvasEdge[]>();
  for (const edge of graph.edges) {
    const list = outgoing.get(edge.source);
    if (list) list.push(edge);
    else outgoing.set(edge.source, [edge]);
  }
  for (const list of outgoing.values()) list.sort((a, b) => handleRank(a) - handleRank(b));

  const seen = new Set<string>();
  const nodeIds: string[] = [];
  // An explicit stack instead of recursion: long flows must not overflow the call stack.
  const visitFrom = (rootId: string) => {
    const stack = [rootId];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (seen.has(id) || !byId.has(id)) continue;
      seen.add(id);
      nodeIds.push(id);
      const next = outgoing.get(id) ?? [];
      for (let i = next.length - 1; i >= 0; i--) if (!seen.has(next[i].target)) stack.push(next[i].target);
    }
  };
  const steps = graph.nodes.filter((n) => n.type !== NOTE_TYPE);
  for (const start of steps.filter((n) => n.type === "start").sort(byPosition)) visitFrom(start.id);
  const reached = nodeIds.length;
  for (const rest of steps.filter((n) => !seen.has(n.id)).sort(byPosition)) visitFrom(rest.id);
  for (const note of graph.nodes.filter((n) => n.type === NOTE_TYPE).sort(byPosition)) nodeIds.push(note.id);

  const rank = new Map(nodeIds.map((id, i) => [id, i]));
  const edgeIds = [...graph.edges]
    .sort((a, b) => (rank.get(a.source) ?? 0) - (rank.get(b.source) ?? 0) || handleRank(a) - handleRank(b))
    .map((e) => e.id);
  return { nodeIds, edgeIds, reached };
}
