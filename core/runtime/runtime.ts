import { inferLabels, type Channel, type FlowNode, type NodeData, type NodeOfType, type SpecialCategory } from "../flow";
import { botTexts, format } from "../export/botTexts";
import { RENDERERS, type ChannelRenderer } from "../export/renderers";
import { ZFlowguardExport, type ExportButton, type ExportConsent, type FlowguardExport, type RuntimeConsentEvent } from "../export/schema";
import {
  GET_STARTED_PAYLOAD,
  IMPRESSUM_PAYLOAD,
  MORE_PAYLOAD,
  OPT_OUT_PAYLOAD,
  PRIVACY_PAYLOAD,
  speechOf,
  sentUrl,
  substituteVariables,
  type SpeechContext,
} from "../export/text";
import {
  OPT_OUT_PHRASE_WORDS,
  STANDARD_OPT_OUT_KEYWORDS,
  keywordOf,
  keywordWordsOf,
  matchesKeyword,
  normalizeWords,
  type Keyword,
} from "./keywords";
import type { ConversationState, Disclosure, Effect, Outgoing, RuntimeEvent, TurnResult } from "./types";
import type { AnalyticsEvent, ConversationEndReason } from "../domain/analytics";
import { normalizeAnswer } from "./validateInput";
import { isoTime } from "./isoTime";

/** Most steps one event may run; a loop of silent steps ends the conversation instead of hanging the bot. */
export const MAX_STEPS_PER_TURN = 500;

/** An export ready to run: indexed once, shared by every conversation. */
export interface LoadedFlow {
  readonly export: FlowguardExport;
  readonly channel: Channel;
  readonly renderer: ChannelRenderer;
  readonly nodes: ReadonlyMap<string, FlowNode>;
  /** Node id → output handle → target node id. */
  readonly next: ReadonlyMap<string, ReadonlyMap<string, string>>;
  readonly consents: ReadonlyMap<string, ExportConsent>;
  readonly optOut: readonly Keyword[];
  readonly privacyKeywords: readonly Keyword[];
  readonly impressumKeywords: readonly Keyword[];
  /** Every word of the opt-out, privacy and impressum keywords and the opt-out phrases (see `keywordWordsOf`). */
  readonly keywordWords: ReadonlySet<string>;
  /** The start steps, in document order (first of each id). */
  readonly starts: readonly NodeOfType<"start">[];
  /** Variable name → the purpose it was collected for. */
  readonly variablePurpose: ReadonlyMap<string, string>;
  /**
   * What each step needs consent for, classified once with the same inferred labels the
   * rules use (a flag cannot hide an e-mail question or an advertising text): node id →
   * the purpose to accept (null: none) and the special category that needs an explicit consent.
   */
  readonly guards: ReadonlyMap<string, StepGuard>;
  readonly speech: SpeechContext;
  readonly texts: ReturnType<typeof botTexts>;
}

/** What the runtime checks before running a step. */
export interface StepGuard {
  readonly purpose: string | null;
  readonly category: SpecialCategory | null;
}

/** Consent guards of every data, promotional or special-category step of an export's graph. */
function guardsOf(nodes: readonly FlowNode[], edges: FlowguardExport["graph"]["edges"], locale: FlowguardExport["flow"]["locale"]) {
  const labels = inferLabels({ nodes: nodes as FlowNode[], edges, locale });
  const guards = new Map<string, StepGuard>();
  for (let i = 0; i < nodes.length; i++) {
    const purpose = labels.purposeOf(i);
    const category = labels.special.get(i)?.category ?? null;
    if (purpose === null && category === null) continue;
    if (!guards.has(nodes[i].id)) guards.set(nodes[i].id, { purpose, category });
  }
  return guards;
}

/** Keywords that are words at all (an empty custom keyword matches nothing). */
function keywordsOf(list: readonly string[]): Keyword[] {
  return list.map(keywordOf).filter((keyword) => keyword.length > 0);
}

/**
 * Checks and indexes an export for running. `channel` picks the renderer for a
 * channel-neutral export (the preview runs a draft in any channel); a channel export
 * runs in its own channel.
 * @throws Error naming the first problem when `raw` is not a valid export.
 */
