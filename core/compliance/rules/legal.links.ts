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
    const de = context.locale === "de";
    const messages: string[] = [];
    if (legal.controller.name.trim() === "") {
      messages.push(
        de
          ? "In den Rechtsangaben des Workspace fehlt der Name des Verantwortlichen (Ihr Unternehmen)."
          : "The workspace's legal settings are missing the controller's name (your company).",
      );
    }
    if (!isHttpsUrl(legal.impressumUrl)) {
      messages.push(
        de
          ? "In den Rechtsangaben des Workspace fehlt ein Link zum Impressum, der mit https:// beginnt."
          : "The workspace's legal settings are missing an Impressum (legal notice) link starting with https://.",
      );
    }
    if (!isHttpsUrl(legal.privacyPolicyUrl)) {
      messages.push(
        de
          ? "In den Rechtsangaben des Workspace fehlt ein Link zur Datenschutzerklärung, der mit https:// beginnt."
          : "The workspace's legal settings are missing a privacy policy link starting with https://.",
      );
    }
    return messages.map((message): Diagnostic => ({ rule: this.id, severity: this.severity, nodeId: null, message }));
  },
};
