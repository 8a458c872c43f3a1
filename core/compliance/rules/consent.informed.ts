import { pathRuleDiagnostics } from "../pathRule";
import { markNodes, searchUncovered } from "../pathSearch";
import type { PathRule, PathRuleSearch } from "../types";

/**
 * Every consent is covered by a privacy notice: a person can only agree in an
 * informed way to what they were told about. One search that stops at privacy notices.
 */
export const consentInformed: PathRule = {
  id: "consent.informed",
  severity: "error",
  kind: "path",
  needsLegal: false,
  insertAfterStart: false,
  basis: "GDPR Art. 4(11) (“informed”), 7, 13",
  searches(context): PathRuleSearch[] {
    const { graph, indicesOfType } = context;
    if (indicesOfType.consent.length === 0) return [];
    const search = searchUncovered(
      graph,
      {
        startNodes: graph.startIndices,
        blockedNodes: markNodes(graph.nodeCount, indicesOfType.privacyNotice),
        violating: markNodes(graph.nodeCount, indicesOfType.consent),
      },
      context.scratch,
    );
    return [{ ...search, missing: { type: "privacyNotice" } }];
  },
  explain(context, _search, nodeIndex) {
    return { step: context.describe(context.graph.nodes[nodeIndex]) };
  },
  check(context) {
    return pathRuleDiagnostics(this, context);
  },
};
