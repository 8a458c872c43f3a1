import { hitsInEitherLanguage } from "../contentText";
import type { Diagnostic, Rule } from "../types";

/**
 * A handoff has a notice that says a person now answers (human lexicon: Mitarbeiterin,
 * Team, agent, …); "Einen Moment bitte …" tells the user nothing about who answers, and
 * "kein Mitarbeiter ist da" says the opposite.
 */
export const handoffNotice: Rule = {
  id: "handoff.notice",
  severity: "error",
  needsLegal: false,
  basis: "founding checklist: tell users when machine and human switch, both ways",
  check(context) {
    const diagnostics: Diagnostic[] = [];
    for (const index of context.indicesOfType.handoff) {
      const node = context.graph.nodes[index];
      if (node.type !== "handoff") continue;
      const notice = node.data.notice;
      const empty = notice.trim() === "";
      if (!empty && hitsInEitherLanguage(context, notice, "human").length > 0) continue;
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        params: { step: context.describe(node), problem: empty ? "empty" : "noPerson" },
      });
    }
    return diagnostics;
  },
};
