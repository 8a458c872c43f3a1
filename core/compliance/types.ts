import type {
  CollectedVariables,
  FlowGraph,
  Locale,
  NodeType,
  Reachability,
  WorkspaceLegal,
  FlowDocument,
  InferredLabels,
  FlowNode,
  LexiconReader,
  MessageParams,
  PurposeRef,
  StepRef,
} from "../flow";
import type { SearchScratch, UncoveredSearch } from "./pathSearch";

export type Severity = "error" | "warning";

/**
 * One finding of the rulebook, as data in no language: what a reader sees is the
 * catalogue entry of `rule` filled with `params` (`formatDiagnostic`), in the reader's
 * language, so a stored report can be shown in German and English alike.
 */
export interface Diagnostic {
  /** Rule id from the rulebook, e.g. `consent.beforeData`. */
  rule: string;
  severity: Severity;
  /** The step the finding is about; null for findings about the whole flow or workspace. */
  nodeId: string | null;
  /** Path rules only: node ids of one concrete path from a start to the step (the witness). */
  path?: string[];
  /** What the message is built from: steps, purposes, triggering words, limits. Plain JSON. */
  params: MessageParams;
}

/** A diagnostic with its message in one language, for the CLI, exports and the UI. */
export interface FormattedDiagnostic extends Diagnostic {
  message: string;
}

/**
 * Everything a rule needs, computed once per validation and shared: the graph
 * (adjacency built once), plain reachability from the starts, nodes grouped by type.
 */
export interface RuleContext {
  readonly document: FlowDocument;
  readonly graph: FlowGraph;
  readonly locale: Locale;
  /** The lexicons of the flow's locale, looked up once: read a text with `lexicon.read(text)`. */
  readonly lexicon: LexiconReader;
  /** Workspace legal settings; null when not supplied (workspace rules are skipped). */
  readonly legal: WorkspaceLegal | null;
  /** The id of every node, indexed like `graph.nodes` (read once per validation, for witness paths). */
  readonly nodeIds: readonly string[];
  /** Node indices per node type, in document order. */
  readonly indicesOfType: Readonly<Record<NodeType, readonly number[]>>;
  /** Buffers the path searches share (see `SearchScratch`). */
  readonly scratch: SearchScratch;
  /** Plain breadth-first search from every start (computed on first use). */
  reachFromStarts(): Reachability;
  /** Inferred labels of every step (rulebook "Terms"), computed on first use. Rules classify steps through these, never the raw flags. */
  readonly labels: InferredLabels;
  /**
   * Which input collects which variable (trimmed names, one slot per name): `labels.variables`,
   * built by the labels pass. Rules look variables up here instead of walking the inputs themselves.
   */
  readonly variables: CollectedVariables;
  /** A step as message data: type, short quote, id. */
  describe(node: FlowNode): StepRef;
  /** A purpose as message data, with the flow's label for it. */
  purpose(purposeId: string): PurposeRef;
  /** The flow's label of a purpose id ("" when not declared), for texts autofix writes. */
  purposeLabel(purposeId: string): string;
}

/** What every rule file exports. */
export interface Rule {
  readonly id: string;
  readonly severity: Severity;
  /** The legal or platform basis, as cited in the rulebook. */
  readonly basis: string;
  /** Workspace rules need the legal settings and are skipped without them. */
  readonly needsLegal: boolean;
  check(context: RuleContext): Diagnostic[];
}

/** The step autofix inserts for a path rule's violation. */
export type MissingStep =
  | { type: "botDisclosure"; afterHandoff: boolean }
  | { type: "privacyNotice" }
  | { type: "consent"; purpose: string; category: string | null }
  /** A path after a decline for `purpose` must end politely instead of asking or collecting again. */
  | { type: "declinedEnd"; purpose: string }
  /** Nothing autofix could insert (e.g. promotion outside a channel's messaging window). */
  | { type: "notFixable" };

/** One search of a path rule (one per purpose or category where needed). */
export interface PathRuleSearch extends UncoveredSearch {
  readonly missing: MissingStep;
}

/** A reachability rule: searches from starts (or handoffs) that stop at satisfying steps. */
export interface PathRule extends Rule {
  readonly kind: "path";
  /** For `disclosure.first` autofix inserts directly after the start node. */
  readonly insertAfterStart: boolean;
  searches(context: RuleContext): PathRuleSearch[];
  /** Why `nodeIndex` violates the rule in this search: the parameters of the rule's message. */
  explain(context: RuleContext, search: PathRuleSearch, nodeIndex: number): MessageParams;
}

export function isPathRule(rule: Rule): rule is PathRule {
  return (rule as PathRule).kind === "path";
}
