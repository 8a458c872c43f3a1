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
      const step = context.describe(graph.nodes[i]);
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: graph.nodes[i].id,
        message:
          context.locale === "de"
            ? `${step} wird nie erreicht, weil kein Weg vom Start dorthin führt. Verbinden Sie den Schritt oder löschen Sie ihn.`
            : `${step} is never reached because no way leads there from a start. Connect the step or delete it.`,
      });
    }
    return diagnostics;
  },
};
