import { isSpeakingStep } from "../../flow";
import { pathRuleDiagnostics } from "../pathRule";
import { markNodes, searchUncovered } from "../pathSearch";
import type { PathRule, PathRuleSearch, RuleContext } from "../types";

const masks = new WeakMap<RuleContext, Uint8Array>();

/**
 * Speaking steps other than a bot disclosure: these must not come before one.
 * Both disclosure rules need it, so it is computed once per validation.
 */
export function speakingNonDisclosureMask(context: RuleContext): Uint8Array {
  const cached = masks.get(context);
  if (cached) return cached;
  const nodes = context.graph.nodes;
  const mask = new Uint8Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    if (nodes[i].type !== "botDisclosure" && isSpeakingStep(nodes[i])) mask[i] = 1;
  }
  masks.set(context, mask);
  return mask;
}

/**
 * From every start, no speaking step other than botDisclosure is reachable before a
 * botDisclosure: one search from all starts that stops at bot disclosures.
 */
export const disclosureFirst: PathRule = {
  id: "disclosure.first",
  severity: "error",
  kind: "path",
  needsLegal: false,
  insertAfterStart: true,
  basis:
    "EU AI Act Art. 50(1),(5) (applies from 2 Aug 2026); § 18 (3) MStV; Meta Messenger policy on automated experiences; Cal. B&P § 17941",
  searches(context): PathRuleSearch[] {
    const { graph, indicesOfType } = context;
    const search = searchUncovered(
      graph,
      {
        startNodes: graph.startIndices,
        blockedNodes: markNodes(graph.nodeCount, indicesOfType.botDisclosure),
        violating: speakingNonDisclosureMask(context),
      },
      context.scratch,
    );
    return [{ ...search, missing: { type: "botDisclosure", afterHandoff: false } }];
  },
  explain(context, _search, nodeIndex) {
    return { step: context.describe(context.graph.nodes[nodeIndex]) };
  },
  check(context) {
    return pathRuleDiagnostics(this, context);
  },
};
