import {
  COMPANY_PLACEHOLDER,
  DEFAULT_OPT_OUT_KEYWORDS,
  DEFAULT_TEXTS,
  INPUT_TYPE_DATA,
  MARKETING_PURPOSE,
  SPECIAL_CATEGORY_LABELS,
  type FlowDocument,
  type FlowEdge,
  type FlowNode,
  type FlowSettings,
  type NodeType,
  type SpecialCategory,
  type WorkspaceLegal,
} from "../flow";
import { buildRuleContext, witnessPath } from "./context";
import { searchTraversedEdge } from "./pathSearch";
import { AUTOFIX_RULES } from "./rules";
import type { Diagnostic, PathRule, PathRuleSearch, RuleContext } from "./types";

/** One step autofix inserted, and why. */
export interface AutofixInsertion {
  nodeId: string;
  type: NodeType;
  /** The rule whose violation the step repairs. */
  rule: string;
  /** The violating step the new step now stands in front of. */
  beforeNodeId: string;
  /** The violation the step repairs, as `validate` reports it (format it with `formatDiagnostic`). */
  reason: Diagnostic;
}

export interface AutofixResult {
  document: FlowDocument;
  inserted: AutofixInsertion[];
}

export interface AutofixOptions {
  /** With legal settings the controller's name goes into the inserted texts. */
  legal?: WorkspaceLegal | null;
  /** The name to use when the legal settings have no controller name yet (e.g. the workspace's). */
  company?: string;
  /** Safety bound on insertions (default grows with the flow). */
  maxInsertions?: number;
}

/** The working copy autofix edits; the input document is never mutated. */
interface Draft {
  base: FlowDocument;
  nodes: FlowNode[];
  edges: FlowEdge[];
  nodeIds: Set<string>;
  edgeIds: Set<string>;
  insertedBefore: Map<string, number>;
  company: string;
}

/**
 * Inserts the missing compliance steps on exactly the uncovered paths, as the
 * rulebook's Autofix section says: for a violating step V, the missing step X goes
 * just before V and takes over V's incoming edges from the uncovered side; X then
 * leads to V (a consent through `accept`, with `decline` to a new polite end). For
 * `disclosure.first` X goes directly after the start.
 *
 * Repairs one step at a time, nearest first, and searches again, because one
 * insertion usually covers everything behind it. Never removes or rewrites user
 * content (nodes keep their data; edges keep their ids, only their ends move onto the
 * inserted step); idempotent, since a flow without path errors is returned as is.
 */
export function autofix(document: FlowDocument, options: AutofixOptions = {}): AutofixResult {
  const legal = options.legal ?? null;
  const draft: Draft = {
    base: document,
    nodes: document.nodes.slice(),
    edges: document.edges.slice(),
    nodeIds: new Set(document.nodes.map((node) => node.id)),
    edgeIds: new Set(document.edges.map((edge) => edge.id)),
    insertedBefore: new Map(),
    company: legal?.controller.name.trim() || options.company?.trim() || COMPANY_PLACEHOLDER,
  };
  const inserted: AutofixInsertion[] = [];
  // Each repair removes its step from its rule's violators and can only add
  // violations for the steps it inserts, so a few insertions per step suffice; the
  // bound only guarantees termination should that reasoning ever be broken.
  const maxInsertions = options.maxInsertions ?? 8 * (document.nodes.length + 2);

  while (inserted.length < maxInsertions) {
    const current: FlowDocument = { ...document, nodes: draft.nodes, edges: draft.edges };
    const context = buildRuleContext(current, legal);
    const repair = findFirstRepair(context);
    if (repair === null) break;
    inserted.push(...applyRepair(draft, context, repair.rule, repair.search, repair.violator));
  }

  const settings = inserted.some((entry) => entry.type === "consent")
    ? withOptOutDefaults(document.settings, document.locale)
    : document.settings;
  if (inserted.length === 0) return { document, inserted };
  return { document: { ...document, settings, nodes: draft.nodes, edges: draft.edges }, inserted };
}

