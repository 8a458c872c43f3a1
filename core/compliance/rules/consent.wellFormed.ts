import { MARKETING_PURPOSE } from "../../flow";
import { joinList, quote } from "../text";
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
    const de = context.locale === "de";
    const declared = new Set(context.document.purposes.map((purpose) => purpose.id));
    declared.add(MARKETING_PURPOSE);
    const diagnostics: Diagnostic[] = [];
    for (const index of context.indicesOfType.consent) {
      const node = context.graph.nodes[index];
      if (node.type !== "consent") continue;
      const data = node.data;
      const problems: string[] = [];
      if (data.text.trim() === "") problems.push(de ? "der Text fehlt" : "the text is missing");
      if (data.purposes.filter((purpose) => purpose.trim() !== "").length === 0) {
        problems.push(de ? "es ist kein Zweck ausgewählt" : "no purpose is selected");
      }
      for (const purpose of data.purposes) {
        if (purpose.trim() !== "" && !declared.has(purpose)) {
          problems.push(
            de
              ? `der Zweck ${quote("de", purpose)} ist im Flow nicht angelegt`
              : `the purpose ${quote("en", purpose)} is not declared in the flow`,
          );
        }
      }
      const accept = data.acceptLabel.trim();
      const decline = data.declineLabel.trim();
      if (accept === "") problems.push(de ? "die Beschriftung für „Ja“ fehlt" : 'the label for "yes" is missing');
      if (decline === "") problems.push(de ? "die Beschriftung für „Nein“ fehlt" : 'the label for "no" is missing');
      if (accept !== "" && accept.toLocaleLowerCase() === decline.toLocaleLowerCase()) {
        problems.push(de ? "„Ja“ und „Nein“ sind gleich beschriftet" : '"yes" and "no" have the same label');
      }
      if (data.withdrawalHint.trim() === "") {
        problems.push(de ? "der Hinweis, wie man widerruft, fehlt" : "the hint how to withdraw is missing");
      }
      if (!hasConnectedOutput(context, index, "accept")) {
        problems.push(de ? "der Ausgang „Ja“ ist nicht verbunden" : 'the "yes" output is not connected');
      }
      if (!hasConnectedOutput(context, index, "decline")) {
        problems.push(de ? "der Ausgang „Nein“ ist nicht verbunden" : 'the "no" output is not connected');
      }
      if (problems.length === 0) continue;
      const step = context.describe(node);
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        message: de
          ? `${step} ist noch keine wirksame Einwilligung: ${joinList("de", problems)}.`
          : `${step} is not yet a valid consent: ${joinList("en", problems)}.`,
      });
    }
    return diagnostics;
  },
};