export function loadExport(raw: unknown, options: { channel?: Channel } = {}): LoadedFlow {
  const parsed = ZFlowguardExport.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `Not a ${"flowguard.export/v1"} document: ${issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "invalid"}`,
    );
  }
  const exported = parsed.data;
  const channel = exported.channel ?? options.channel;
  if (!channel) throw new Error("This export is channel-neutral; say which channel to run it in.");
  const nodes = new Map<string, FlowNode>();
  for (const node of exported.graph.nodes) if (!nodes.has(node.id)) nodes.set(node.id, node);
  const next = new Map<string, Map<string, string>>();
  for (const edge of exported.graph.edges) {
    if (!nodes.has(edge.target)) continue;
    let handles = next.get(edge.source);
    if (!handles) next.set(edge.source, (handles = new Map()));
    if (!handles.has(edge.sourceHandle)) handles.set(edge.sourceHandle, edge.target);
  }
  const optOut = keywordsOf([...STANDARD_OPT_OUT_KEYWORDS, ...exported.optOut.keywords]);
  const privacyKeywords = keywordsOf(exported.legalKeywords.privacy);
  const impressumKeywords = keywordsOf(exported.legalKeywords.impressum);
  return {
    export: exported,
    channel,
    renderer: RENDERERS[channel],
    nodes,
    next,
    consents: new Map(exported.consents.map((consent) => [consent.nodeId, consent])),
    optOut,
    privacyKeywords,
    impressumKeywords,
    keywordWords: keywordWordsOf(optOut, privacyKeywords, impressumKeywords, OPT_OUT_PHRASE_WORDS),
    starts: [...nodes.values()].filter((node): node is NodeOfType<"start"> => node.type === "start"),
    variablePurpose: new Map(exported.variables.map((variable) => [variable.name, variable.purpose])),
    guards: guardsOf(exported.graph.nodes, exported.graph.edges, exported.flow.locale),
    speech: { channel, locale: exported.flow.locale, formality: exported.formality },
    texts: botTexts(exported.flow.locale, exported.formality),
  };
}

/** A new user's state: nothing said yet, no consent. */
export function startConversation(flow: LoadedFlow, options: { subject: string }): ConversationState {
  return {
    flowId: flow.export.flow.id,
    flowVersion: flow.export.flow.version,
    subject: options.subject,
    channel: flow.channel,
    status: "idle",
    nodeId: null,
    requestId: null,
    variables: {},
    consents: {},
    handoffSince: null,
    disclosures: [],
    lastActivityAt: null,
    redisclosurePending: false,
    sequence: 0,
  };
}

/** FNV-1a, to keep event ids short whatever the subject looks like. */
function shortHash(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(36);
}

/**
 * `shortHash` of "flowId:subject", remembered for the last pair: a host usually handles
 * several turns of one person in a row (every turn of a conversation needs it).
 */
function subjectHash(flowId: string, subject: string): string {
  if (flowId !== lastHashed.flowId || subject !== lastHashed.subject) {
    lastHashed = { flowId, subject, hash: shortHash(`${flowId}:${subject}`) };
  }
  return lastHashed.hash;
}
let lastHashed = { flowId: "", subject: "", hash: shortHash(":") };

/** One event being processed: collects what the turn produces. */
class Turn {
  readonly outgoing: Outgoing[] = [];
  readonly consentEvents: RuntimeConsentEvent[] = [];
  readonly effects: Effect[] = [];
  steps = 0;
  /** The last step run in this turn, for the step an ending or an opt-out happened at. */
  lastNodeId: string | null = null;

  constructor(
    readonly flow: LoadedFlow,
    readonly state: ConversationState,
    readonly now: number,
  ) {}

  /**
   * The variables, to be changed: the turn starts with the caller's object (most turns
   * change none, and a long conversation holds many) and copies it before the first change.
   */
  variablesToChange(): Record<string, string> {
    if (!this.ownVariables) {
      this.state.variables = { ...this.state.variables };
      this.ownVariables = true;
    }
    return this.state.variables;
  }
  /** Replaces the variables with an object of this turn's own. */
  setVariables(variables: Record<string, string>): void {
    this.state.variables = variables;
    this.ownVariables = true;
  }
  private ownVariables = false;

  /** `now` as the events of this turn carry it; one turn emits many. */
  get occurredAt(): string {
    return (this.occurredAtText ??= isoTime(this.now));
  }
  private occurredAtText: string | undefined;

  nextId(kind: string): string {
    this.state.sequence++;
    this.idStem ??= `${subjectHash(this.state.flowId, this.state.subject)}-${this.now.toString(36)}`;
    return `${kind}-${this.idStem}-${this.state.sequence}`;
  }
  /** The part of this turn's ids that is the same for each: the person's hash and the time. */
  private idStem: string | undefined;

