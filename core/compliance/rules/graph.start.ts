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
        params: {},
      },
    ];
  },
};
