import { pathRuleDiagnostics } from "../pathRule";
import { markNodes, searchPathIndices, searchUncovered } from "../pathSearch";
import type { PathRule, PathRuleSearch } from "../types";
import { speakingNonDisclosureMask } from "./disclosure.first";

/**
 * From a handoff's `next` output (the bot resumes), no speaking step other than
 * botDisclosure is reachable before a botDisclosure. One search seeded with every
 * handoff's `next` edges.
 */
export const disclosureAfterHandoff: PathRule = {
  id: "disclosure.afterHandoff",
  severity: "error",
  kind: "path",
  needsLegal: false,
  insertAfterStart: false,
  basis: "Meta policy: disclose when a chat moves from human to automated",
  searches(context): PathRuleSearch[] {
    const { graph, indicesOfType } = context;
    const seedEdges: number[] = [];
    for (const handoff of indicesOfType.handoff) {
      for (let k = graph.outOffsets[handoff]; k < graph.outOffsets[handoff + 1]; k++) {
        const edge = graph.outEdges[k];
        if (graph.edges[edge].sourceHandle === "next") seedEdges.push(edge);
      }
    }
    const search = searchUncovered(
      graph,
      {
        startNodes: [],
        seedEdges,
        blockedNodes: markNodes(graph.nodeCount, indicesOfType.botDisclosure),
        violating: speakingNonDisclosureMask(context),
      },
      context.scratch,
    );
    return [{ ...search, missing: { type: "botDisclosure", afterHandoff: true } }];
  },
  explain(context, search, nodeIndex) {
    const nodes = context.graph.nodes;
    const { seedNode } = searchPathIndices(search, nodeIndex);
    return {
      step: context.describe(nodes[nodeIndex]),
      withHandoff: seedNode !== null,
      handoff: seedNode === null ? null : context.describe(nodes[seedNode]),
    };
  },
  check(context) {
    return pathRuleDiagnostics(this, context);
  },
};