/** The nearest violation of the first path rule (in repair order) that has one. */
function findFirstRepair(context: RuleContext): { rule: PathRule; search: PathRuleSearch; violator: number } | null {
  for (const rule of AUTOFIX_RULES) {
    for (const search of rule.searches(context)) {
      if (search.violators.length > 0) return { rule, search, violator: search.violators[0] };
    }
  }
  return null;
}

/** An inserted consent needs working opt-out keywords, or `optOut.defined` would fail. */
function withOptOutDefaults(settings: FlowSettings, locale: FlowDocument["locale"]): FlowSettings {
  const hasKeyword = settings.optOut.keywords.some((keyword) => keyword.trim() !== "");
  const hasConfirmation = settings.optOut.confirmation.trim() !== "";
  if (hasKeyword && hasConfirmation) return settings;
  return {
    ...settings,
    optOut: {
      ...settings.optOut,
      keywords: hasKeyword ? settings.optOut.keywords : [...DEFAULT_OPT_OUT_KEYWORDS],
      confirmation: hasConfirmation ? settings.optOut.confirmation : DEFAULT_TEXTS[locale === "en" ? "en" : "de"].optOutConfirmation,
    },
  };
}

function uniqueId(taken: Set<string>, base: string): string {
  let id = base;
  for (let suffix = 2; taken.has(id); suffix++) id = `${base}-${suffix}`;
  taken.add(id);
  return id;
}

function addEdge(draft: Draft, source: string, sourceHandle: string, target: string): void {
  const id = uniqueId(draft.edgeIds, `e-${source}-${sourceHandle}-${target}`);
  draft.edges.push({ id, source, sourceHandle, target });
}

/** Root start of a violator's witness in a search from the starts. */
function rootStartOf(search: PathRuleSearch, node: number): number {
  let current = node;
  for (let steps = 0; steps <= search.parent.length && search.parent[current] >= 0; steps++) {
    current = search.parent[current];
  }
  return current;
}

function applyRepair(draft: Draft, context: RuleContext, rule: PathRule, search: PathRuleSearch, violator: number): AutofixInsertion[] {
  const graph = context.graph;
  const target = graph.nodes[violator];
  const reason: Diagnostic = {
    rule: rule.id,
    severity: rule.severity,
    nodeId: target.id,
    path: witnessPath(context, search, violator),
    params: rule.explain(context, search, violator),
  };
  const locale = context.locale;

  if (rule.insertAfterStart) {
    const start = graph.nodes[rootStartOf(search, violator)];
    const disclosure = createStep(draft, context, search, target, `bot-disclosure-${start.id}`, {
      x: start.position.x + 40,
      y: start.position.y + 65,
    });
    // Edges into a bot disclosure already are covered; only the others move behind X.
    const startIndex = graph.indexById.get(start.id) ?? -1;
    for (let k = graph.outOffsets[startIndex]; k < graph.outOffsets[startIndex + 1]; k++) {
      const edge = graph.outEdges[k];
      if (graph.nodes[graph.edgeTarget[edge]].type === "botDisclosure") continue;
      draft.edges[edge] = { ...draft.edges[edge], source: disclosure.id };
    }
    addEdge(draft, start.id, "next", disclosure.id);
    return [{ nodeId: disclosure.id, type: disclosure.type, rule: rule.id, beforeNodeId: target.id, reason }];
  }

  const earlier = draft.insertedBefore.get(target.id) ?? 0;
  draft.insertedBefore.set(target.id, earlier + 1);
  const position = { x: target.position.x - 40 - 30 * earlier, y: target.position.y - 100 - 100 * earlier };
  const base =
    search.missing.type === "botDisclosure"
      ? `bot-disclosure-${target.id}`
      : search.missing.type === "privacyNotice"
        ? `privacy-notice-${target.id}`
        : `consent-${target.id}`;
  const step = createStep(draft, context, search, target, base, position);

  const seeds = new Set(search.seedEdges);
  for (let k = graph.inOffsets[violator]; k < graph.inOffsets[violator + 1]; k++) {
    const edge = graph.inEdges[k];
    if (searchTraversedEdge(graph, search, edge, seeds)) {
      draft.edges[edge] = { ...draft.edges[edge], target: step.id };
    }
  }
  const result: AutofixInsertion[] = [{ nodeId: step.id, type: step.type, rule: rule.id, beforeNodeId: target.id, reason }];
  if (step.type === "consent") {
    addEdge(draft, step.id, "accept", target.id);
    const end: FlowNode = {
      id: uniqueId(draft.nodeIds, `consent-declined-${target.id}`),
      type: "end",
      position: { x: position.x + 260, y: position.y + 40 },
      data: { text: DEFAULT_TEXTS[locale].declinedEnd },
    };
    draft.nodes.push(end);
    addEdge(draft, step.id, "decline", end.id);
    result.push({ nodeId: end.id, type: "end", rule: rule.id, beforeNodeId: target.id, reason });
  } else {
    addEdge(draft, step.id, "next", target.id);
  }
  return result;
}

