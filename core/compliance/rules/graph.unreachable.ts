import type { Diagnostic, Rule } from "../types";

/**
 * A node no start reaches. Without any start `graph.start` already says what is
 * wrong, and listing every node as unreachable would only bury that.
 */
export const graphUnreachable: Rule = {
  id: "graph.unreachable",
  severity: "warning",
  needsLegal: false,
  basis: "—",
  check(context) {
    const { graph } = context;
    if (graph.startIndices.length === 0) return [];
    const reach = context.reachFromStarts();
    const diagnostics: Diagnostic[] = [];
    for (let i = 0; i < graph.nodeCount; i++) {
      if (reach.reached[i] === 1) continue;
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: graph.nodes[i].id,
        params: { step: context.describe(graph.nodes[i]) },
      });
    }
    return diagnostics;
  },
};
