import { AUTOFIX_RULES, formatDiagnostic, validate } from "@/core/compliance";
import { isComplianceStepType } from "@/core/flow/constants";
import { graphToDocument } from "./document";
import { removeElements } from "./edits";
import type { CanvasNode, EditorGraph } from "./types";

const PATH_RULE_IDS = AUTOFIX_RULES.map((rule) => rule.id);

/** Errors of the rules autofix repairs, keyed `rule:nodeId`, with their messages in the flow's language. */
export function pathErrorKeys(graph: EditorGraph): Map<string, string> {
  const document = graphToDocument(graph);
  const diagnostics = validate(document, null, { rules: PATH_RULE_IDS });
  const keys = new Map<string, string>();
  for (const d of diagnostics) if (d.severity === "error") keys.set(`${d.rule}:${d.nodeId}`, formatDiagnostic(d, document.locale));
  return keys;
}

export type GuardedRemoval = { ok: true; graph: EditorGraph } | { ok: false; blockingNodeId: string; reason: string };

/**
 * The graph as if the compliance steps were taken out of their paths: each
 * incoming edge skips straight to what followed (a consent's `accept` side).
 * Plain deletion would cut the paths and hide every violation behind the gap.
 */
function bridgeOver(graph: EditorGraph, removed: readonly CanvasNode[]): EditorGraph {
  let edges = graph.edges;
  for (const node of removed) {
    const through = node.type === "consent" ? "accept" : "next";
    const onward = edges.find((e) => e.source === node.id && e.sourceHandle === through)?.target;
    if (!onward || onward === node.id) continue;
    edges = edges.map((e) => (e.target === node.id && e.source !== onward ? { ...e, target: onward } : e));
  }
  return { ...graph, edges };
}

/**
 * Removes the elements unless a compliance step among them is still needed: when
 * the steps after it would lack their disclosure, privacy notice or consent
 * without it, the removal is refused with the rulebook's explanation.
 */
export function guardedRemove(graph: EditorGraph, nodeIds: ReadonlySet<string>, removedEdgeIds: ReadonlySet<string>): GuardedRemoval {
  const next = removeElements(graph, nodeIds, removedEdgeIds);
  const removedCompliance = graph.nodes.filter((n) => nodeIds.has(n.id) && isComplianceStepType(n.type));
  if (removedCompliance.length === 0) return { ok: true, graph: next };
  const before = pathErrorKeys(graph);
  const bridged = removeElements(bridgeOver(graph, removedCompliance), nodeIds, removedEdgeIds);
  for (const [key, message] of pathErrorKeys(bridged)) {
    if (!before.has(key)) return { ok: false, blockingNodeId: removedCompliance[0].id, reason: message };
  }
  return { ok: true, graph: next };
}
