import { quoted, type FlowNode } from "../../flow";
import { dataActionOf, pathRuleDiagnostics } from "../pathRule";
import {
  CONSENT_DECLINE,
  CONSENT_NONE,
  EDGE_ACCEPTS,
  EDGE_DECLINES,
  searchConsentStates,
  STATE_BIT,
  type UncoveredSearch,
} from "../pathSearch";
import type { PathRule, PathRuleSearch, RuleContext } from "../types";

type ConsentNode = Extract<FlowNode, { type: "consent" }>;

/** Reaching a data step in state *none* or *decline* is a violation. */
export const UNCONSENTED = STATE_BIT[CONSENT_NONE] | STATE_BIT[CONSENT_DECLINE];
/**
 * The pseudo-purpose of data steps that name none: any accepted consent at all lets
 * them through here (`data.purpose` reports the missing purpose), none before them
 * is a violation — such a step sends data before anyone agreed to anything.
 */
export const ANY_PURPOSE = "";

/**
 * What following each edge does to the consent state: the `accept` edges of the
 * consents that pass `covers` accept, their `decline` edges decline.
 * Shared with `consent.special`.
 */
export function consentEffects(context: RuleContext, covers: (consent: ConsentNode) => boolean): Uint8Array {
  const { graph, indicesOfType } = context;
  const effect = new Uint8Array(graph.edges.length);
  for (const index of indicesOfType.consent) {
    const node = graph.nodes[index];
    if (node.type !== "consent" || !covers(node)) continue;
    for (let k = graph.outOffsets[index]; k < graph.outOffsets[index + 1]; k++) {
      const edge = graph.outEdges[k];
      const handle = graph.edges[edge].sourceHandle;
      if (handle === "accept") effect[edge] = EDGE_ACCEPTS;
      else if (handle === "decline") effect[edge] = EDGE_DECLINES;
    }
  }
  return effect;
}

/** Whether a consent asks for `purpose` (any purpose for `ANY_PURPOSE`). */
export function consentCovers(consent: ConsentNode, purpose: string): boolean {
  return purpose === ANY_PURPOSE ? consent.data.purposes.some((p) => p.trim() !== "") : consent.data.purposes.includes(purpose);
}

export interface PurposeSearch {
  purpose: string;
  search: UncoveredSearch;
}

const cache = new WeakMap<RuleContext, PurposeSearch[]>();

/**
 * One (step, consent state) search per purpose in use, shared by `consent.beforeData`
 * (data steps reached in *none* or *decline*) and `consent.freelyGiven` (consents
 * reached in *decline* of a purpose they ask for). Computed once per validation.
 */
export function purposeSearches(context: RuleContext): PurposeSearch[] {
  const cached = cache.get(context);
  if (cached) return cached;
  const { graph, indicesOfType } = context;
  const nodes = graph.nodes;
  const stepsByPurpose = new Map<string, number[]>();
  const add = (purpose: string, index: number) => {
    const list = stepsByPurpose.get(purpose);
    if (list) list.push(index);
    else stepsByPurpose.set(purpose, [index]);
  };
  const labels = context.labels;
  for (let i = 0; i < nodes.length; i++) {
    const purpose = labels.purposeOf(i);
    if (purpose !== null) add(purpose.trim() === "" ? ANY_PURPOSE : purpose, i);
  }
  // Purposes only consents ask for are searched too: a second ask after a decline.
  const consentsByPurpose = new Map<string, number[]>();
  for (const index of indicesOfType.consent) {
    const node = nodes[index];
    if (node.type !== "consent") continue;
    for (const purpose of new Set(node.data.purposes)) {
      if (purpose.trim() === "") continue;
      const list = consentsByPurpose.get(purpose);
      if (list) list.push(index);
      else consentsByPurpose.set(purpose, [index]);
    }
  }
  const result: PurposeSearch[] = [];
  const purposes = new Set([...stepsByPurpose.keys(), ...consentsByPurpose.keys()]);
  for (const purpose of purposes) {
    const violatingStates = new Uint8Array(graph.nodeCount);
    for (const step of stepsByPurpose.get(purpose) ?? []) violatingStates[step] = UNCONSENTED;
    for (const consent of consentsByPurpose.get(purpose) ?? []) violatingStates[consent] = STATE_BIT[CONSENT_DECLINE];
    const search = searchConsentStates(
      graph,
      {
        startNodes: graph.startIndices,
        effect: consentEffects(context, (consent) => consentCovers(consent, purpose)),
        violatingStates,
      },
      context.scratch,
    );
    result.push({ purpose, search });
  }
  cache.set(context, result);
  return result;
}

/**
 * Every data step with purpose P, and every promotional step (purpose `marketing`),
 * is reached only in consent state *accept* for P: the search runs over (step,
 * consent state), so a path through a decline — even one followed by a later
 * consent for P, or one looping back into the same consent — stays a violation.
 */
/** The triggering words as message data, or "none" when only the flag said so (the sentence then names none). */
function wordsOrNone(words: readonly string[]) {
  return words.length > 0 ? words.map((word) => quoted(word)) : "none";
}

export const consentBeforeData: PathRule = {
  id: "consent.beforeData",
  severity: "error",
  kind: "path",
  needsLegal: false,
  insertAfterStart: false,
  basis: "GDPR Art. 6(1)(a), 7(1); § 7 (2) Nr. 2 UWG (messenger advertising needs prior express consent)",
  searches(context): PathRuleSearch[] {
    const nodes = context.graph.nodes;
    return purposeSearches(context).map(({ purpose, search }) => ({
      ...search,
      violators: search.violators.filter((index) => nodes[index].type !== "consent"),
      missing: { type: "consent", purpose, category: null },
    }));
  },
  explain(context, search, nodeIndex) {
    const node = context.graph.nodes[nodeIndex];
    const purpose = search.missing.type === "consent" ? search.missing.purpose : "";
    const key = search.consent?.violatorKeys.get(nodeIndex) ?? 0;
    return {
      step: context.describe(node),
      purpose: context.purpose(purpose),
      action: dataActionOf(node),
      advertising: node.type === "message",
      declined: key % 3 === CONSENT_DECLINE,
      noPurpose: purpose === ANY_PURPOSE,
      words: wordsOrNone(context.labels.promotional.get(nodeIndex)?.words ?? []),
    };
  },
  check(context) {
    const diagnostics = pathRuleDiagnostics(this, context);
    // The one audited override: advertising words a marketer declared as none stay visible as a warning.
    const overrides = context.labels.advertisingOverrides;
    for (const index of context.indicesOfType.message) {
      const override = overrides.get(index);
      if (!override) continue;
      const node = context.graph.nodes[index];
      diagnostics.push({
        rule: this.id,
        severity: "warning",
        nodeId: node.id,
        params: {
          step: context.describe(node),
          advertising: "override",
          declined: false,
          noPurpose: false,
          words: override.words.map((word) => quoted(word)),
          reason: quoted(override.reason),
        },
      });
    }
    return diagnostics;
  },
};
