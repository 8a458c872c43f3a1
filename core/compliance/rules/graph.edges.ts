import { hasOutput } from "../../flow";
import { quote } from "../text";
import type { Diagnostic, Rule } from "../types";

/** Every edge joins existing nodes through an output the source type has. */
export const graphEdges: Rule = {
  id: "graph.edges",
  severity: "error",
  needsLegal: false,
  basis: "—",
  check(context) {
    const { graph, locale } = context;
    const de = locale === "de";
    const diagnostics: Diagnostic[] = [];
    for (let e = 0; e < graph.edges.length; e++) {
      if (graph.edgeUsable[e] === 1) continue;
      const edge = graph.edges[e];
      const source = graph.edgeSource[e] >= 0 ? graph.nodes[graph.edgeSource[e]] : null;
      const problems: string[] = [];
      if (source === null) {
        problems.push(
          de ? `der Startschritt ${quote(locale, edge.source)} fehlt` : `its source step ${quote(locale, edge.source)} does not exist`,
        );
      } else if (!hasOutput(source, edge.sourceHandle)) {
        problems.push(
          de
            ? `${context.describe(source)} hat keinen Ausgang ${quote(locale, edge.sourceHandle)}`
            : `${context.describe(source)} has no output ${quote(locale, edge.sourceHandle)}`,
        );
      }
      if (graph.edgeTarget[e] < 0) {
        problems.push(
          de ? `der Zielschritt ${quote(locale, edge.target)} fehlt` : `its target step ${quote(locale, edge.target)} does not exist`,
        );
      }
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: source?.id ?? null,
        message: de
          ? `Die Verbindung ${edge.id} ist kaputt: ${problems.join(" und ")}. Löschen Sie sie oder verbinden Sie sie neu.`
          : `The connection ${edge.id} is broken: ${problems.join(" and ")}. Delete it or connect it again.`,
      });
    }
    return diagnostics;
  },
};
