import { quoted, term } from "../../flow";
import { pathRuleDiagnostics } from "../pathRule";
import { CONSENT_DECLINE, searchConsentStates } from "../pathSearch";
import type { PathRule, PathRuleSearch } from "../types";
import { ANY_PURPOSE, consentEffects, UNCONSENTED } from "./consent.beforeData";

/**
 * Every special-category step (inferred) with category C and purpose P is reached
 * only in consent state *accept* of a consent with `explicit: true` whose categories
 * include C and whose purposes include P; a decline of such a consent is final on the
 * path. One (step, consent state) search per (category, purpose) in use. A step
 * without a purpose (a choice) needs the category only.
 */
export const consentSpecial: PathRule = {
  id: "consent.special",
  severity: "error",
  kind: "path",
  needsLegal: false,
  insertAfterStart: false,
  basis: "GDPR Art. 9(1), 9(2)(a)",
  searches(context): PathRuleSearch[] {
    const { graph, labels } = context;
    const groups = new Map<string, { category: string; purpose: string; steps: number[] }>();
    for (let i = 0; i < graph.nodeCount; i++) {
      const special = labels.special.get(i);
      if (!special) continue;
      const purpose = (labels.purposeOf(i) ?? ANY_PURPOSE).trim();
      const key = `${special.category}\u0000${purpose}`;
      const group = groups.get(key);
      if (group) group.steps.push(i);
      else groups.set(key, { category: special.category, purpose, steps: [i] });
    }
    const searches: PathRuleSearch[] = [];
    for (const { category, purpose, steps } of groups.values()) {
      const violatingStates = new Uint8Array(graph.nodeCount);
      for (const step of steps) violatingStates[step] = UNCONSENTED;
      const search = searchConsentStates(
        graph,
        {
          startNodes: graph.startIndices,
          effect: consentEffects(
            context,
            (consent) =>
              consent.data.explicit === true &&
              (consent.data.categories as string[]).includes(category) &&
              (purpose === ANY_PURPOSE || consent.data.purposes.includes(purpose)),
          ),
          violatingStates,
        },
        context.scratch,
      );
      searches.push({ ...search, missing: { type: "consent", purpose, category } });
    }
    return searches;
  },
  explain(context, search, nodeIndex) {
    const category = search.missing.type === "consent" ? (search.missing.category ?? "") : "";
    const key = search.consent?.violatorKeys.get(nodeIndex) ?? 0;
    return {
      step: context.describe(context.graph.nodes[nodeIndex]),
      category: term(`categories.${category}`, undefined, category),
      declined: key % 3 === CONSENT_DECLINE,
      words: (context.labels.special.get(nodeIndex)?.evidence.words ?? []).map((word) => quoted(word)),
    };
  },
  check(context) {
    return pathRuleDiagnostics(this, context);
  },
};