  /*
   * Analytics effects, one method per event type; ids are random so that events of one
   * person cannot be linked. A turn emits one per step run, so each builds its event
   * as one literal of a fixed shape (no spread of a partial event).
   */

  stepReached(nodeId: string, via: AnalyticsVia | null): void {
    const s = this.state;
    const event: AnalyticsEvent = {
      eventId: randomEventId(),
      flowId: s.flowId,
      flowVersion: s.flowVersion,
      channel: s.channel,
      occurredAt: this.occurredAt,
      type: "stepReached",
      nodeId,
      via,
    };
    this.effects.push({ kind: "analytics", event });
  }

  answerGiven(nodeId: string, output: string): void {
    const s = this.state;
    const event: AnalyticsEvent = {
      eventId: randomEventId(),
      flowId: s.flowId,
      flowVersion: s.flowVersion,
      channel: s.channel,
      occurredAt: this.occurredAt,
      type: "answerGiven",
      nodeId,
      output,
    };
    this.effects.push({ kind: "analytics", event });
  }

  conversationEnded(nodeId: string | null, reason: ConversationEndReason): void {
    const s = this.state;
    const event: AnalyticsEvent = {
      eventId: randomEventId(),
      flowId: s.flowId,
      flowVersion: s.flowVersion,
      channel: s.channel,
      occurredAt: this.occurredAt,
      type: "conversationEnded",
      nodeId,
      reason,
    };
    this.effects.push({ kind: "analytics", event });
  }

  optedOut(nodeId: string | null, consentNodeId: string | null): void {
    const s = this.state;
    const event: AnalyticsEvent = {
      eventId: randomEventId(),
      flowId: s.flowId,
      flowVersion: s.flowVersion,
      channel: s.channel,
      occurredAt: this.occurredAt,
      type: "optOut",
      nodeId,
      consentNodeId,
    };
    this.effects.push({ kind: "analytics", event });
  }

  /** Sends a text (variables filled in), preceded by the bot disclosure when it is due again. */
  say(
    nodeId: string | null,
    text: string,
    buttons: ExportButton[],
    inputType: NodeData<"input">["inputType"] | null = null,
    isDisclosure = false,
    page = 0,
  ): void {
    if (this.state.redisclosurePending) {
      this.state.redisclosurePending = false;
      if (!isDisclosure) this.say(null, this.flow.export.redisclosureText, [], null, true);
    }
    const filled = substituteVariables(text, this.state.variables);
    if (filled.trim() === "" && buttons.length === 0) return;
    const rendered = this.flow.renderer.render(
      { text: filled, buttons, inputType, page },
      { locale: this.flow.export.flow.locale, nodeId: nodeId ?? "" },
    );
    this.outgoing.push({ kind: "message", nodeId, text: filled, buttons, payloads: rendered.payloads });
  }

  sayStep(node: FlowNode, page = 0): void {
    const speech = speechOf(node, this.flow.export.legal, this.flow.speech);
    if (speech) this.say(node.id, speech.text, speech.buttons, speech.inputType, node.type === "botDisclosure", page);
  }

  /**
   * Records a consent event (RULEBOOK: consent event v2) and remembers the outcome.
   * `consent` is the step answered or withdrawn; null for an objection, which
   * carries the hash of the opt-out confirmation shown instead.
   */
  consentEvent(
    purpose: string,
    outcome: RuntimeConsentEvent["outcome"],
    consent: ExportConsent | null,
    answerMode: RuntimeConsentEvent["answerMode"],
  ): void {
    const occurredAt = this.occurredAt;
    const textHash = consent?.textHash ?? this.flow.export.optOut.confirmationHash;
    this.consentEvents.push({
      eventId: this.nextId("ce"),
      flowId: this.state.flowId,
      flowVersion: this.state.flowVersion,
      contentHash: this.flow.export.flow.contentHash,
      consentNodeId: consent?.nodeId ?? null,
      subject: this.state.subject,
      channel: this.state.channel,
      purpose,
      outcome,
      textHash,
      answerMode,
      explicit: consent?.explicit ?? false,
      categories: consent ? [...consent.categories] : [],
      privacyPolicyUrl: this.flow.export.legal.privacyPolicyUrl,
      occurredAt,
    });
    this.state.consents[purpose] = { outcome, nodeId: consent?.nodeId ?? null, textHash, at: occurredAt };
  }

