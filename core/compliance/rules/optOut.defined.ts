import { activeOptOutKeywords, isUsableKeyword, quoted } from "../../flow";
import type { Diagnostic, Rule } from "../types";

/**
 * A flow with any consent node has a confirmation text for opting out. Keywords are
 * no longer required of the marketer: the standard ones (STOP, STOPP, ABMELDEN,
 * UNSUBSCRIBE) always work in the runtime and the exports, and the flow's own only add
 * to them. A custom keyword without a single letter or digit can never be typed as a
 * word, so it would silently do nothing: that is an error too.
 */
export const optOutDefined: Rule = {
  id: "optOut.defined",
  severity: "error",
  needsLegal: false,
  basis: "GDPR Art. 7(3) (withdraw as easily as given); § 7 (2) Nr. 3 UWG",
  check(context) {
    if (context.indicesOfType.consent.length === 0) return [];
    const { keywords, confirmation } = context.document.settings.optOut;
    const diagnostics: Diagnostic[] = [];
    if (confirmation.trim() === "") {
      diagnostics.push({ rule: this.id, severity: this.severity, nodeId: null, params: { problem: "confirmation" } });
    }
    const unusable = keywords.filter((keyword) => keyword.trim() !== "" && !isUsableKeyword(keyword));
    if (unusable.length > 0) {
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: null,
        params: {
          problem: "unusableKeyword",
          keywords: unusable.map((keyword) => quoted(keyword)),
          standard: activeOptOutKeywords({ optOut: { keywords: [] } }, context.locale),
        },
      });
    }
    return diagnostics;
  },
};
