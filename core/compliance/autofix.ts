import {
  COMPANY_PLACEHOLDER,
  DEFAULT_OPT_OUT_KEYWORDS,
  INPUT_TYPE_NOUNS,
  defaultTexts,
  listInWords,
  MARKETING_PURPOSE,
  STANDARD_OPT_OUT_KEYWORDS,
  type FlowDocument,
  type FlowEdge,
  type FlowNode,
  type FlowSettings,
  type NodeType,
  type SpecialCategory,
  type WorkspaceLegal,
} from "../flow";
import { registrableDomainOf } from "../flow/hosts";
import { buildRuleContext, witnessPath } from "./context";
import { hostOf } from "./pathRule";
import {
  CONSENT_ACCEPT,
  CONSENT_DECLINE,
  CONSENT_NONE,
  searchConsentStates,
  searchTraversedEdge,
  STATE_BIT,
  stateWitnessKeys,
  statesThroughEdge,
} from "./pathSearch";
import { AUTOFIX_RULES } from "./rules";
import { consentCovers, consentEffects } from "./rules/consent.beforeData";
import { hostBelongsTo } from "./rules/processor.declared";
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

/** An existing privacy notice, consent or disclosure autofix moved in front of a step instead of inserting a copy. */
export interface AutofixMove {
  nodeId: string;
  rule: string;
  /** The step it now stands in front of. */
  beforeNodeId: string;
  reason: Diagnostic;
}

/**
 * An existing consent autofix removed because a consent it inserted earlier on every
 * path asks the same, or the end its "no" led to (nothing else led there).
 */
export interface AutofixRemoval {
  nodeId: string;
  /** The inserted consent that asks for it now. */
  replacedBy: string;
}

export interface AutofixResult {
  document: FlowDocument;
  inserted: AutofixInsertion[];
  /** Existing steps reused in a new place (the rest of the flow keeps them). */
  moved: AutofixMove[];
  /** Consents made redundant by an inserted one. */
  removed: AutofixRemoval[];
}

export interface AutofixOptions {
  /** With legal settings the controller's name goes into the inserted texts. */
  legal?: WorkspaceLegal | null;
  /** The name to use when the legal settings have no controller name yet (e.g. the workspace's). */
  company?: string;
  /**
   * Only add (or move) missing steps; leave ways after a decline as they are. The
   * editor's automatic insertion uses it, so a connection someone just drew is not
   * pointed elsewhere behind their back; the explicit "fix" does end such ways.
   */
  keepDeclinedWays?: boolean;
  /** Safety bound on repairs (default grows with the flow). */
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
  /** Ids of the steps autofix created. */
  created: Set<string>;
  /** `rule:nodeId` of violations no repair can remove; they are left to the marketer. */
  skipped: Set<string>;
  company: string;
}

type Repair = { rule: PathRule; search: PathRuleSearch; violator: number };

