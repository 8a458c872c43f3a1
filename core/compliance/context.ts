import {
  buildFlowGraph,
  inferLabels,
  lexiconReader,
  stepRef,
  NODE_TYPES,
  reachableFrom,
  type FlowDocument,
  type FlowGraph,
  type CollectedVariables,
  type FlowNode,
  type InferredLabels,
  type LexiconReader,
  type Locale,
  type NodeType,
  type PurposeRef,
  type StepRef,
  type Reachability,
  type WorkspaceLegal,
} from "../flow";
import { createSearchScratch, searchPathIndices, statePathIds, type SearchScratch, type UncoveredSearch } from "./pathSearch";
import type { RuleContext } from "./types";

/**
 * Builds the shared context once per validation: graph, type index, lazy reachability.
 *
 * A class, not an object literal with getters. As a literal, every call made new getter
 * and method functions holding the whole validation's data, and measured, that data
 * outlived young-generation collections (copied and promoted, freed only by a full
 * collection), most likely because a literal's getters are kept with its shape. With
 * the class, a minor collection during validation frees what earlier validations left.
 */
export function buildRuleContext(
  document: FlowDocument,
  legal: WorkspaceLegal | null,
  graph: FlowGraph = buildFlowGraph(document),
): RuleContext {
  return new ValidationContext(document, legal, graph);
}

class ValidationContext implements RuleContext {
  readonly locale: Locale;
  readonly lexicon: LexiconReader;
  readonly indicesOfType: Readonly<Record<NodeType, readonly number[]>>;
  private reach: Reachability | null = null;
  private inferred: InferredLabels | null = null;
  private buffers: SearchScratch | null = null;
  private purposeLabels: Map<string, string> | null = null;

  constructor(
    readonly document: FlowDocument,
    readonly legal: WorkspaceLegal | null,
    readonly graph: FlowGraph,
  ) {
    this.locale = document.locale === "en" ? "en" : "de";
    this.lexicon = lexiconReader(this.locale);
    // From the graph's dense type codes: no second visit to every (scattered) node object.
    const byCode: number[][] = NODE_TYPES.map(() => []);
    const { typeCodes } = graph;
    for (let i = 0; i < typeCodes.length; i++) byCode[typeCodes[i]]?.push(i);
    const indicesOfType = {} as Record<NodeType, number[]>;
    for (const [code, type] of NODE_TYPES.entries()) indicesOfType[type] = byCode[code];
    this.indicesOfType = indicesOfType;
  }

  get nodeIds(): readonly string[] {
    return this.graph.idIndex.ids;
  }

  get scratch(): SearchScratch {
    this.buffers ??= createSearchScratch(this.graph.nodeCount);
    return this.buffers;
  }

  get labels(): InferredLabels {
    this.inferred ??= inferLabels(this.document, this.graph.idIndex);
    return this.inferred;
  }

  get variables(): CollectedVariables {
    return this.labels.variables;
  }

  reachFromStarts(): Reachability {
    this.reach ??= reachableFrom(this.graph, this.graph.startIndices);
    return this.reach;
  }

  describe(node: FlowNode): StepRef {
    return stepRef(node);
  }

  purpose(purposeId: string): PurposeRef {
    return { kind: "purpose", id: purposeId, label: this.purposeLabel(purposeId) };
  }

  purposeLabel(purposeId: string): string {
    this.purposeLabels ??= new Map(this.document.purposes.map((purpose) => [purpose.id, purpose.label]));
    return this.purposeLabels.get(purposeId) ?? "";
  }
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
