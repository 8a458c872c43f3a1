import { MARKETING_PURPOSE, reachableFrom, type FlowNode } from "../../flow";
import type { Diagnostic, Rule, RuleContext } from "../types";

const MAIL_WORD = /e-?mail/i;

/**
 * Whether input `index` asks for an e-mail address: its input type says so, or the
 * words that made it personal data (inferred labels) name an e-mail.
 */
function asksForEmail(context: RuleContext, index: number): boolean {
  const node = context.graph.nodes[index];
  if (node.type !== "input") return false;
  const evidence = context.labels.personal.get(index);
  if (evidence === null) return false;
  if (node.data.inputType === "email") return true;
  for (const word of evidence.words) if (MAIL_WORD.test(word)) return true;
  return false;
}

/**
 * An e-mail address collected for marketing needs a double opt-in: the mail tool
 * confirms the address before the first mailing, or the sender cannot prove that the
 * owner of the address consented (a chat consent proves who chatted, not whose
 * address was typed). Flagged: an e-mail question whose purpose is marketing, a
 * webhook sending an e-mail variable for marketing, and a subscribe step reachable
 * after an e-mail question (the list will carry the address). A warning: the double
 * opt-in happens outside the flow, where the checker cannot see it.
 */
export const consentDoubleOptIn: Rule = {
  id: "consent.doubleOptIn",
  severity: "warning",
  needsLegal: false,
  basis: "§ 7 (2) Nr. 2 UWG; BGH I ZR 164/09 (proof of consent)",
  check(context) {
    const nodes = context.graph.nodes;
    const emailInputs = context.indicesOfType.input.filter((index) => asksForEmail(context, index));
    if (emailInputs.length === 0) return [];
    const diagnostics: Diagnostic[] = [];
    const flag = (node: FlowNode, via: string, email: FlowNode) =>
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        params: { via, step: context.describe(node), email: context.describe(email) },
      });

    for (const index of emailInputs) {
      const node = nodes[index];
      if (node.type === "input" && node.data.purpose === MARKETING_PURPOSE) flag(node, "input", node);
    }
    // Per variable slot: the (last) e-mail question collecting it, set up only when a webhook sends something for marketing.
    let emailInputOf: Int32Array | null = null;
    const { slotOfStep, names, slotOf } = context.variables;
    for (const index of context.indicesOfType.webhook) {
      const node = nodes[index];
      if (node.type !== "webhook" || node.data.purpose !== MARKETING_PURPOSE) continue;
      if (emailInputOf === null) {
        emailInputOf = new Int32Array(names.length).fill(-1);
        for (const input of emailInputs) if (slotOfStep[input] !== -1) emailInputOf[slotOfStep[input]] = input;
      }
      for (const variable of node.data.sends) {
        const slot = slotOf(variable);
        if (slot === -1 || emailInputOf[slot] === -1) continue;
        flag(node, "webhook", nodes[emailInputOf[slot]]);
        break;
      }
    }
    if (context.indicesOfType.subscribe.length > 0) {
      // One search from every e-mail question at once: linear however many there are.
      const reach = reachableFrom(context.graph, emailInputs);
      for (const index of context.indicesOfType.subscribe) {
        if (reach.reached[index] === 0) continue;
        let source = index;
        while (reach.parent[source] !== -1) source = reach.parent[source];
        flag(nodes[index], "subscribe", nodes[source]);
      }
    }
    return diagnostics;
  },
};
