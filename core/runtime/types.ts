import type { Channel } from "../flow";
import type { ChannelPayload, ExportButton, RuntimeConsentEvent } from "../export/schema";
import type { AnalyticsEvent } from "../domain/analytics";

/** What a user (or the platform, or the bot's host) did. */
export type RuntimeEvent =
  /** Get Started, /start, a link or the first message of a new user. */
  | { type: "start" }
  | { type: "text"; text: string }
  /** A button press: quick reply / postback payload, reply id, callback_data. */
  | { type: "button"; id: string }
  /** The answer to a `webhook` effect; `variables` may add values the processor sent back. */
  | { type: "webhookResult"; requestId: string; ok: boolean; variables?: Record<string, string> }
  /** The person who took over (handoff) gives the conversation back to the bot. */
  | { type: "handback" }
  /**
   * The host's timer: lets the runtime act on time passing without a user message
   * (a handoff nobody answered). Hosts send it e.g. hourly for open handoffs.
   */
  | { type: "tick" };

/** Something to send, in order. */
export type Outgoing =
  | {
      kind: "message";
      /** The step that speaks; null for the runtime's own texts (re-disclosure, opt-out, legal links). */
      nodeId: string | null;
      /** The plain text with variables filled in, as the user will read it. */
      text: string;
      buttons: ExportButton[];
      /** Request bodies for the conversation's channel, ready to send (recipient added by the bot). */
      payloads: ChannelPayload[];
    }
  /** Wait this long before sending what follows (a delay step). */
  | { kind: "delay"; nodeId: string; seconds: number };

/** Work the pure runtime cannot do itself; the bot's host does it. */
export type Effect =
  /** POST `body` to `url`; answer with a `webhookResult` event carrying `requestId`. */
  | {
      kind: "webhook";
      requestId: string;
      nodeId: string;
      url: string;
      processor: string;
      purpose: string;
      body: { flowId: string; flowVersion: number; subject: string; variables: Record<string, string> };
    }
  /** Add the user to a marketing list (after marketing consent). */
  | { kind: "subscribe"; nodeId: string; list: string; subject: string }
  /** Remove the user from every marketing list: they opted out. */
  | { kind: "unsubscribe"; subject: string }
  /** A person takes over; the bot stays silent until `handback` or the handoff timeout. */
  | { kind: "handoff"; nodeId: string }
  /** The person is no longer waiting for a human: close the ticket in the help desk. */
  | { kind: "handoffTimeout"; nodeId: string }
  /**
   * The user withdrew consent for `purpose`: ask `processor` (which received these
   * variables at `url`) to erase them (GDPR Art. 17(1)(b), 19).
   */
  | { kind: "erase"; processor: string; url: string; purpose: string; subject: string; variables: string[] }
  /**
   * A counting event for Flowguard's analytics (POST /api/v1/events, unchanged): step
   * reached, answer given (the option id, never typed text), conversation ended,
   * opt-out. It names no person; its id is random, so events cannot be linked.
   */
  | { kind: "analytics"; event: AnalyticsEvent };

export type ConversationStatus = "idle" | "waiting" | "webhook" | "handoff" | "ended";

/** The consent a user gave or refused for one purpose, as the runtime remembers it. */
export interface ConsentRecord {
  outcome: "accept" | "decline" | "withdraw" | "object";
  /** The consent step answered; null for an objection (STOP before any consent). */
  nodeId: string | null;
  textHash: string;
  at: string;
}

/** Variables a webhook sent to a processor, remembered so a withdrawal can ask for erasure. */
export interface Disclosure {
  processor: string;
  url: string;
  purpose: string;
  variables: string[];
}

/**
 * One user's conversation: plain JSON, so a bot can store it anywhere between
 * messages. Consents outlive a conversation (a restart keeps them).
 */
export interface ConversationState {
  flowId: string;
  flowVersion: number;
  /** Pseudonymous user id as the bot knows it (PSID, WhatsApp id, chat id). */
  subject: string;
  channel: Channel;
  status: ConversationStatus;
  /** The step waiting for an answer, the webhook or the handoff; null otherwise. */
  nodeId: string | null;
  /** The open webhook request, when status is `webhook`. */
  requestId: string | null;
  variables: Record<string, string>;
  consents: Record<string, ConsentRecord>;
  /** When the open handoff began (ms since the epoch); drives the handoff timeout. */
  handoffSince: number | null;
  /** What was sent to which processor, for erase effects after a withdrawal. */
  disclosures: Disclosure[];
  /** Last event time (ms since the epoch); drives re-disclosure after silence. */
  lastActivityAt: number | null;
  /** The next reply must start with the bot disclosure again. */
  redisclosurePending: boolean;
  /** Counter for event and request ids. */
  sequence: number;
}

/** Everything one event produced. */
export interface TurnResult {
  state: ConversationState;
  outgoing: Outgoing[];
  consentEvents: RuntimeConsentEvent[];
  effects: Effect[];
  /** The step the conversation is at after the turn (for highlighting), if any. */
  activeNodeId: string | null;
  /** Steps executed (for throughput measurements). */
  steps: number;
}
