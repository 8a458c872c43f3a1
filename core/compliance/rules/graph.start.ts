import type { Rule } from "../types";

/** At least one start node. */
export const graphStart: Rule = {
  id: "graph.start",
  severity: "error",
  needsLegal: false,
  basis: "—",
  check(context) {
    if (context.graph.startIndices.length > 0) return [];
    return [
      {
        rule: this.id,
        severity: this.severity,
        nodeId: null,
        message:
          context.locale === "de"
            ? "Der Flow hat keinen Start. Fügen Sie einen Start-Schritt hinzu, damit das Gespräch beginnen kann."
            : "The flow has no start. Add a start step so the conversation can begin.",
      },
    ];
  },
};
