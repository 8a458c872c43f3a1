import { isHttpsUrl } from "../text";
import type { Diagnostic, Rule } from "../types";

/**
 * The workspace has a controller name, an https Impressum URL and an https privacy
 * policy URL. One diagnostic per missing item, so each can be fixed on its own.
 * Skipped without legal settings.
 */
export const legalLinks: Rule = {
  id: "legal.links",
  severity: "error",
  needsLegal: true,
  basis: "§ 5 DDG; GDPR Art. 13",
  check(context) {
    const legal = context.legal;
    if (legal === null) return [];
    const missing: string[] = [];
    if (legal.controller.name.trim() === "") missing.push("controller");
    if (!isHttpsUrl(legal.impressumUrl)) missing.push("impressum");
    if (!isHttpsUrl(legal.privacyPolicyUrl)) missing.push("privacyPolicy");
    return missing.map((item): Diagnostic => ({ rule: this.id, severity: this.severity, nodeId: null, params: { missing: item } }));
  },
};
