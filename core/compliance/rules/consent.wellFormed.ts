import { MARKETING_PURPOSE, term, type TermRef } from "../../flow";
import type { Diagnostic, Rule, RuleContext } from "../types";

/** Whether node `index` has a usable edge leaving through `handle`. */
export function hasConnectedOutput(context: RuleContext, index: number, handle: string): boolean {
  const { graph } = context;
  for (let k = graph.outOffsets[index]; k < graph.outOffsets[index + 1]; k++) {
    if (graph.edges[graph.outEdges[k]].sourceHandle === handle) return true;
  }
  return false;
}

/**
 * A consent has text, at least one purpose, accept and decline labels that are
 * non-empty and different, a withdrawal hint, and both outputs connected. All
 * problems of one consent are listed in one diagnostic.
 */
export const consentWellFormed: Rule = {
  id: "consent.wellFormed",
  severity: "error",
  needsLegal: false,
  basis: "GDPR Art. 4(11), 7(2), 7(3); Recital 32 (no silence or default)",
  check(context) {
    const declared = new Set(context.document.purposes.map((purpose) => purpose.id));
    declared.add(MARKETING_PURPOSE);
    const diagnostics: Diagnostic[] = [];
    for (const index of context.indicesOfType.consent) {
      const node = context.graph.nodes[index];
      if (node.type !== "consent") continue;
      const data = node.data;
      const problems: TermRef[] = [];
      const problem = (code: string, params?: { purpose: string }) => problems.push(term(`consent.wellFormed.problems.${code}`, params));
      if (data.text.trim() === "") problem("textMissing");
      if (data.purposes.filter((purpose) => purpose.trim() !== "").length === 0) {
        problem("noPurpose");
      }
      for (const purpose of data.purposes) {
        if (purpose.trim() !== "" && !declared.has(purpose)) {
          problem("purposeUndeclared", { purpose });
        }
      }
      const accept = data.acceptLabel.trim();
      const decline = data.declineLabel.trim();
      if (accept === "") problem("acceptLabelMissing");
      if (decline === "") problem("declineLabelMissing");
      if (accept !== "" && accept.toLocaleLowerCase() === decline.toLocaleLowerCase()) {
        problem("sameLabels");
      }
      if (data.withdrawalHint.trim() === "") {
        problem("withdrawalHintMissing");
      }
      if (!hasConnectedOutput(context, index, "accept")) {
        problem("acceptUnconnected");
      }
      if (!hasConnectedOutput(context, index, "decline")) {
        problem("declineUnconnected");
      }
      if (problems.length === 0) continue;
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        params: { step: context.describe(node), problems },
      });
    }
    return diagnostics;
  },
};
