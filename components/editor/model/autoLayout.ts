import { hasInput, outputsOfNode } from "./edits";
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
    // Ports where the handles really are (outputs spread along the bottom, in
    // order), so "Ja" stays left of "Nein" and lines do not cross needlessly.
    children: steps.map((n) => {
      const width = n.measured?.width ?? NODE_WIDTH;
      const height = n.measured?.height ?? NODE_HEIGHT;
      const outputs = outputsOfNode(n);
      return {
        id: n.id,
        width,
        height,
        layoutOptions: { "elk.portConstraints": "FIXED_POS" },
        ports: [
          ...(hasInput(n) ? [{ id: `${n.id}:in`, x: width / 2, y: 0, width: 1, height: 1 }] : []),
          ...outputs.map((handle, i) => ({
            id: `${n.id}:out:${handle}`,
            x: (width * (i + 0.5)) / outputs.length,
            y: height,
            width: 1,
            height: 1,
          })),
        ],
      };
    }),
    edges: edges.map((e) => ({ id: e.id, sources: [`${e.source}:out:${e.sourceHandle}`], targets: [`${e.target}:in`] })),
  });
  const positions = new Map<string, XY>();
  for (const child of result.children ?? []) positions.set(child.id, { x: child.x ?? 0, y: child.y ?? 0 });
  return positions;
}
