import { term } from "../../flow";
import { pathRuleDiagnostics } from "../pathRule";
import { searchUncovered } from "../pathSearch";
import type { PathRule, PathRuleSearch } from "../types";
import { acceptEdgesOf } from "./consent.beforeData";

/**
 * An input with `specialCategory` C is covered by the `accept` output of a consent
 * with `explicit: true` whose categories include C. One search per category in use.
 */
export const consentSpecial: PathRule = {
  id: "consent.special",
  severity: "error",
  kind: "path",
  needsLegal: false,
  insertAfterStart: false,
  basis: "GDPR Art. 9(1), 9(2)(a)",
  searches(context): PathRuleSearch[] {
    const { graph, indicesOfType } = context;
    const inputsByCategory = new Map<string, number[]>();
    for (const index of indicesOfType.input) {
      const node = graph.nodes[index];
      const category = node.type === "input" ? node.data.specialCategory : undefined;
      if (!category) continue;
      const inputs = inputsByCategory.get(category);
      if (inputs) inputs.push(index);
      else inputsByCategory.set(category, [index]);
    }
    const searches: PathRuleSearch[] = [];
    for (const [category, inputs] of inputsByCategory) {
      const violating = new Uint8Array(graph.nodeCount);
      for (const input of inputs) violating[input] = 1;
      const search = searchUncovered(
        graph,
        {
          startNodes: graph.startIndices,
          blockedEdges: acceptEdgesOf(
            context,
            (consent) => consent.data.explicit === true && (consent.data.categories as string[]).includes(category),
          ),
          violating,
        },
        context.scratch,
      );
      const firstInput = graph.nodes[inputs[0]];
      const purpose = firstInput.type === "input" ? firstInput.data.purpose : "";
      searches.push({ ...search, missing: { type: "consent", purpose, category } });
    }
    return searches;
  },
  explain(context, search, nodeIndex) {
    const category = search.missing.type === "consent" ? (search.missing.category ?? "") : "";
    return { step: context.describe(context.graph.nodes[nodeIndex]), category: term(`categories.${category}`, undefined, category) };
  },
  check(context) {
    return pathRuleDiagnostics(this, context);
  },
};
