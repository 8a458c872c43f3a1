import { autofix, type AutofixInsertion, type AutofixMove } from "@/core/compliance";
import { ZFlowNode } from "@/core/flow/schema";
import { documentToGraph, graphToDocument } from "./document";
import { pathErrorKeys } from "./guard";
import { makeRoomForInserted } from "./placement";
import type { CanvasNode, EditorGraph } from "./types";

export type AutoInsertResult = { graph: EditorGraph; inserted: AutofixInsertion[]; moved: AutofixMove[] };

/**
 * After an edit: when it left a step without its bot disclosure, privacy notice
 * or consent (an error `before` did not have), inserts the missing steps on
 * exactly those paths — or moves the notice or consent the edit put behind a step
 * in front of it, so nothing is asked twice. Returns null when the edit created no
 * such gap. Unchanged nodes keep their identity.
 */
export function autoInsertAfterEdit(before: EditorGraph, after: EditorGraph, company?: string): AutoInsertResult | null {
  // A step the schema refuses (what a broken client might send) is the save's to report; the rules expect well-formed steps.
  if (changedStepsMalformed(before, after)) return null;
  const previous = pathErrorKeys(before);
  const now = pathErrorKeys(after);
  let introduced = false;
  for (const key of now.keys()) {
    if (!previous.has(key)) {
      introduced = true;
      break;
    }
  }
  if (!introduced) return null;
  // A "no" leading on to data or a second ask stays a finding to fix on purpose, not a silent rewiring.
  const fixed = autofix(graphToDocument(after), { company, keepDeclinedWays: true });
  if (fixed.inserted.length === 0 && fixed.moved.length === 0 && fixed.removed.length === 0) return null;
  const rebuilt = documentToGraph(fixed.document);
  const old = new Map(after.nodes.map((n) => [n.id, n]));
  const nodes: CanvasNode[] = rebuilt.nodes.map((node) => {
    const previousNode = old.get(node.id);
    // Autofix never changes user steps; keep their objects so they do not re-render.
    return previousNode && previousNode.data === node.data ? previousNode : node;
  });
  const oldEdges = new Map(after.edges.map((e) => [e.id, e]));
  const edges = rebuilt.edges.map((edge) => {
    const previousEdge = oldEdges.get(edge.id);
    return previousEdge &&
      previousEdge.source === edge.source &&
      previousEdge.target === edge.target &&
      previousEdge.sourceHandle === edge.sourceHandle
      ? previousEdge
      : edge;
  });
  // Moved steps are laid out like inserted ones: in front of the step they now protect.
  const placed = makeRoomForInserted({ ...after, nodes, edges }, [...fixed.inserted, ...fixed.moved]);
  return { graph: placed, inserted: fixed.inserted, moved: fixed.moved };
}

/** Whether a step the edit added or changed does not match its type's schema. */
function changedStepsMalformed(before: EditorGraph, after: EditorGraph): boolean {
  const old = new Map(before.nodes.map((n) => [n.id, n.data]));
  return after.nodes.some(
    (node) =>
      node.type !== "note" &&
      old.get(node.id) !== node.data &&
      !ZFlowNode.safeParse({ id: node.id, type: node.type, position: node.position, data: node.data }).success,
  );
}