/**
 * Repairs the path rules as the rulebook's Autofix section says, one violation at a
 * time, nearest first, searching again after each repair:
 *
 * - a step V uncovered by a privacy notice, consent or disclosure gets the missing
 *   step X just before it: X takes over V's incoming edges from the uncovered side
 *   and leads to V (a consent through `accept`, with `decline` to a new polite end).
 *   When the needed step already follows V and only V leads to it (the marketer put
 *   V in front of it), that step is moved in front of V instead of inserting a copy.
 *   Edges from steps only V itself reaches (an input's `invalid` loop, a "please try
 *   again" message) stay on V: a mistyped answer is asked again without repeating
 *   the notice or the consent. For `disclosure.first` X goes directly after the start.
 * - a step reached after a decline for its purpose (data, or a second ask) cannot
 *   be repaired by asking again: the last edge on the way that only declined paths
 *   use goes to a new polite end instead.
 * - a consent that an inserted consent made redundant (every path to it already
 *   accepted the same purpose) is taken out; its incoming edges go where its
 *   `accept` went.
 *
 * Never rewrites user content (steps keep their data; edges keep their ids and
 * sources); idempotent, since a flow without path errors is returned as is.
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
    created: new Set(),
    skipped: new Set(),
    company: legal?.controller.name.trim() || options.company?.trim() || COMPANY_PLACEHOLDER,
  };
  const inserted: AutofixInsertion[] = [];
  const moved: AutofixMove[] = [];
  const removed: AutofixRemoval[] = [];
  // Each repair removes its step from its rule's violators and can only add
  // violations for the steps it inserts, so a few repairs per step suffice; the
  // bound only guarantees termination should that reasoning ever be broken.
  const maxRepairs = options.maxInsertions ?? 8 * (document.nodes.length + 2);
  let changed = false;

  for (let repairs = 0; repairs < maxRepairs; repairs++) {
    const current: FlowDocument = { ...document, nodes: draft.nodes, edges: draft.edges };
    const context = buildRuleContext(current, legal);
    const repair = findFirstRepair(context, draft.skipped);
    if (repair === null) break;
    const outcome = applyRepair(draft, context, repair, options.keepDeclinedWays === true);
    if (outcome === null) {
      draft.skipped.add(`${repair.rule.id}:${context.graph.nodes[repair.violator].id}`);
      continue;
    }
    changed = true;
    inserted.push(...outcome.inserted);
    if (outcome.moved) moved.push(outcome.moved);
    const consent = outcome.inserted.find((entry) => entry.type === "consent");
    if (consent) removed.push(...removeRedundantConsents(draft, context, consent.nodeId, legal));
  }

  if (!changed) return { document, inserted, moved, removed };
  const settings = inserted.some((entry) => entry.type === "consent")
    ? withOptOutDefaults(document.settings, document.locale)
    : document.settings;
  return { document: { ...document, settings, nodes: draft.nodes, edges: draft.edges }, inserted, moved, removed };
}

/** Whether autofix can do anything about this violation. */
function repairable(search: PathRuleSearch): boolean {
  const missing = search.missing;
  if (missing.type === "notFixable") return false;
  // A data step without a purpose: no consent could name it (`data.purpose` says so).
  if (missing.type === "consent" && missing.purpose.trim() === "" && missing.category === null) return false;
  return true;
}

