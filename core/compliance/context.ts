import {
  buildFlowGraph,
  inferLabels,
  lexiconReader,
  stepRef,
  NODE_TYPES,
  reachableFrom,
  type FlowDocument,
  type FlowGraph,
  type FlowNode,
  type InferredLabels,
  type NodeType,
  type Reachability,
  type WorkspaceLegal,
} from "../flow";
import { createSearchScratch, searchPathIndices, statePathIds, type SearchScratch, type UncoveredSearch } from "./pathSearch";
import type { RuleContext } from "./types";
import { collectVariables, type CollectedVariables } from "./variables";

/** Builds the shared context once per validation: graph, type index, lazy reachability. */
export function buildRuleContext(
  document: FlowDocument,
  legal: WorkspaceLegal | null,
  graph: FlowGraph = buildFlowGraph(document),
): RuleContext {
  // From the graph's dense type codes: no second visit to every (scattered) node object.
  const byCode: number[][] = NODE_TYPES.map(() => []);
  const { typeCodes } = graph;
  for (let i = 0; i < typeCodes.length; i++) byCode[typeCodes[i]]?.push(i);
  const indicesOfType = {} as Record<NodeType, number[]>;
  for (const [code, type] of NODE_TYPES.entries()) indicesOfType[type] = byCode[code];
  const nodes = document.nodes;

  let reach: Reachability | null = null;
  let labels: InferredLabels | null = null;
  let scratch: SearchScratch | null = null;
  let purposeLabels: Map<string, string> | null = null;
  let nodeIds: string[] | null = null;
  let variables: CollectedVariables | null = null;
  const locale = document.locale === "en" ? "en" : "de";
  const purposeLabel = (purposeId: string): string => {
    purposeLabels ??= new Map(document.purposes.map((purpose) => [purpose.id, purpose.label]));
    return purposeLabels.get(purposeId) ?? "";
  };

  return {
    document,
    graph,
    locale,
    lexicon: lexiconReader(locale),
    legal,
    indicesOfType,
    get nodeIds() {
      if (nodeIds === null) {
        nodeIds = new Array<string>(nodes.length);
        for (let i = 0; i < nodes.length; i++) nodeIds[i] = nodes[i].id;
      }
      return nodeIds;
    },
    get scratch() {
      scratch ??= createSearchScratch(graph.nodeCount);
      return scratch;
    },
    get labels() {
      labels ??= inferLabels(document);
      return labels;
    },
    get variables() {
      variables ??= collectVariables(nodes, indicesOfType.input);
      return variables;
    },
    reachFromStarts() {
      reach ??= reachableFrom(graph, graph.startIndices);
      return reach;
    },
    describe(node: FlowNode) {
      return stepRef(node);
    },
    purpose(purposeId: string) {
      return { kind: "purpose", id: purposeId, label: purposeLabel(purposeId) };
    },
    purposeLabel,
  };
}

/**
 * Node ids from a start to `node` for a path-rule diagnostic. A node reached through
 * a handoff's `next` gets the way from a start to that handoff in front, when a start
 * reaches the handoff at all.
 */
export function witnessPath(context: RuleContext, search: UncoveredSearch, node: number): string[] {
  // Ids from one flat array: a flow whose findings all carry long paths (every data
  // step after a decline that goes on) reads millions of them.
  const nodeIds = context.nodeIds;
  if (search.consent) return statePathIds(search, node, nodeIds);
  const { indices, seedNode } = searchPathIndices(search, node);
  const ids = new Array<string>(indices.length);
  for (let i = 0; i < indices.length; i++) ids[i] = nodeIds[indices[i]];
  if (seedNode === null) return ids;
  const reach = context.reachFromStarts();
  if (reach.reached[seedNode] === 0) return ids;
  const prefix: string[] = [];
  for (let current = reach.parent[seedNode]; current !== -1; current = reach.parent[current]) {
    prefix.push(nodeIds[current]);
  }
  return prefix.reverse().concat(ids);
}
