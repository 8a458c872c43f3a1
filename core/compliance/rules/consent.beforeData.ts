import { quoted, type FlowNode } from "../../flow";
import { dataActionOf, pathRuleDiagnostics } from "../pathRule";
import { searchUncovered } from "../pathSearch";
import type { PathRule, PathRuleSearch, RuleContext } from "../types";

/**
 * Edges that carry consent: the `accept` edges of the consent nodes that pass `covers`.
 * Shared with `consent.special`.
 */
export function acceptEdgesOf(context: RuleContext, covers: (consent: Extract<FlowNode, { type: "consent" }>) => boolean): Uint8Array {
  const { graph, indicesOfType } = context;
  const blocked = new Uint8Array(graph.edges.length);
  for (const index of indicesOfType.consent) {
    const node = graph.nodes[index];
    if (node.type !== "consent" || !covers(node)) continue;
    for (let k = graph.outOffsets[index]; k < graph.outOffsets[index + 1]; k++) {
      const edge = graph.outEdges[k];
      if (graph.edges[edge].sourceHandle === "accept") blocked[edge] = 1;
    }
  }
  return blocked;
}

/**
 * Every data step with purpose P, and every promotional step (purpose `marketing`),
 * is covered by the `accept` output of a consent whose purposes include P. One search
 * per purpose in use; only `accept` edges of matching consents stop it, so a path
 * through `decline` (or through a consent for another purpose) stays uncovered.
 * Steps without a purpose are left to `data.purpose`: no consent could name it.
 */
export const consentBeforeData: PathRule = {
  id: "consent.beforeData",
  severity: "error",
  kind: "path",
  needsLegal: false,
  insertAfterStart: false,
  basis: "GDPR Art. 6(1)(a), 7(1); § 7 (2) Nr. 2 UWG (messenger advertising needs prior express consent)",
  searches(context): PathRuleSearch[] {
    const { graph } = context;
    const nodes = graph.nodes;
    const stepsByPurpose = new Map<string, number[]>();
    for (let i = 0; i < nodes.length; i++) {
      const purpose = context.labels.purposeOf(i);
      if (purpose === null || purpose === "") continue;
      const steps = stepsByPurpose.get(purpose);
      if (steps) steps.push(i);
      else stepsByPurpose.set(purpose, [i]);
    }
    const searches: PathRuleSearch[] = [];
    for (const [purpose, steps] of stepsByPurpose) {
      const violating = new Uint8Array(graph.nodeCount);
      for (const step of steps) violating[step] = 1;
      const search = searchUncovered(
        graph,
        {
          startNodes: graph.startIndices,
          blockedEdges: acceptEdgesOf(context, (consent) => consent.data.purposes.includes(purpose)),
          violating,
        },
        context.scratch,
      );
      searches.push({ ...search, missing: { type: "consent", purpose, category: null } });
    }
    return searches;
  },
  explain(context, search, nodeIndex) {
    const node = context.graph.nodes[nodeIndex];
    const purpose = search.missing.type === "consent" ? search.missing.purpose : "";
    return {
      step: context.describe(node),
      purpose: context.purpose(purpose),
      action: dataActionOf(node),
      advertising: node.type === "message",
      words: (context.labels.promotional[nodeIndex]?.words ?? []).map((word) => quoted(word)),
    };
  },
  check(context) {
    const diagnostics = pathRuleDiagnostics(this, context);
    // The one audited override: advertising words a marketer declared as none stay visible as a warning.
    const overrides = context.labels.advertisingOverrides;
    for (const index of context.indicesOfType.message) {
      const override = overrides[index];
      if (!override) continue;
      const node = context.graph.nodes[index];
      diagnostics.push({
        rule: this.id,
        severity: "warning",
        nodeId: node.id,
        params: {
          step: context.describe(node),
          advertising: "override",
          words: override.words.map((word) => quoted(word)),
          reason: quoted(override.reason),
        },
      });
    }
    return diagnostics;
  },
};
