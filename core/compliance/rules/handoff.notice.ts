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
      const step = context.describe(node);
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        message:
          context.locale === "de"
            ? `${step} hat keinen Hinweis, dass ab jetzt ein Mensch antwortet. Schreib kurz dazu, dass eine Mitarbeiterin oder ein Mitarbeiter übernimmt.`
            : `${step} has no notice that a person answers from now on. Add a short note that a team member takes over.`,
      });
    }
    return diagnostics;
  },
};
