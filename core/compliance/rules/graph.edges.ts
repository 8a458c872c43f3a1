import { hasOutput, term, type TermRef } from "../../flow";
import type { Diagnostic, Rule } from "../types";

/** Every edge joins existing nodes through an output the source type has. */
export const graphEdges: Rule = {
  id: "graph.edges",
  severity: "error",
  needsLegal: false,
  basis: "—",
  check(context) {
    const { graph } = context;
    const diagnostics: Diagnostic[] = [];
    for (let e = 0; e < graph.edges.length; e++) {
      if (graph.edgeUsable[e] === 1) continue;
      const edge = graph.edges[e];
      const source = graph.edgeSource[e] >= 0 ? graph.nodes[graph.edgeSource[e]] : null;
      const problems: TermRef[] = [];
      if (source === null) {
        problems.push(term("graph.edges.problems.sourceMissing", { id: edge.source }));
      } else if (!hasOutput(source, edge.sourceHandle)) {
        problems.push(term("graph.edges.problems.noOutput", { step: context.describe(source), handle: edge.sourceHandle }));
      }
      if (graph.edgeTarget[e] < 0) problems.push(term("graph.edges.problems.targetMissing", { id: edge.target }));
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: source?.id ?? null,
        params: { edge: edge.id, problems },
      });
    }
    return diagnostics;
  },
};
