import { Position, type NodeHandle } from "@xyflow/react";
import { outputsOfNode, hasInput } from "@/components/editor/model/edits";
import type { CanvasNode } from "@/components/editor/model/types";

/*
 * React Flow draws every step once, wherever it is, to measure it and its handles before it
 * knows what is on screen: opening a flow of 5,000 steps mounted 5,000 detailed boxes for a
 * view that shows a dozen. A step that has not been measured yet gets the size and handle
 * places it will about have instead; React Flow then draws only what is on screen, and each
 * step is measured for real when it first appears (its estimate is dropped once it has been).
 */

/*
 * The estimate counts as the step's measured size, so "show everything" and the minimap take
 * every step into account. Its half pixel is a size no box measures (browsers measure whole
 * pixels): a step's first real measurement always differs from it and replaces it.
 */
/** A step box in full detail: 240 wide (`w-60`), about this high with a short text and a row of outputs. */
export const ESTIMATED_STEP = { width: 240, height: 100.5 } as const;
/** A sticky note (`w-52`, a 96-pixel text field and padding). */
export const ESTIMATED_NOTE = { width: 208, height: 112.5 } as const;
/** A handle is a 12-pixel dot centred on the box's edge. */
const HANDLE = 12;

function estimatedHandles(node: CanvasNode, width: number, height: number): NodeHandle[] {
  if (node.type === "note") return [];
  const handles: NodeHandle[] = [];
  if (hasInput(node)) {
    handles.push({ type: "target", position: Position.Top, x: width / 2 - HANDLE / 2, y: -HANDLE / 2, width: HANDLE, height: HANDLE });
  }
  const outputs = outputsOfNode(node);
  outputs.forEach((id, index) =>
    handles.push({
      id,
      type: "source",
      position: Position.Bottom,
      x: (width * (index + 0.5)) / outputs.length - HANDLE / 2,
      y: height - HANDLE / 2,
      width: HANDLE,
      height: HANDLE,
    }),
  );
  return handles;
}

const estimates = new WeakMap<CanvasNode, CanvasNode>();

/** The node as React Flow should get it: measured ones as they are, others with an estimated size and handles. */
export function withEstimate(node: CanvasNode): CanvasNode {
  if (node.measured?.width !== undefined && node.measured.height !== undefined) return node;
  let estimated = estimates.get(node);
  if (!estimated) {
    const { width, height } = node.type === "note" ? ESTIMATED_NOTE : ESTIMATED_STEP;
    estimated = { ...node, measured: { width, height }, handles: estimatedHandles(node, width, height) };
    estimates.set(node, estimated);
  }
  return estimated;
}
