import { MARKETING_PURPOSE, containsWords, hitsOf, negatedInClause, wordsOf } from "../../flow";
import { quotedWords, reading } from "../contentText";
import type { Diagnostic, Rule } from "../types";

/** More purposes than this in one consent is a warning: a person cannot weigh them one by one. */
export const MAX_PURPOSES_PER_CONSENT = 2;

/**
 * One consent per purpose where it matters: marketing is never bundled with another
 * purpose (an error: agreeing to the service must not mean agreeing to advertising),
 * and a consent with more than two purposes is a warning. The text counts as well as
 * the purpose list: a consent for the service whose words also ask for advertising,
 * profiling or passing the data on to partners bundles them just the same, and the
 * finding names those words.
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
      if (bundlesMarketing || purposes.length > MAX_PURPOSES_PER_CONSENT) {
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
        continue;
      }
      // A consent for marketing alone may speak of offers; any other consent that does asks for more than it declares.
      if (purposes.length === 0) continue;
      const read = reading(context, node.data.text);
      // Words that name one of the consent's own purposes (its label or id: "Profilbildung" for `profiling`) are declared, not hidden.
      const own = purposes.flatMap((purpose) => [purpose, context.purposeLabel(purpose)]).filter((name) => name.trim() !== "");
      const declared = (words: string) => own.some((name) => containsWords(reading(context, name), words));
      const hidden = [
        ...(purposes.includes(MARKETING_PURPOSE) ? [] : hitsOf(read, "marketingPurpose")),
        ...hitsOf(read, "otherUse"),
      ].filter((hit) => !declared(hit.words) && !negatedInClause(context.locale, read, hit));
      if (hidden.length === 0) continue;
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        params: {
          step: context.describe(node),
          problem: "inText",
          count: purposes.length,
          max: MAX_PURPOSES_PER_CONSENT,
          purposes: purposes.map((purpose) => context.purpose(purpose)),
          words: quotedWords(wordsOf(hidden)),
        },
      });
    }
    return diagnostics;
  },
};