  /**
   * Whether the user's consent allows this step now: accepted for its purpose, and
   * for a special-category input accepted in an explicit consent naming the category.
   */
  allowed(node: FlowNode): boolean {
    const guard = this.flow.guards.get(node.id);
    if (guard === undefined) return true;
    if (guard.purpose === null) {
      // A special-category step without a purpose (a choice "Haben Sie Diabetes?"): any accepted explicit consent for the category.
      if (guard.category === null) return true;
      const category = guard.category;
      return Object.values(this.state.consents).some((record) => record?.outcome === "accept" && this.explicitFor(record.nodeId, category));
    }
    const record = this.state.consents[guard.purpose];
    if (record?.outcome !== "accept") return false;
    return guard.category === null || this.explicitFor(record.nodeId, guard.category);
  }

  /** Whether the consent step `nodeId` is an explicit consent naming `category`. */
  explicitFor(nodeId: string | null, category: SpecialCategory): boolean {
    const consent = nodeId ? this.flow.consents.get(nodeId) : undefined;
    return consent !== undefined && consent.explicit && consent.categories.includes(category);
  }

  end(reason: ConversationEndReason | null = null): void {
    if (reason) this.conversationEnded(this.lastNodeId ?? this.state.nodeId, reason);
    this.state.status = "ended";
    this.state.nodeId = null;
    this.state.requestId = null;
    this.state.handoffSince = null;
  }

  target(nodeId: string, handle: string): string | null {
    return this.flow.next.get(nodeId)?.get(handle) ?? null;
  }

  /** The edge the step `run` reaches next is reached by (null: a start or a resumed step). */
  private via: AnalyticsVia | null = null;

  /** Leaves `node` by `output`: the step connected there, if any. */
  follow(node: FlowNode, output: string): string | null {
    this.via = { nodeId: node.id, output };
    return this.target(node.id, output);
  }

  /** Runs steps from `nodeId` until one waits for the user, the host, or the flow ends. */
  run(nodeId: string | null, via: AnalyticsVia | null = null): void {
    let current = nodeId;
    this.via = via;
    while (current !== null) {
      const node = this.flow.nodes.get(current);
      if (!node || ++this.steps > MAX_STEPS_PER_TURN) break;
      this.stepReached(node.id, this.via);
      this.lastNodeId = node.id;
      // Graph checks prove consent on every path; this also holds after an opt-out,
      // which the graph cannot know: no data and no advertising without consent now.
      // The user is told why instead of being left in silence, and the flow ends.
      if (!this.allowed(node)) {
        this.say(null, this.flow.texts.refused, []);
        return this.end("refused");
      }
      switch (node.type) {
        case "start":
          current = this.follow(node, "next");
          continue;
        case "botDisclosure":
        case "privacyNotice":
        case "message":
          this.sayStep(node);
          current = this.follow(node, "next");
          continue;
        case "consent":
        case "choice":
        case "input":
          this.sayStep(node);
          this.state.status = "waiting";
          this.state.nodeId = node.id;
          return;
        case "condition":
          current = this.follow(node, evaluateCondition(node.data, this.state.variables) ? "true" : "false");
          continue;
        case "delay":
          if (node.data.seconds > 0) this.outgoing.push({ kind: "delay", nodeId: node.id, seconds: node.data.seconds });
          current = this.follow(node, "next");
          continue;
        case "subscribe":
          this.effects.push({ kind: "subscribe", nodeId: node.id, list: node.data.list, subject: this.state.subject });
          current = this.follow(node, "next");
          continue;
        case "webhook": {
          const requestId = this.nextId("wh");
          // Without a prototype, a variable named "__proto__" is a key like any other.
          const variables: Record<string, string> = Object.create(null) as Record<string, string>;
          for (const name of node.data.sends)
            if (Object.prototype.hasOwnProperty.call(this.state.variables, name)) variables[name] = this.state.variables[name];
          this.effects.push({
            kind: "webhook",
            requestId,
            nodeId: node.id,
            url: node.data.url,
            processor: node.data.processor,
            purpose: node.data.purpose,
            body: { flowId: this.state.flowId, flowVersion: this.state.flowVersion, subject: this.state.subject, variables },
          });
          const sent = Object.keys(variables);
          // A repeat of a disclosure already recorded adds nothing to erase later; recording it
          // again would grow the lasting state (copied on every event) with each pass.
          if (sent.length > 0 && !this.state.disclosures.some((d) => isSameDisclosure(d, node.data, sent))) {
            // A new list: the one the turn started with is shared with the caller's state.
            this.state.disclosures = [
              ...this.state.disclosures,
              { processor: node.data.processor, url: node.data.url, purpose: node.data.purpose, variables: sent },
            ];
          }
          this.state.status = "webhook";
          this.state.nodeId = node.id;
          this.state.requestId = requestId;
          return;
        }
        case "handoff":
          this.sayStep(node);
          this.effects.push({ kind: "handoff", nodeId: node.id });
          this.state.status = "handoff";
          this.state.nodeId = node.id;
          this.state.handoffSince = this.now;
          return;
        case "end":
          this.sayStep(node);
          this.end("completed");
          return;
      }
    }
    this.end("noNextStep");
  }

