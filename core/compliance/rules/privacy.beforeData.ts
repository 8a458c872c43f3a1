import { dataActionOf, pathRuleDiagnostics } from "../pathRule";
import { markNodes, searchUncovered } from "../pathSearch";
import type { PathRule, PathRuleSearch } from "../types";

/** Every data step is covered by a privacyNotice: one search that stops at privacy notices. */
export const privacyBeforeData: PathRule = {
  id: "privacy.beforeData",
  severity: "error",
  kind: "path",
  needsLegal: false,
  insertAfterStart: false,
  basis: "GDPR Art. 13 (inform when data is obtained)",
  searches(context): PathRuleSearch[] {
    const { graph, indicesOfType } = context;
    const nodes = graph.nodes;
    const violating = new Uint8Array(graph.nodeCount);
    const labels = context.labels;
    for (let i = 0; i < nodes.length; i++) if (labels.isDataStep(i)) violating[i] = 1;
    const search = searchUncovered(
      graph,
      {
        startNodes: graph.startIndices,
        blockedNodes: markNodes(graph.nodeCount, indicesOfType.privacyNotice),
        violating,
      },
      context.scratch,
    );
    return [{ ...search, missing: { type: "privacyNotice" } }];
  },
  explain(context, _search, nodeIndex) {
    const node = context.graph.nodes[nodeIndex];
    return { step: context.describe(node), action: dataActionOf(node) };
  },
  check(context) {
    return pathRuleDiagnostics(this, context);
  },
};
