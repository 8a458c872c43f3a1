import { isCountryCode, isInEuEea, normaliseCountry, type MessageParams } from "../../flow";
import type { Diagnostic, Rule } from "../types";

/**
 * Every declared processor says where it processes the data; one outside the EU/EEA
 * names the basis of the transfer (adequacy decision, EU-US Data Privacy Framework,
 * standard contractual clauses). A warning: the basis is a contract the checker
 * cannot read, but the privacy notice must name it (Art. 13(1)(f)).
 * Skipped without legal settings.
 */
export const processorTransfer: Rule = {
  id: "processor.transfer",
  severity: "warning",
  needsLegal: true,
  basis: "GDPR Art. 13(1)(f), 44–46",
  check(context) {
    const legal = context.legal;
    if (legal === null) return [];
    const diagnostics: Diagnostic[] = [];
    for (const processor of legal.processors) {
      const country = normaliseCountry(processor.country);
      let params: MessageParams | null = null;
      if (country === "") params = { problem: "noCountry", processor: processor.name };
      else if (!isCountryCode(country)) params = { problem: "unknownCountry", processor: processor.name, country };
      else if (!isInEuEea(country) && !processor.transferBasis) params = { problem: "noBasis", processor: processor.name, country };
      if (params !== null) diagnostics.push({ rule: this.id, severity: this.severity, nodeId: null, params });
    }
    return diagnostics;
  },
};
