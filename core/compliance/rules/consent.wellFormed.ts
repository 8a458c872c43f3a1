import { MARKETING_PURPOSE, activeOptOutKeywords, containsWords, hitsOf, quoted, term, type MessageParams, type TermRef } from "../../flow";
import { hitsInEitherLanguage, namesController, reading } from "../contentText";
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
 * A consent names the controller and every purpose by its label; its labels are
 * unambiguous (accept agrees — not "Weiter" or "OK"; decline refuses and does not
 * agree — not "Ja, später"); its withdrawal hint names an opt-out keyword the flow
 * answers to; both outputs are connected. Besides: text, at least one purpose, accept and decline labels that are
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
    const labels = new Map(context.document.purposes.map((purpose) => [purpose.id, purpose.label.trim()]));
    // A withdrawal hint may name any keyword the flow answers to: its own and the standard ones of its language.
    const keywords = activeOptOutKeywords(context.document.settings, context.locale);
    const diagnostics: Diagnostic[] = [];
    for (const index of context.indicesOfType.consent) {
      const node = context.graph.nodes[index];
      if (node.type !== "consent") continue;
      const data = node.data;
      const problems: TermRef[] = [];
      const words: string[] = [];
      const problem = (code: string, params?: MessageParams) => problems.push(term(`consent.wellFormed.problems.${code}`, params));
      const text = reading(context, data.text);
      if (data.text.trim() === "") problem("textMissing");
      else {
        if (!namesController(context, data.text)) problem("controllerMissing");
        for (const purpose of data.purposes) {
          const label = labels.get(purpose) ?? "";
          // The built-in marketing purpose may also be named in plain words ("Angebote", "Werbung", "offers").
          const named =
            (label !== "" && containsWords(text, label)) ||
            (purpose === MARKETING_PURPOSE && hitsOf(text, "marketingPurpose", { negated: true }).length > 0);
          if (!named && purpose.trim() !== "") problem("purposeNotNamed", { purpose: context.purpose(purpose) });
        }
      }
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
      } else {
        // Labels are short and often English in German flows ("OK", "Yes"): either language's words count.
        if (accept !== "" && hitsInEitherLanguage(context, accept, "agreement", "literal").length === 0) {
          problem("acceptUnclear", { label: quoted(accept) });
          words.push(accept);
        }
        if (decline !== "" && hitsInEitherLanguage(context, decline, "agreement", "literal").length > 0) {
          problem("declineAgrees", { label: quoted(decline) });
          words.push(decline);
        } else if (decline !== "" && hitsInEitherLanguage(context, decline, "refusal", "literal").length === 0) {
          problem("declineUnclear", { label: quoted(decline) });
          words.push(decline);
        }
      }
      if (data.withdrawalHint.trim() === "") {
        problem("withdrawalHintMissing");
      } else {
        const hint = reading(context, data.withdrawalHint);
        if (!keywords.some((keyword) => containsWords(hint, keyword))) {
          problem("hintNoKeyword", { keywords: [...new Set(keywords.map((keyword) => keyword.trim().toUpperCase()))] });
        }
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
        params: { step: context.describe(node), problems, words: words.map((word) => quoted(word)) },
      });
    }
    return diagnostics;
  },
};
