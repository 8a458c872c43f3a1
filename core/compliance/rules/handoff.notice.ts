import type { Diagnostic, Rule } from "../types";

/** A handoff has a non-empty notice that a person now answers. */
export const handoffNotice: Rule = {
  id: "handoff.notice",
  severity: "error",
  needsLegal: false,
  basis: "founding checklist: tell users when machine and human switch, both ways",
  check(context) {
    const diagnostics: Diagnostic[] = [];
    for (const index of context.indicesOfType.handoff) {
      const node = context.graph.nodes[index];
      if (node.type !== "handoff" || node.data.notice.trim() !== "") continue;
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        params: { step: context.describe(node) },
      });
    }
    return diagnostics;
  },
};
