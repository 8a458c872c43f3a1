import type { CanvasEdge, CanvasNode, XY } from "./types";

const NODE_WIDTH = 240;
const NODE_HEIGHT = 110;

/**
 * Lays the flow out top to bottom with ELK's layered algorithm. ELK is loaded
 * only when someone asks for a layout, so it does not weigh on the first load.
 */
export async function layoutPositions(nodes: readonly CanvasNode[], edges: readonly CanvasEdge[]): Promise<Map<string, XY>> {
  const { default: ELK } = await import("elkjs/lib/elk.bundled.js");
  const elk = new ELK();
  const steps = nodes.filter((n) => n.type !== "note");
  const result = await elk.layout({
    id: "root",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "DOWN",
      "elk.spacing.nodeNode": "48",
      "elk.layered.spacing.nodeNodeBetweenLayers": "64",
    },
    children: steps.map((n) => ({ id: n.id, width: n.measured?.width ?? NODE_WIDTH, height: n.measured?.height ?? NODE_HEIGHT })),
    edges: edges.map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const positions = new Map<string, XY>();
  for (const child of result.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  return positions;
}