/** Builds the missing step with its default text and adds it to the draft. */
function createStep(
  draft: Draft,
  context: RuleContext,
  search: PathRuleSearch,
  violator: FlowNode,
  baseId: string,
  position: { x: number; y: number },
): FlowNode {
  const texts = DEFAULT_TEXTS[context.locale];
  const id = uniqueId(draft.nodeIds, baseId);
  const missing = search.missing;
  let step: FlowNode;
  if (missing.type === "botDisclosure") {
    const text = missing.afterHandoff ? texts.redisclosure(draft.company) : texts.botDisclosure(draft.company);
    step = { id, type: "botDisclosure", position, data: { text } };
  } else if (missing.type === "privacyNotice") {
    step = { id, type: "privacyNotice", position, data: { text: texts.privacyNotice(draft.company) } };
  } else {
    // consent.special searches per category; the purpose is the violating input's own.
    const purpose = missing.category !== null && violator.type === "input" ? violator.data.purpose : missing.purpose;
    const keyword = draft.base.settings.optOut.keywords.find((candidate) => candidate.trim() !== "") ?? DEFAULT_OPT_OUT_KEYWORDS[0];
    let text = texts.consent({
      company: draft.company,
      purposeLabel: purpose === MARKETING_PURPOSE ? texts.purposeMarketing : texts.purposeGeneric(context.purposeLabel(purpose) || purpose),
      dataDescription: dataDescriptionOf(context, violator),
    });
    if (missing.category !== null) {
      text += texts.specialConsent(SPECIAL_CATEGORY_LABELS[context.locale][missing.category] ?? missing.category);
    }
    step = {
      id,
      type: "consent",
      position,
      data: {
        text,
        purposes: purpose === "" ? [] : [purpose],
        explicit: missing.category !== null,
        categories: missing.category !== null ? [missing.category as SpecialCategory] : [],
        acceptLabel: texts.acceptLabel,
        declineLabel: texts.declineLabel,
        withdrawalHint: texts.withdrawalHint(keyword),
      },
    };
  }
  draft.nodes.push(step);
  return step;
}

/** Which data a consent before this step is about, for its text. */
function dataDescriptionOf(context: RuleContext, node: FlowNode): string {
  const locale = context.locale;
  const texts = DEFAULT_TEXTS[locale];
  switch (node.type) {
    case "input":
      return INPUT_TYPE_DATA[locale][node.data.inputType] ?? texts.dataGeneric;
    case "webhook": {
      const sends = node.data.sends.filter((variable) => variable.trim() !== "");
      return sends.length > 0 ? `${texts.dataGeneric} (${sends.join(", ")})` : texts.dataGeneric;
    }
    case "subscribe":
    case "message":
      return texts.dataForSubscribe;
    default:
      return texts.dataGeneric;
  }
}
