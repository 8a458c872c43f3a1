import type { AutofixInsertion } from "@/core/compliance";
import type { EditorGraph } from "./types";

const ROW = 170;
const COLUMN = 300;

/**
 * Places inserted steps where a person would: each takes the place of the step
 * it protects, which moves down with everything below it; a consent's polite
 * end goes beside the consent.
 */
export function makeRoomForInserted(
  graph: EditorGraph,
  inserted: readonly Pick<AutofixInsertion, "nodeId" | "beforeNodeId">[],
): EditorGraph {
  const positions = new Map(graph.nodes.map((n) => [n.id, n.position]));
  const insertedIds = new Set(inserted.map((i) => i.nodeId));
  const placedFor = new Map<string, { x: number; y: number }>();
  for (const item of inserted) {
    const target = positions.get(item.beforeNodeId);
    if (!target) continue;
    const anchor = placedFor.get(item.beforeNodeId);
    if (anchor) {
      // A second step for the same place (the polite end after "no"): beside the first.
      positions.set(item.nodeId, { x: anchor.x + COLUMN, y: anchor.y });
      continue;
    }
    const spot = { x: target.x, y: target.y };
    for (const [id, position] of positions) {
      if (!insertedIds.has(id) && position.y >= spot.y - 10) positions.set(id, { x: position.x, y: position.y + ROW });
    }
    positions.set(item.nodeId, spot);
    placedFor.set(item.beforeNodeId, spot);
  }
  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const position = positions.get(n.id)!;
      return position === n.position ? n : { ...n, position };
    }),
  };
}

const STEP_WIDTH = 250;
const STEP_HEIGHT = 130;

/** The nearest spot at or below `position` where a new step covers no other step. */
export function freeSpot(graph: EditorGraph, position: { x: number; y: number }): { x: number; y: number } {
  let spot = position;
  for (let tries = 0; tries < 50; tries++) {
    const blocked = graph.nodes.some((n) => Math.abs(n.position.x - spot.x) < STEP_WIDTH && Math.abs(n.position.y - spot.y) < STEP_HEIGHT);
    if (!blocked) return spot;
    spot = { x: spot.x, y: spot.y + STEP_HEIGHT + 10 };
  }
  return spot;
}