  /** Starts from the start whose keyword matches, else the first Get Started start, else the first start. */
  startFrom(text: string | null, words: readonly string[] | null = text === null ? null : keywordOf(text)): void {
    this.setVariables({});
    this.state.requestId = null;
    const starts = this.flow.starts;
    const keyword = words === null ? null : words.join(" ");
    const byKeyword = keyword
      ? starts.find((node) => node.data.trigger === "keyword" && (node.data.keywords ?? []).some((k) => keywordOf(k).join(" ") === keyword))
      : undefined;
    const start = byKeyword ?? starts.find((node) => node.data.trigger === "getStarted") ?? starts[0];
    if (!start) return this.end("noNextStep");
    this.run(start.id);
  }

  /**
   * Opt-out from any state: a withdrawal for every accepted purpose (an objection
   * when nothing was accepted), the purposes' variables cleared, an erase effect
   * for every processor that received them, unsubscribed, confirmed, ended.
   */
  optOut(answerMode: RuntimeConsentEvent["answerMode"]): void {
    const exported = this.flow.export;
    this.optedOut(this.state.nodeId, lastConsentStep(this.state));
    const accepted = Object.entries(this.state.consents).filter(([, record]) => record.outcome === "accept");
    const withdrawn = new Set<string>();
    if (accepted.length > 0) {
      for (const [purpose, record] of accepted) {
        this.consentEvent(purpose, "withdraw", (record.nodeId && this.flow.consents.get(record.nodeId)) || null, answerMode);
        withdrawn.add(purpose);
      }
    } else {
      // Nothing to withdraw: the user objects to being written to, for every purpose the flow asks for.
      const purposes = new Set(exported.consents.flatMap((consent) => consent.purposes));
      for (const purpose of purposes) this.consentEvent(purpose, "object", null, answerMode);
    }
    const cleared = new Set<string>();
    for (const name of Object.keys(this.state.variables)) {
      const purpose = this.flow.variablePurpose.get(name);
      if (purpose !== undefined && withdrawn.has(purpose)) {
        delete this.variablesToChange()[name];
        cleared.add(name);
      }
    }
    const kept = [];
    for (const disclosure of this.state.disclosures) {
      if (withdrawn.has(disclosure.purpose) || disclosure.variables.some((name) => cleared.has(name))) {
        this.effects.push({
          kind: "erase",
          processor: disclosure.processor,
          url: disclosure.url,
          purpose: disclosure.purpose,
          subject: this.state.subject,
          variables: [...disclosure.variables],
        });
      } else kept.push(disclosure);
    }
    this.state.disclosures = kept;
    this.effects.push({ kind: "unsubscribe", subject: this.state.subject });
    if (this.state.status === "handoff" && this.state.nodeId) this.effects.push({ kind: "handoffTimeout", nodeId: this.state.nodeId });
    // The confirmation is the runtime's own text; re-disclosure is not repeated for a goodbye.
    this.state.redisclosurePending = false;
    this.say(null, exported.optOut.confirmation, []);
    this.end();
  }

  /** A legal keyword: the link, then the question the user was at, asked again. */
  legalLink(kind: "privacy" | "impressum"): void {
    const legal = this.flow.export.legal;
    const text =
      kind === "privacy"
        ? format(this.flow.texts.privacy, { url: sentUrl(legal.privacyPolicyUrl) })
        : format(this.flow.texts.impressum, { url: sentUrl(legal.impressumUrl) });
    this.say(null, text, []);
    if (this.state.status === "waiting" && this.state.nodeId) {
      const node = this.flow.nodes.get(this.state.nodeId);
      if (node) this.sayStep(node);
    }
  }

