import { quoted, type MessageParams } from "../../flow";
import { privacyContactProblem, publicHttpsUrlProblem } from "../../flow/hosts";
import type { Diagnostic, Rule } from "../types";

/**
 * The workspace has a controller name and address, a privacy contact (e-mail or https
 * URL) and https Impressum and privacy policy URLs on a public host: a link people
 * cannot open ("https://x", "https://localhost/", an IP address, "https://co.uk") is
 * no legal notice at all. One diagnostic per item, so each can be fixed on its own.
 * Skipped without legal settings.
 */
export const legalLinks: Rule = {
  id: "legal.links",
  severity: "error",
  needsLegal: true,
  basis: "§ 5 DDG; GDPR Art. 13(1)(a)",
  check(context) {
    const legal = context.legal;
    if (legal === null) return [];
    const problems: MessageParams[] = [];
    if (legal.controller.name.trim() === "") problems.push({ item: "controller", problem: "missing" });
    if (legal.controller.address.trim() === "") problems.push({ item: "address", problem: "missing" });
    const contact = privacyContactProblem(legal.privacyContact);
    if (contact !== null) problems.push({ item: "privacyContact", problem: contact, value: quoted(legal.privacyContact.trim()) });
    for (const [item, url] of [
      ["impressum", legal.impressumUrl],
      ["privacyPolicy", legal.privacyPolicyUrl],
    ] as const) {
      const problem = publicHttpsUrlProblem(url);
      if (problem !== null) problems.push({ item, problem, value: quoted(url.trim()) });
    }
    return problems.map((params): Diagnostic => ({ rule: this.id, severity: this.severity, nodeId: null, params }));
  },
};