/** The nearest violation of the first path rule (in repair order) that has one. */
function findFirstRepair(context: RuleContext, skipped: ReadonlySet<string>): Repair | null {
  const nodes = context.graph.nodes;
  for (const rule of AUTOFIX_RULES) {
    for (const search of rule.searches(context)) {
      if (search.violators.length === 0 || !repairable(search)) continue;
      for (const violator of search.violators) {
        if (!skipped.has(`${rule.id}:${nodes[violator].id}`)) return { rule, search, violator };
      }
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
      confirmation: hasConfirmation ? settings.optOut.confirmation : defaultTexts(locale, settings.formality).optOutConfirmation,
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

/**
 * Nodes a start (or a handoff, or the source of a seed edge) reaches without passing
 * `avoid`; an edge into `avoid` from any other node comes from behind it (a loop).
 */
function reachedAvoiding(context: RuleContext, search: PathRuleSearch, avoid: number): Uint8Array {
  const graph = context.graph;
  const seen = new Uint8Array(graph.nodeCount);
  const queue: number[] = [];
  const visit = (node: number) => {
    if (node < 0 || node === avoid || seen[node] === 1) return;
    seen[node] = 1;
    queue.push(node);
  };
  for (const start of graph.startIndices) visit(start);
  for (const edge of search.seedEdges) {
    visit(graph.edgeSource[edge]);
    visit(graph.edgeTarget[edge]);
  }
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    for (let k = graph.outOffsets[node]; k < graph.outOffsets[node + 1]; k++) visit(graph.edgeTarget[graph.outEdges[k]]);
  }
  return seen;
}

function endOf(draft: Draft, locale: RuleContext["locale"], baseId: string, position: { x: number; y: number }): FlowNode {
  const end: FlowNode = {
    id: uniqueId(draft.nodeIds, baseId),
    type: "end",
    position,
    data: { text: defaultTexts(locale, draft.base.settings.formality).declinedEnd },
  };
  draft.nodes.push(end);
  draft.created.add(end.id);
  return end;
}

interface RepairOutcome {
  inserted: AutofixInsertion[];
  moved?: AutofixMove;
}

function applyRepair(
  draft: Draft,
  context: RuleContext,
  { rule, search, violator }: Repair,
  keepDeclinedWays: boolean,
): RepairOutcome | null {
  const graph = context.graph;
  const target = graph.nodes[violator];
  const reason: Diagnostic = {
    rule: rule.id,
    severity: rule.severity,
    nodeId: target.id,
    path: witnessPath(context, search, violator),
    params: rule.explain(context, search, violator),
  };

  const declined = search.missing.type === "declinedEnd" || (search.consent?.violatorKeys.get(violator) ?? 0) % 3 === CONSENT_DECLINE;
  if (declined) return keepDeclinedWays ? null : endDeclinedPath(draft, context, rule, search, violator, reason);

  if (rule.insertAfterStart) {
    const start = graph.nodes[rootStartOf(search, violator)];
    const disclosure = createStep(draft, context, search, target, `bot-disclosure-${start.id}`, {
      x: start.position.x + 40,
      y: start.position.y + 65,
    });
    // Edges into a bot disclosure already are covered; only the others move behind X.
    const startIndex = graph.idIndex.indexOf(start.id);
    for (let k = graph.outOffsets[startIndex]; k < graph.outOffsets[startIndex + 1]; k++) {
      const edge = graph.outEdges[k];
      if (graph.nodes[graph.edgeTarget[edge]].type === "botDisclosure") continue;
      draft.edges[edge] = { ...draft.edges[edge], source: disclosure.id };
    }
    addEdge(draft, start.id, "next", disclosure.id);
    return { inserted: [{ nodeId: disclosure.id, type: disclosure.type, rule: rule.id, beforeNodeId: target.id, reason }] };
  }

  // The incoming edges of V on the uncovered side, except those from behind V.
  const ahead = reachedAvoiding(context, search, violator);
  const seeds = new Set(search.seedEdges);
  let uncovered: number[] = [];
  const fromBehind: number[] = [];
  for (let k = graph.inOffsets[violator]; k < graph.inOffsets[violator + 1]; k++) {
    const edge = graph.inEdges[k];
    const through = search.consent
      ? statesThroughEdge(graph, search, edge) & STATE_BIT[CONSENT_NONE]
      : searchTraversedEdge(graph, search, edge, seeds);
    if (!through) continue;
    if (seeds.has(edge) || ahead[graph.edgeSource[edge]] === 1) uncovered.push(edge);
    else fromBehind.push(edge);
  }
  // Only loops lead in uncovered (V is reached nowhere else): then the loop gets the step.
  if (uncovered.length === 0) uncovered = fromBehind;
  if (uncovered.length === 0) return null;

  const reused = reusableFollower(context, search, violator);
  if (reused !== null) {
    const follower = graph.nodes[reused.node];
    // V → Y → W becomes Y → V → W: V's edges into Y go on to W, Y's onward edge comes back to V.
    for (const edge of reused.fromViolator) draft.edges[edge] = { ...draft.edges[edge], target: graph.nodes[reused.onwardTarget].id };
    draft.edges[reused.onward] = { ...draft.edges[reused.onward], target: target.id };
    for (const edge of uncovered) draft.edges[edge] = { ...draft.edges[edge], target: follower.id };
    return { inserted: [], moved: { nodeId: follower.id, rule: rule.id, beforeNodeId: target.id, reason } };
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
  for (const edge of uncovered) draft.edges[edge] = { ...draft.edges[edge], target: step.id };

  const result: AutofixInsertion[] = [{ nodeId: step.id, type: step.type, rule: rule.id, beforeNodeId: target.id, reason }];
  if (step.type === "consent") {
    addEdge(draft, step.id, "accept", target.id);
    const end = endOf(draft, context.locale, `consent-declined-${target.id}`, { x: position.x + 260, y: position.y + 40 });
    addEdge(draft, step.id, "decline", end.id);
    result.push({ nodeId: end.id, type: "end", rule: rule.id, beforeNodeId: target.id, reason });
  } else {
    addEdge(draft, step.id, "next", target.id);
  }
  return { inserted: result };
}

/**
 * A path that declined the purpose reaches V (data, or a consent asking again).
 * Asking again would be nagging, so that way ends politely: the last edge of the
 * witness, from the decline on, that only declined paths use is pointed at a new end.
 * The decline edge itself always qualifies, so there is always one.
 */
function endDeclinedPath(
  draft: Draft,
  context: RuleContext,
  rule: PathRule,
  search: PathRuleSearch,
  violator: number,
  reason: Diagnostic,
): RepairOutcome | null {
  const graph = context.graph;
  const keys = stateWitnessKeys(search, violator);
  let cut = -1;
  for (let i = keys.length - 1; i > 0 && cut < 0; i--) {
    const from = (keys[i - 1] / 3) | 0;
    const to = (keys[i] / 3) | 0;
    for (let k = graph.outOffsets[from]; k < graph.outOffsets[from + 1]; k++) {
      const edge = graph.outEdges[k];
      if (graph.edgeTarget[edge] !== to) continue;
      if (statesThroughEdge(graph, search, edge) === STATE_BIT[CONSENT_DECLINE]) {
        cut = edge;
        break;
      }
    }
    // Not before the decline that started it.
    if (keys[i - 1] % 3 !== CONSENT_DECLINE) break;
  }
  if (cut < 0) return null;
  const oldTarget = graph.nodes[graph.edgeTarget[cut]];
  const source = graph.nodes[graph.edgeSource[cut]];
  const end = endOf(draft, context.locale, `declined-end-${source.id}`, { x: source.position.x + 260, y: source.position.y + 40 });
  draft.edges[cut] = { ...draft.edges[cut], target: end.id };
  return { inserted: [{ nodeId: end.id, type: "end", rule: rule.id, beforeNodeId: oldTarget.id, reason }] };
}

/**
 * An existing step of the missing kind that directly follows V and is reached only
 * from V (the marketer placed V in front of it), with one onward edge: it can move in
 * front of V instead of a copy being inserted.
 */
function reusableFollower(
  context: RuleContext,
  search: PathRuleSearch,
  violator: number,
): { node: number; fromViolator: number[]; onward: number; onwardTarget: number } | null {
  const graph = context.graph;
  const missing = search.missing;
  for (let k = graph.outOffsets[violator]; k < graph.outOffsets[violator + 1]; k++) {
    const candidate = graph.edgeTarget[graph.outEdges[k]];
    if (candidate === violator) continue;
    const node = graph.nodes[candidate];
    let onwardHandle: string;
    if (missing.type === "privacyNotice" && node.type === "privacyNotice") onwardHandle = "next";
    else if (missing.type === "botDisclosure" && node.type === "botDisclosure") onwardHandle = "next";
    else if (missing.type === "consent" && node.type === "consent" && consentFits(node, missing.purpose, missing.category)) {
      onwardHandle = "accept";
    } else continue;
    const fromViolator: number[] = [];
    let onlyFromViolator = true;
    for (let j = graph.inOffsets[candidate]; j < graph.inOffsets[candidate + 1]; j++) {
      const edge = graph.inEdges[j];
      if (graph.edgeSource[edge] === violator) fromViolator.push(edge);
      else onlyFromViolator = false;
    }
    if (!onlyFromViolator) continue;
    const onward: number[] = [];
    for (let j = graph.outOffsets[candidate]; j < graph.outOffsets[candidate + 1]; j++) {
      const edge = graph.outEdges[j];
      if (graph.edges[edge].sourceHandle === onwardHandle) onward.push(edge);
    }
    if (onward.length !== 1) continue;
    const onwardTarget = graph.edgeTarget[onward[0]];
    if (onwardTarget === candidate || onwardTarget === violator) continue;
    return { node: candidate, fromViolator, onward: onward[0], onwardTarget };
  }
  return null;
}

/** Whether an existing consent gives what an inserted one would: the purpose, and for Art. 9 data the explicit category. */
function consentFits(consent: Extract<FlowNode, { type: "consent" }>, purpose: string, category: string | null): boolean {
  if (category !== null) {
    if (!consent.data.explicit || !(consent.data.categories as string[]).includes(category)) return false;
    return purpose.trim() === "" || consent.data.purposes.includes(purpose);
  }
  return consent.data.purposes.includes(purpose);
}

/**
 * Consents the inserted consent made redundant: they ask for its one purpose only,
 * need nothing it does not give (explicit categories), were reached without that
 * purpose's agreement before and now are reached only after it.
 */
function removeRedundantConsents(draft: Draft, before: RuleContext, insertedId: string, legal: WorkspaceLegal | null): AutofixRemoval[] {
  const insertedNode = draft.nodes.find((node) => node.id === insertedId);
  if (insertedNode?.type !== "consent" || insertedNode.data.purposes.length !== 1) return [];
  const purpose = insertedNode.data.purposes[0];
  const was = statesOf(before, purpose);
  const after = buildRuleContext({ ...draft.base, nodes: draft.nodes, edges: draft.edges }, legal);
  const nowStates = statesOf(after, purpose);
  const removals: AutofixRemoval[] = [];
  const drop = new Set<string>();
  for (const index of after.indicesOfType.consent) {
    const node = after.graph.nodes[index];
    if (node.type !== "consent" || node.id === insertedId || draft.created.has(node.id)) continue;
    const purposes = new Set(node.data.purposes.map((p) => p.trim()).filter((p) => p !== ""));
    if (purposes.size !== 1 || !purposes.has(purpose)) continue;
    if (node.data.explicit) {
      const given = insertedNode.data.explicit ? (insertedNode.data.categories as string[]) : [];
      if (!(node.data.categories as string[]).every((category) => given.includes(category))) continue;
    }
    const beforeIndex = before.graph.idIndex.indexOf(node.id);
    if (beforeIndex === -1 || (was[beforeIndex] & STATE_BIT[CONSENT_NONE]) === 0) continue;
    if (nowStates[index] !== STATE_BIT[CONSENT_ACCEPT]) continue;
    const onward = draft.edges.find((edge) => edge.source === node.id && edge.sourceHandle === "accept");
    if (!onward || onward.target === node.id) continue;
    // Its "no" branch goes too, so only a plain end there that nothing else leads to.
    const declineEnds = draft.edges.filter((edge) => edge.source === node.id && edge.sourceHandle === "decline").map((edge) => edge.target);
    const endsAlone = declineEnds.every(
      (id) =>
        after.graph.nodes[after.graph.idIndex.indexOf(id)]?.type === "end" &&
        draft.edges.every((edge) => edge.target !== id || (edge.source === node.id && edge.sourceHandle === "decline")),
    );
    if (!endsAlone) continue;
    drop.add(node.id);
    for (const id of declineEnds) {
      drop.add(id);
      removals.push({ nodeId: id, replacedBy: insertedId });
    }
    for (let i = 0; i < draft.edges.length; i++) {
      const edge = draft.edges[i];
      if (edge.target === node.id && edge.source !== node.id) draft.edges[i] = { ...edge, target: onward.target };
    }
    removals.push({ nodeId: node.id, replacedBy: insertedId });
    break; // one at a time: the states change with every removal
  }
  if (drop.size === 0) return removals;
  draft.nodes = draft.nodes.filter((node) => !drop.has(node.id));
  draft.edges = draft.edges.filter((edge) => !drop.has(edge.source) && !drop.has(edge.target));
  for (const id of drop) draft.nodeIds.delete(id);
  return removals;
}

/** The consent states (bit mask) each node is reached in, for `purpose`. */
function statesOf(context: RuleContext, purpose: string): Uint8Array {
  const graph = context.graph;
  const violatingStates = new Uint8Array(graph.nodeCount);
  // Marks every node as violating in no state it could be in, so the search keeps its states.
  violatingStates.fill(STATE_BIT[CONSENT_NONE] | STATE_BIT[CONSENT_ACCEPT] | STATE_BIT[CONSENT_DECLINE]);
  const search = searchConsentStates(graph, {
    startNodes: graph.startIndices,
    effect: consentEffects(context, (consent) => consentCovers(consent, purpose)),
    violatingStates,
  });
  return search.reached;
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
  // The flow's language and form of address (du or Sie), like the texts around the inserted step.
  const texts = defaultTexts(context.locale, draft.base.settings.formality);
  const id = uniqueId(draft.nodeIds, baseId);
  const missing = search.missing;
  let step: FlowNode;
  if (missing.type === "botDisclosure") {
    const text = missing.afterHandoff ? texts.redisclosure(draft.company) : texts.botDisclosure(draft.company);
    step = { id, type: "botDisclosure", position, data: { text } };
  } else if (missing.type === "privacyNotice") {
    step = { id, type: "privacyNotice", position, data: { text: texts.privacyNotice(draft.company) } };
  } else if (missing.type === "consent") {
    // consent.special searches per category and purpose; a step without a purpose gets its category only.
    const purpose = missing.purpose.trim() || fallbackPurpose(draft.base, violator);
    // A standard keyword of the flow's language: it always works (optOut.defined), unlike a custom code people do not know.
    const keyword = STANDARD_OPT_OUT_KEYWORDS[context.locale][0];
    let text = texts.consent({
      company: draft.company,
      purposeLabel: purpose === MARKETING_PURPOSE ? texts.purposeMarketing : texts.purposeGeneric(context.purposeLabel(purpose) || purpose),
      dataDescription: dataDescriptionOf(context, violator, texts),
      recipients: recipientsOf(context, violator, purpose),
    });
    if (missing.category !== null) {
      text += texts.specialConsent(texts.specialCategories[missing.category] ?? missing.category);
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
  } else {
    throw new Error(`autofix cannot insert a step for ${missing.type}`);
  }
  draft.nodes.push(step);
  draft.created.add(step.id);
  return step;
}

/**
 * The purpose for a consent before a special-category step that has none of its own
 * (a choice, an input not flagged as personal): what the step names, else the flow's
 * first purpose other than marketing, so the consent is never without one.
 */
function fallbackPurpose(document: FlowDocument, node: FlowNode): string {
  const own = node.type === "input" || node.type === "webhook" ? node.data.purpose.trim() : "";
  if (own !== "") return own;
  return document.purposes.find((purpose) => purpose.id !== MARKETING_PURPOSE)?.id ?? document.purposes[0]?.id ?? MARKETING_PURPOSE;
}

type TextSet = ReturnType<typeof defaultTexts>;

/** Longest question quoted in a consent text: channels limit a consent's body to about 1,000 characters. */
const MAX_QUOTED_QUESTION = 80;

/** Input types whose own name says what they collect better than a quoted question would. */
const SELF_NAMING_TYPES: ReadonlySet<string> = new Set(["email", "phone"]);

/** The name of what an input collects in the flow's words: the lexicon's name for the question's words, else its type's if that says it. */
function inputDataName(context: RuleContext, index: number): string | null {
  const node = context.graph.nodes[index];
  if (node.type !== "input") return null;
  const named = context.labels.dataNameOf(index);
  if (named !== null) return named;
  return SELF_NAMING_TYPES.has(node.data.inputType) ? (INPUT_TYPE_NOUNS[context.locale][node.data.inputType] ?? null) : null;
}

/** What an input collects as a noun for a list: its name, else what its type collects ("Antwort", "Datum"). */
function inputDataNoun(context: RuleContext, index: number): string {
  const node = context.graph.nodes[index];
  const nouns = INPUT_TYPE_NOUNS[context.locale];
  return inputDataName(context, index) ?? (node.type === "input" ? nouns[node.data.inputType] : undefined) ?? nouns.text;
}

/** The inputs that collect a variable, by index. */
function collectorsOf(context: RuleContext, variable: string): number[] {
  const name = variable.trim();
  const result: number[] = [];
  for (const index of context.indicesOfType.input) {
    const node = context.graph.nodes[index];
    if (node.type === "input" && node.data.variable.trim() === name) result.push(index);
  }
  return result;
}

/**
 * Which data a consent before this step is about, for its text, in the words the
 * user saw (EDPB 05/2020: the data in plain words). Before an input: what it and the
 * other personal-data inputs of its purpose ask, by the lexicon's name for the
 * question's words ("E-Mail-Adresse"); a lone question no word names is quoted.
 * Before a webhook: what the inputs whose variables it sends asked. Never a variable
 * id, which means nothing to the person chatting.
 */
function dataDescriptionOf(context: RuleContext, node: FlowNode, texts: TextSet): string {
  const locale = context.locale;
  const index = context.graph.idIndex.indexOf(node.id);
  if (index === -1) return texts.dataGeneric;
  switch (node.type) {
    case "input": {
      const purpose = node.data.purpose.trim();
      const others = context.indicesOfType.input.filter((other) => {
        const candidate = context.graph.nodes[other];
        return (
          other !== index &&
          candidate.type === "input" &&
          candidate.data.purpose.trim() === purpose &&
          context.labels.personal.get(other) !== null
        );
      });
      const question = node.data.text.replace(/\s+/g, " ").trim();
      if (others.length === 0 && inputDataName(context, index) === null && question !== "" && question.length <= MAX_QUOTED_QUESTION) {
        return texts.dataAnswerTo(question);
      }
      const names: string[] = [];
      for (const input of [index, ...others]) {
        const name = inputDataNoun(context, input);
        if (!names.includes(name)) names.push(name);
      }
      return texts.dataNamed(listInWords(locale, names));
    }
    case "webhook": {
      const names: string[] = [];
      for (const variable of node.data.sends) {
        for (const collector of collectorsOf(context, variable)) {
          const name = inputDataNoun(context, collector);
          if (!names.includes(name)) names.push(name);
        }
      }
      return names.length > 0 ? texts.dataNamed(listInWords(locale, names)) : texts.dataGeneric;
    }
    case "subscribe":
    case "message":
      return texts.dataForSubscribe;
    default:
      return texts.dataGeneric;
  }
}

/**
 * Who receives the data a consent before this step covers (GDPR Art. 13(1)(e)): every
 * webhook that sends the step's variable or serves the consent's purpose, named as the
 * declared processor its host belongs to, else the webhook's processor name, else the
 * host's registrable domain ("crm.example.com" → "example.com").
 */
function recipientsOf(context: RuleContext, node: FlowNode, purpose: string): string[] {
  if (node.type !== "input" && node.type !== "webhook") return [];
  const variable = node.type === "input" ? node.data.variable.trim() : "";
  const recipients: string[] = [];
  for (const index of context.indicesOfType.webhook) {
    const webhook = context.graph.nodes[index];
    if (webhook.type !== "webhook") continue;
    const serves =
      webhook.id === node.id ||
      (purpose !== "" && webhook.data.purpose.trim() === purpose) ||
      (variable !== "" && webhook.data.sends.some((sent) => sent.trim() === variable));
    if (!serves) continue;
    const name = recipientName(context, webhook.data.url, webhook.data.processor);
    if (name !== null && !recipients.includes(name)) recipients.push(name);
  }
  return recipients;
}

function recipientName(context: RuleContext, url: string, processorName: string): string | null {
  const host = hostOf(url);
  const declared = host === null ? undefined : context.legal?.processors.find((processor) => hostBelongsTo(host, processor.domain));
  if (declared && declared.name.trim() !== "") return declared.name.trim();
  if (processorName.trim() !== "") return processorName.trim();
  return host === null ? null : (registrableDomainOf(host) ?? host);
}
