import type { AutofixInsertion } from "@/core/compliance";
import { outputsOfNode } from "./edits";
import type { CanvasNode, EditorGraph, XY } from "./types";

/** Vertical distance between a step and the next one in its column. */
const ROW = 170;
/** Horizontal distance between neighbouring columns (a step is 240 px wide). */
const COLUMN = 300;
/** A step's box before the browser has measured it. */
const STEP_WIDTH = 250;
const STEP_HEIGHT = 130;
const GAP = 16;

type Box = { x: number; y: number; width: number; height: number };

function boxOf(node: CanvasNode, position: XY): Box {
  return { x: position.x, y: position.y, width: node.measured?.width ?? STEP_WIDTH, height: node.measured?.height ?? STEP_HEIGHT };
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width + GAP && b.x < a.x + a.width + GAP && a.y < b.y + b.height + GAP && b.y < a.y + a.height + GAP;
}

/**
 * Lays out steps that were inserted in front of existing ones, the way a person
 * would: the inserted steps take the place of the step they protect, as a small
 * top-to-bottom layout of their own (a step's first output continues the column,
 * further outputs open columns to the right), and everything from that place
 * down moves down by the rows they need. Steps above stay where they were. A step
 * that would still touch another one moves right until it is free, so no two
 * boxes overlap.
 */
export function makeRoomForInserted(
  graph: EditorGraph,
  inserted: readonly Pick<AutofixInsertion, "nodeId" | "beforeNodeId">[],
): EditorGraph {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const positions = new Map(graph.nodes.map((n) => [n.id, n.position]));
  const groups = new Map<string, string[]>();
  for (const item of inserted) {
    if (!byId.has(item.nodeId)) continue;
    const group = groups.get(item.beforeNodeId) ?? [];
    group.push(item.nodeId);
    groups.set(item.beforeNodeId, group);
  }
  for (const [beforeNodeId, ids] of groups) {
    const target = positions.get(beforeNodeId);
    if (!target) continue;
    const members = new Set(ids);
    // Row and column of each inserted step inside its group, from the edges between them.
    const cell = new Map<string, { row: number; column: number }>();
    const cellOf = (id: string, seen: Set<string>): { row: number; column: number } => {
      const known = cell.get(id);
      if (known) return known;
      let result = { row: 0, column: 0 };
      const incoming = graph.edges.find((e) => e.target === id && members.has(e.source) && !seen.has(e.source));
      if (incoming) {
        seen.add(id);
        const parent = cellOf(incoming.source, seen);
        const outputIndex = Math.max(0, outputsOfNode(byId.get(incoming.source)!).indexOf(incoming.sourceHandle ?? ""));
        result = { row: parent.row + 1, column: parent.column + outputIndex };
      }
      cell.set(id, result);
      return result;
    };
    for (const id of ids) cellOf(id, new Set([id]));
    const rows = Math.max(...[...cell.values()].map((c) => c.row)) + 1;
    const spot = { x: target.x, y: target.y };

    for (const [id, position] of positions) {
      if (!members.has(id) && position.y >= spot.y - 10) positions.set(id, { x: position.x, y: position.y + rows * ROW });
    }
    for (const id of ids) {
      const { row, column } = cell.get(id)!;
      positions.set(id, { x: spot.x + column * COLUMN, y: spot.y + row * ROW });
    }
    for (const id of ids) {
      let position = positions.get(id)!;
      const node = byId.get(id)!;
      for (let tries = 0; tries < 50; tries++) {
        const box = boxOf(node, position);
        const blocked = graph.nodes.some((other) => other.id !== id && overlaps(box, boxOf(other, positions.get(other.id)!)));
        if (!blocked) break;
        position = { x: position.x + COLUMN, y: position.y };
      }
      positions.set(id, position);
    }
  }

  return {
    ...graph,
    nodes: graph.nodes.map((n) => {
      const position = positions.get(n.id)!;
      return position === n.position ? n : { ...n, position };
    }),
  };
}

/** The nearest spot at or below `position` where a new step covers no other step. */
export function freeSpot(graph: EditorGraph, position: XY): XY {
  let spot = position;
  for (let tries = 0; tries < 50; tries++) {
    const box: Box = { ...spot, width: STEP_WIDTH, height: STEP_HEIGHT };
    const blocked = graph.nodes.some((n) => overlaps(box, boxOf(n, n.position)));
    if (!blocked) return spot;
    spot = { x: spot.x, y: spot.y + STEP_HEIGHT + GAP };
  }
  return spot;
}

/** Whether any two steps' boxes overlap (notes included). */
export function overlappingPairs(graph: EditorGraph): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < graph.nodes.length; i++) {
    for (let j = i + 1; j < graph.nodes.length; j++) {
      const a = graph.nodes[i];
      const b = graph.nodes[j];
      const boxA = boxOf(a, a.position);
      const boxB = boxOf(b, b.position);
      if (boxA.x < boxB.x + boxB.width && boxB.x < boxA.x + boxA.width && boxA.y < boxB.y + boxB.height && boxB.y < boxA.y + boxA.height)
        pairs.push([a.id, b.id]);
    }
  }
  return pairs;
}
