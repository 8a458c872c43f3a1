import { MARKETING_PURPOSE } from "../../flow";
import type { Diagnostic, Rule } from "../types";

/** More purposes than this in one consent is a warning: a person cannot weigh them one by one. */
export const MAX_PURPOSES_PER_CONSENT = 2;

/**
 * One consent per purpose where it matters: marketing is never bundled with another
 * purpose (an error: agreeing to the service must not mean agreeing to advertising),
 * and a consent with more than two purposes is a warning.
 */
export const consentGranular: Rule = {
  id: "consent.granular",
  severity: "error",
  needsLegal: false,
  basis: "GDPR Art. 7(2), 7(4), Recital 43; EDPB 05/2020 (granularity, no coupling)",
  check(context) {
    const diagnostics: Diagnostic[] = [];
    for (const index of context.indicesOfType.consent) {
      const node = context.graph.nodes[index];
      if (node.type !== "consent") continue;
      const purposes = [...new Set(node.data.purposes.map((purpose) => purpose.trim()).filter((purpose) => purpose !== ""))];
      const bundlesMarketing = purposes.length > 1 && purposes.includes(MARKETING_PURPOSE);
      if (!bundlesMarketing && purposes.length <= MAX_PURPOSES_PER_CONSENT) continue;
      diagnostics.push({
        rule: this.id,
        severity: bundlesMarketing ? "error" : "warning",
        nodeId: node.id,
        params: {
          step: context.describe(node),
          problem: bundlesMarketing ? "marketing" : "tooMany",
          count: purposes.length,
          max: MAX_PURPOSES_PER_CONSENT,
          purposes: purposes.map((purpose) => context.purpose(purpose)),
        },
      });
    }
    return diagnostics;
  },
};
