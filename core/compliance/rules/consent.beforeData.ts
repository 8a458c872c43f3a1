import { consentPurposeOf, type FlowNode } from "../../flow";
import { dataActionOf, pathRuleDiagnostics } from "../pathRule";
import { searchUncovered } from "../pathSearch";
import { quote } from "../text";
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
      const purpose = consentPurposeOf(nodes[i]);
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
    const step = context.describe(node);
    const purpose = search.missing.type === "consent" ? search.missing.purpose : "";
    const label = quote(context.locale, context.purposeLabel(purpose));
    const action = dataActionOf(context, node);
    if (node.type === "message") {
      return context.locale === "de"
        ? `${step} ist Werbung, aber auf mindestens einem Weg dorthin hat die Person nicht in Werbung eingewilligt (oder „Nein“ gesagt). Setzen Sie davor eine Einwilligung für ${label}.`
        : `${step} is advertising, but on at least one way there the person has not agreed to marketing (or said "no"). Add a consent for ${label} before it.`;
    }
    return context.locale === "de"
      ? `${step} ${action}, aber auf mindestens einem Weg dorthin hat die Person nicht in ${label} eingewilligt (oder „Nein“ gesagt). Setzen Sie davor eine Einwilligung für diesen Zweck.`
      : `${step} ${action}, but on at least one way there the person has not agreed to ${label} (or said "no"). Add a consent for this purpose before it.`;
  },
  check(context) {
    return pathRuleDiagnostics(this, context);
  },
};
