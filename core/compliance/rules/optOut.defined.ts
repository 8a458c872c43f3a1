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
    const de = context.locale === "de";
    const missing = [
      ...(hasKeyword ? [] : [de ? "Abmelde-Wörter (z. B. STOP, STOPP, ABMELDEN)" : "opt-out keywords (e.g. STOP, STOPP, ABMELDEN)"]),
      ...(hasConfirmation ? [] : [de ? "eine Bestätigung nach dem Abmelden" : "a confirmation after opting out"]),
    ];
    return [
      {
        rule: this.id,
        severity: this.severity,
        nodeId: null,
        message: de
          ? `Der Flow fragt nach Einwilligungen, also muss man sie genauso leicht widerrufen können. In den Einstellungen fehlen: ${missing.join(" und ")}.`
          : `The flow asks for consent, so withdrawing must be just as easy. The settings are missing ${missing.join(" and ")}.`,
      },
    ];
  },
};
