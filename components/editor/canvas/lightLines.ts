import { outputsOfNode } from "@/components/editor/model/edits";
import type { CanvasEdge, CanvasNode } from "@/components/editor/model/types";
import { LIGHT_BOX } from "@/components/editor/steps/levelOfDetail";

/** One connection zoomed far out: a straight line from the source's output to the target's top. */
export type Line = { id: string; x1: number; y1: number; x2: number; y2: number; witness: boolean; width?: number; label?: string };

/** Where a light box's outputs leave it: spread along its bottom, as the full step's handles are. */
const outputsCache = new WeakMap<object, string[]>();
function outputIndex(node: CanvasNode, handle: string | null | undefined): { index: number; count: number } {
  let outputs = outputsCache.get(node.data);
  if (!outputs) {
    outputs = node.type === "note" ? [] : outputsOfNode(node);
    outputsCache.set(node.data, outputs);
  }
  const index = outputs.indexOf(handle ?? "next");
  return { index: Math.max(index, 0), count: Math.max(outputs.length, 1) };
}

/** The lines of all connections between light boxes (connections to missing steps are left out). */
export function lightLines(
  nodes: readonly CanvasNode[],
  edges: readonly CanvasEdge[],
  witness: ReadonlySet<string> | undefined,
  widthOf: (edge: CanvasEdge) => number | undefined,
): Line[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const lines: Line[] = [];
  for (const edge of edges) {
    const source = byId.get(edge.source);
    const target = byId.get(edge.target);
    if (!source || !target) continue;
    const { index, count } = outputIndex(source, edge.sourceHandle);
    lines.push({
      id: edge.id,
      x1: source.position.x + (LIGHT_BOX.width * (index + 0.5)) / count,
      y1: source.position.y + LIGHT_BOX.height,
      x2: target.position.x + LIGHT_BOX.width / 2,
      y2: target.position.y,
      witness: witness?.has(edge.id) ?? false,
      width: widthOf(edge),
      label: typeof edge.ariaLabel === "string" ? edge.ariaLabel : undefined,
    });
  }
  return lines;
}

function sameLine(p: Line, q: Line): boolean {
  return (
    p.id === q.id &&
    p.x1 === q.x1 &&
    p.y1 === q.y1 &&
    p.x2 === q.x2 &&
    p.y2 === q.y2 &&
    p.witness === q.witness &&
    p.width === q.width &&
    p.label === q.label
  );
}

/**
 * Keeps the previous object of every line that did not change, so a drag frame hands React
 * the same objects for all lines but those of the moving step, and memoised parts skip them.
 */
export function createLineKeeper(): (lines: Line[]) => Line[] {
  let previous = new Map<string, Line>();
  return (lines) => {
    const next = new Map<string, Line>();
    const kept = lines.map((line) => {
      const old = previous.get(line.id);
      const same = old && sameLine(old, line) ? old : line;
      next.set(line.id, same);
      return same;
    });
    previous = next;
    return kept;
  };
}
