import { term } from "../../flow";
import type { Rule } from "../types";

/**
 * A flow with any consent node defines opt-out keywords and a confirmation; the
 * runtime makes them work from every state.
 */
export const optOutDefined: Rule = {
  id: "optOut.defined",
  severity: "error",
  needsLegal: false,
  basis: "GDPR Art. 7(3) (withdraw as easily as given); § 7 (2) Nr. 3 UWG",
  check(context) {
    if (context.indicesOfType.consent.length === 0) return [];
    const { keywords, confirmation } = context.document.settings.optOut;
    const hasKeyword = keywords.some((keyword) => keyword.trim() !== "");
    const hasConfirmation = confirmation.trim() !== "";
    if (hasKeyword && hasConfirmation) return [];
    const missing = [
      ...(hasKeyword ? [] : [term("optOut.defined.missing.keywords")]),
      ...(hasConfirmation ? [] : [term("optOut.defined.missing.confirmation")]),
    ];
    return [{ rule: this.id, severity: this.severity, nodeId: null, params: { missing } }];
  },
};
