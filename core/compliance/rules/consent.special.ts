import { quoted, term, type SpecialCategory } from "../../flow";
import { pathRuleDiagnostics } from "../pathRule";
import { searchUncovered } from "../pathSearch";
import type { PathRule, PathRuleSearch } from "../types";
import { acceptEdgesOf } from "./consent.beforeData";

/**
 * Every special-category step (inferred: an input, a choice, a subscribe list, a
 * webhook sending such a variable) is covered by the `accept` output of a consent
 * with `explicit: true` whose categories include the step's category and, when the
 * step has a purpose, whose purposes include it. One search per (category, purpose).
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
    const groups = new Map<string, { category: SpecialCategory; purpose: string | null; steps: number[] }>();
    for (let index = 0; index < graph.nodeCount; index++) {
      const label = labels.special[index];
      if (!label) continue;
      const purpose = labels.purposeOf(index) || null;
      const key = `${label.category}\u0000${purpose ?? ""}`;
      const group = groups.get(key);
      if (group) group.steps.push(index);
      else groups.set(key, { category: label.category, purpose, steps: [index] });
    }
    const searches: PathRuleSearch[] = [];
    for (const { category, purpose, steps } of groups.values()) {
      const violating = new Uint8Array(graph.nodeCount);
      for (const step of steps) violating[step] = 1;
      const search = searchUncovered(
        graph,
        {
          startNodes: graph.startIndices,
          blockedEdges: acceptEdgesOf(
            context,
            (consent) =>
              consent.data.explicit === true &&
              (consent.data.categories as string[]).includes(category) &&
              (purpose === null || consent.data.purposes.includes(purpose)),
          ),
          violating,
        },
        context.scratch,
      );
      searches.push({ ...search, missing: { type: "consent", purpose: purpose ?? "", category } });
    }
    return searches;
  },
  explain(context, search, nodeIndex) {
    const category = search.missing.type === "consent" ? (search.missing.category ?? "") : "";
    const evidence = context.labels.special[nodeIndex]?.evidence;
    return {
      step: context.describe(context.graph.nodes[nodeIndex]),
      category: term(`categories.${category}`, undefined, category),
      words: (evidence?.words ?? []).map((word) => quoted(word)),
    };
  },
  check(context) {
    return pathRuleDiagnostics(this, context);
  },
};
