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
