import { pathRuleDiagnostics } from "../pathRule";
import { CONSENT_DECLINE, stateWitnessKeys } from "../pathSearch";
import type { PathRule, PathRuleSearch } from "../types";
import { purposeSearches } from "./consent.beforeData";

/**
 * No path leads from a consent's `decline` output to a consent for an overlapping
 * purpose: a consent for P reached in state *decline* for P is asked again after a
 * no (nagging, or a loop back into the same consent). Shares the (step, consent
 * state) searches of `consent.beforeData`.
 */
export const consentFreelyGiven: PathRule = {
  id: "consent.freelyGiven",
  severity: "error",
  kind: "path",
  needsLegal: false,
  insertAfterStart: false,
  basis: "GDPR Art. 4(11), 7(4), Recital 42 (refuse without detriment)",
  searches(context): PathRuleSearch[] {
    const nodes = context.graph.nodes;
    const searches: PathRuleSearch[] = [];
    const seen = new Set<number>();
    for (const { purpose, search } of purposeSearches(context)) {
      // A consent for several purposes is reported once, for the first purpose found.
      const violators = search.violators.filter((index) => nodes[index].type === "consent" && !seen.has(index));
      for (const index of violators) seen.add(index);
      searches.push({ ...search, violators, missing: { type: "declinedEnd", purpose } });
    }
    return searches;
  },
  explain(context, search, nodeIndex) {
    const nodes = context.graph.nodes;
    const declined = lastDeclineOnWitness(search, nodeIndex);
    const purpose = search.missing.type === "declinedEnd" ? search.missing.purpose : "";
    return {
      step: context.describe(nodes[nodeIndex]),
      declined: context.describe(nodes[declined ?? nodeIndex]),
      same: declined === nodeIndex,
      purpose: context.purpose(purpose),
    };
  },
  check(context) {
    return pathRuleDiagnostics(this, context);
  },
};

/** The consent whose decline put the witness of `nodeIndex` into state *decline*. */
export function lastDeclineOnWitness(search: PathRuleSearch, nodeIndex: number): number | null {
  const keys = stateWitnessKeys(search, nodeIndex);
  for (let i = keys.length - 1; i > 0; i--) {
    if (keys[i] % 3 === CONSENT_DECLINE && keys[i - 1] % 3 !== CONSENT_DECLINE) return (keys[i - 1] / 3) | 0;
  }
  return null;
}