  /** Nobody answered the handoff in time: say so, disclose the bot again and go on with the flow. */
  handoffTimedOut(): void {
    const nodeId = this.state.nodeId;
    this.state.status = "idle";
    this.state.nodeId = null;
    this.state.handoffSince = null;
    if (nodeId) this.effects.push({ kind: "handoffTimeout", nodeId });
    this.state.redisclosurePending = false;
    this.say(null, format(this.flow.texts.handoffTimeout, { hours: this.flow.export.handoffTimeoutHours }), []);
    const next = nodeId ? this.target(nodeId, "next") : null;
    if (next === null || this.flow.nodes.get(next)?.type !== "botDisclosure") {
      this.say(null, this.flow.export.redisclosureText, [], null, true);
    }
    this.run(next, nodeId && next ? { nodeId, output: "next" } : null);
  }

  /** The user answered the step that waits. */
  answer(node: FlowNode, event: { type: "text"; text: string } | { type: "button"; id: string }): void {
    const typed = event.type === "text" ? event.text.trim().toLowerCase() : null;
    switch (node.type) {
      case "consent": {
        const choice =
          event.type === "button"
            ? event.id
            : typed === node.data.acceptLabel.trim().toLowerCase()
              ? "accept"
              : typed === node.data.declineLabel.trim().toLowerCase()
                ? "decline"
                : null;
        if (choice !== "accept" && choice !== "decline") return this.sayStep(node);
        const consent = this.flow.consents.get(node.id) ?? null;
        for (const purpose of node.data.purposes) this.consentEvent(purpose, choice, consent, event.type);
        this.answerGiven(node.id, choice);
        this.state.status = "idle";
        this.state.nodeId = null;
        return this.answered(node, choice);
      }
      case "choice": {
        // "More options …" of a paged picker: the same question with the next page of options.
        if (event.type === "button" && event.id.startsWith(`${MORE_PAYLOAD}:`)) {
          return this.sayStep(node, Number(event.id.slice(MORE_PAYLOAD.length + 1)) || 0);
        }
        const option = node.data.options.find((o) =>
          event.type === "button" ? o.id === event.id : o.label.trim().toLowerCase() === typed,
        );
        const handle = option ? option.id : this.target(node.id, "fallback") ? "fallback" : null;
        if (handle === null) return this.sayStep(node);
        this.answerGiven(node.id, handle);
        this.state.status = "idle";
        this.state.nodeId = null;
        return this.answered(node, handle);
      }
      case "input": {
        const value = event.type === "text" ? normalizeAnswer(node.data.inputType, event.text) : null;
        if (value === null) {
          this.answerGiven(node.id, "invalid");
          const invalid = this.target(node.id, "invalid");
          if (!invalid) {
            this.say(node.id, this.flow.texts.retry[node.data.inputType], []);
            return this.sayStep(node);
          }
          this.state.status = "idle";
          this.state.nodeId = null;
          return this.run(invalid, { nodeId: node.id, output: "invalid" });
        }
        this.answerGiven(node.id, "next");
        this.variablesToChange()[node.data.variable] = value;
        this.state.status = "idle";
        this.state.nodeId = null;
        return this.answered(node, "next");
      }
      default:
        return;
    }
  }

  /** Goes on from an answered (or resumed) step by `output`; the conversation ends there when nothing is connected. */
  answered(node: FlowNode, output: string): void {
    this.lastNodeId = node.id;
    this.run(this.target(node.id, output), { nodeId: node.id, output });
  }
}

/** The edge a step was reached by, as `stepReached` reports it. */
type AnalyticsVia = { nodeId: string; output: string };

/**
 * A random event id (128 bits, hex). Web Crypto is in every browser and in Node 20,
 * also outside secure contexts (unlike randomUUID).
 */
function randomEventId(): string {
  if (eventIdBytesUsed === eventIdBytes.length) {
    globalThis.crypto.getRandomValues(eventIdBytes);
    eventIdBytesUsed = 0;
  }
  // The id's characters are written into one array and made a string at once (no
  // chain of 16 partial strings to join later).
  for (let k = 3; k < EVENT_ID_LENGTH; k += 2) {
    const byte = eventIdBytes[eventIdBytesUsed++];
    eventIdCodes[k] = HEX_CODES[2 * byte];
    eventIdCodes[k + 1] = HEX_CODES[2 * byte + 1];
  }
  return String.fromCharCode.apply(null, eventIdCodes);
}

