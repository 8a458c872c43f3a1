import { pathRuleDiagnostics } from "../pathRule";
import { CONSENT_DECLINE } from "../pathSearch";
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

/**
 * The consent whose decline put the witness of `nodeIndex` into state *decline*.
 * Walks the witness back from its end (the step of the last decline is usually near)
 * instead of collecting all of it.
 */
export function lastDeclineOnWitness(search: PathRuleSearch, nodeIndex: number): number | null {
  const parents = search.parent;
  let key = search.consent?.violatorKeys.get(nodeIndex) ?? -1;
  // Parent pointers form a tree, so the walk ends within as many steps as there are keys.
  for (let steps = 0; steps <= parents.length && key >= 0; steps++) {
    const parent = parents[key];
    if (parent < 0) return null;
    if (key % 3 === CONSENT_DECLINE && parent % 3 !== CONSENT_DECLINE) return (parent / 3) | 0;
    key = parent;
  }
  return null;
}