/**
 * Random bytes for event ids, drawn for 256 ids at a time: a turn emits an event per
 * step, and asking the random source for 16 bytes each time cost more than the step.
 * Each byte is used once.
 */
const eventIdBytes = new Uint8Array(16 * 256);
let eventIdBytesUsed = eventIdBytes.length;
/** "ae-" and 32 hex digits. */
const EVENT_ID_LENGTH = 35;
/** Character codes of the id being written; the first three are "ae-". */
const eventIdCodes: number[] = Array.from("ae-".padEnd(EVENT_ID_LENGTH, "0"), (char) => char.charCodeAt(0));
/** Per byte, the character codes of its two hex digits. */
const HEX_CODES: number[] = Array.from({ length: 512 }, (_, i) =>
  (i >> 1)
    .toString(16)
    .padStart(2, "0")
    .charCodeAt(i & 1),
);

/** The consent step the person answered last, for "opt-outs after this consent". */
function lastConsentStep(state: ConversationState): string | null {
  let last: { nodeId: string; at: string } | null = null;
  for (const record of Object.values(state.consents)) {
    if (record.nodeId && (record.outcome === "accept" || record.outcome === "decline") && (!last || record.at >= last.at)) {
      last = { nodeId: record.nodeId, at: record.at };
    }
  }
  return last?.nodeId ?? null;
}

function evaluateCondition(data: NodeData<"condition">, variables: Readonly<Record<string, string>>): boolean {
  const value = Object.prototype.hasOwnProperty.call(variables, data.variable) ? variables[data.variable] : undefined;
  const expected = String(data.value);
  const lower = (value ?? "").toLowerCase();
  switch (data.operator) {
    case "isSet":
      return value !== undefined && value !== "";
    case "isNotSet":
      return value === undefined || value === "";
    case "equals":
      return lower === expected.toLowerCase();
    case "notEquals":
      return lower !== expected.toLowerCase();
    case "contains":
      return lower.includes(expected.toLowerCase());
    case "notContains":
      return !lower.includes(expected.toLowerCase());
    case "greaterThan":
    case "lessThan": {
      const a = Number((value ?? "").replace(",", "."));
      const b = Number(expected.replace(",", "."));
      if (value === undefined || Number.isNaN(a) || Number.isNaN(b)) return false;
      return data.operator === "greaterThan" ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** Whether `disclosure` records exactly this processor, address, purpose and these variables. */
function isSameDisclosure(
  disclosure: Disclosure,
  to: { processor: string; url: string; purpose: string },
  variables: readonly string[],
): boolean {
  return (
    disclosure.processor === to.processor &&
    disclosure.url === to.url &&
    disclosure.purpose === to.purpose &&
    disclosure.variables.length === variables.length &&
    disclosure.variables.every((name, i) => name === variables[i])
  );
}

/**
 * The state a turn works on, so `receive` never changes the caller's object. Copied
 * one level deep: what a turn changes in place is copied (the consent map here, the
 * variables by the turn before its first change to them); consent records and
 * disclosures are never changed in place (a turn replaces a record and builds a new
 * disclosure list), so the new state shares them. Written
 * field by field: spreading a stored state and overriding some of its fields cost
 * more than the rest of a turn.
 */
function stateForTurn(state: ConversationState): ConversationState {
  return {
    flowId: state.flowId,
    flowVersion: state.flowVersion,
    subject: state.subject,
    channel: state.channel,
    status: state.status,
    nodeId: state.nodeId,
    requestId: state.requestId,
    // Shared until the turn changes one (`Turn.variablesToChange`).
    variables: state.variables,
    consents: consentsForTurn(state.consents),
    // States stored before these fields existed still load.
    handoffSince: state.handoffSince ?? (state.status === "handoff" ? (state.lastActivityAt ?? null) : null),
    disclosures: state.disclosures ?? [],
    lastActivityAt: state.lastActivityAt,
    redisclosurePending: state.redisclosurePending,
    sequence: state.sequence,
  };
}

/** A copy of the consent map; records stored before `nodeId` existed get it (null). */
function consentsForTurn(consents: ConversationState["consents"]): ConversationState["consents"] {
  const copy: ConversationState["consents"] = {};
  for (const purpose in consents) {
    const record = consents[purpose];
    copy[purpose] = record.nodeId === undefined ? { ...record, nodeId: null } : record;
  }
  return copy;
}

/**
 * Processes one event of one user and returns what to send, the new state, the
 * consent events to report and the effects for the host. Pure: no I/O, the time
 * comes in as `now` (ms since the epoch; default: the clock).
 *
 * Enforced here, whatever the graph says: opt-out keywords (and the unsubscribe menu
 * entry) work from every state and record a withdrawal; data and promotional steps
 * need an accepted consent for their purpose at the moment they run; after
 * `redisclosureAfterHours` of silence the next reply starts with the bot disclosure;
 * answers are checked against the input type (`invalid` output, else asked again).
 */
export function receive(flow: LoadedFlow, state: ConversationState, event: RuntimeEvent, options: { now?: number } = {}): TurnResult {
  const now = options.now ?? Date.now();
  const turn = new Turn(flow, stateForTurn(state), now);
  const s = turn.state;
  const silenceMs = flow.export.redisclosureAfterHours * 3_600_000;
  const isUserEvent = event.type === "text" || event.type === "button" || event.type === "start";
  if (isUserEvent && s.lastActivityAt !== null && silenceMs > 0 && now - s.lastActivityAt >= silenceMs) s.redisclosurePending = true;
  if (isUserEvent) s.lastActivityAt = now;

  const text = event.type === "text" ? event.text : null;
  const words = text !== null ? normalizeWords(text) : null;
  // Only words that occur in some keyword can make one: most answers are ruled out here.
  const keywordWords = words !== null && words.some((word) => flow.keywordWords.has(word)) ? words : null;
  const buttonId = event.type === "button" ? event.id : null;
  const handoffExpired =
    s.status === "handoff" && s.handoffSince !== null && now - s.handoffSince >= flow.export.handoffTimeoutHours * 3_600_000;
  const legal: "privacy" | "impressum" | null =
    (keywordWords !== null && matchesKeyword(keywordWords, flow.privacyKeywords)) || buttonId === PRIVACY_PAYLOAD
      ? "privacy"
      : (keywordWords !== null && matchesKeyword(keywordWords, flow.impressumKeywords)) || buttonId === IMPRESSUM_PAYLOAD
        ? "impressum"
        : null;

  if ((keywordWords !== null && matchesKeyword(keywordWords, flow.optOut, OPT_OUT_PHRASE_WORDS)) || buttonId === OPT_OUT_PAYLOAD) {
    // Before anything else, in every state: an opt-out is never taken as an answer.
    turn.optOut(event.type === "button" ? "button" : "text");
  } else if (handoffExpired && event.type !== "handback") {
    turn.handoffTimedOut();
    if (legal) turn.legalLink(legal);
  } else if (legal) {
    turn.legalLink(legal);
  } else if (event.type === "start" || buttonId === GET_STARTED_PAYLOAD || (words !== null && words.length === 1 && words[0] === "start")) {
    turn.startFrom(null);
  } else if (event.type === "webhookResult") {
    if (s.status === "webhook" && s.requestId === event.requestId && s.nodeId) {
      const nodeId = s.nodeId;
      s.status = "idle";
      s.nodeId = null;
      s.requestId = null;
      // Only plain strings are taken over, and never over a value the user typed.
      for (const [name, value] of Object.entries(event.variables ?? {})) {
        if (typeof value === "string" && !Object.prototype.hasOwnProperty.call(s.variables, name)) turn.variablesToChange()[name] = value;
      }
      const node = flow.nodes.get(nodeId);
      if (node) turn.answered(node, event.ok ? "success" : "failure");
      else turn.run(null);
    }
  } else if (event.type === "handback") {
    if (s.status === "handoff" && s.nodeId) {
      const node = flow.nodes.get(s.nodeId);
      s.status = "idle";
      s.nodeId = null;
      s.handoffSince = null;
      if (node?.type === "handoff") {
        turn.say(node.id, node.data.resumeText, []);
        turn.answered(node, "next");
      } else turn.end("noNextStep");
    }
  } else if (event.type === "text" || event.type === "button") {
    if (s.status === "waiting" && s.nodeId) {
      const node = flow.nodes.get(s.nodeId);
      if (node) turn.answer(node, event);
      else turn.end();
    } else if (s.status === "idle" || s.status === "ended") {
      turn.startFrom(text, words);
    }
    // While a person answers (handoff) or a webhook is open, the bot stays silent.
  }

  return {
    state: s,
    outgoing: turn.outgoing,
    consentEvents: turn.consentEvents,
    effects: turn.effects,
    activeNodeId: s.nodeId,
    steps: turn.steps,
  };
}
