import type { Channel } from "../flow";
import type { RuntimeConsentEvent } from "../export/schema";
import { loadExport, receive, startConversation, type LoadedFlow } from "./runtime";
import type { ConversationState, Effect, Outgoing, RuntimeEvent, TurnResult } from "./types";

/** How the host answers a webhook effect; the default says it succeeded. */
export type WebhookAnswer = (effect: Extract<Effect, { kind: "webhook" }>) => { ok: boolean; variables?: Record<string, string> };

const succeed: WebhookAnswer = () => ({ ok: true });

/**
 * A conversation driven by a host that answers webhooks at once: the preview, the
 * CLI `simulate` and tests. Deployed bots call `receive` and do the HTTP themselves.
 */
export class Conversation {
  state: ConversationState;
  readonly consentEvents: RuntimeConsentEvent[] = [];
  /** Time the conversation runs at (ms); `wait` moves it forward. */
  now: number;

  constructor(
    readonly flow: LoadedFlow,
    options: { subject: string; now?: number; webhook?: WebhookAnswer },
  ) {
    this.state = startConversation(flow, { subject: options.subject });
    this.now = options.now ?? Date.now();
    this.webhook = options.webhook ?? succeed;
  }

  private readonly webhook: WebhookAnswer;

  /** Lets `hours` of silence pass (for re-disclosure tests and scripts). */
  wait(hours: number): void {
    this.now += hours * 3_600_000;
  }

  /**
   * Sends one event and follows webhook effects with their answers, so the result
   * holds everything the user sees until the bot waits for them again.
   */
  send(event: RuntimeEvent): TurnResult {
    const outgoing: Outgoing[] = [];
    const consentEvents: RuntimeConsentEvent[] = [];
    const effects: Effect[] = [];
    let steps = 0;
    let result = receive(this.flow, this.state, event, { now: this.now });
    for (let round = 0; ; round++) {
      outgoing.push(...result.outgoing);
      consentEvents.push(...result.consentEvents);
      effects.push(...result.effects);
      steps += result.steps;
      this.state = result.state;
      const pending = result.effects.find((effect): effect is Extract<Effect, { kind: "webhook" }> => effect.kind === "webhook");
      if (!pending || result.state.status !== "webhook" || round > 100) break;
      const answer = this.webhook(pending);
      result = receive(this.flow, this.state, { type: "webhookResult", requestId: pending.requestId, ...answer }, { now: this.now });
    }
    this.consentEvents.push(...consentEvents);
    return { state: this.state, outgoing, consentEvents, effects, activeNodeId: this.state.nodeId, steps };
  }
}

/** Loads an export and opens a conversation on it in one call. */
export function conversationFor(
  raw: unknown,
  options: { subject: string; now?: number; webhook?: WebhookAnswer; channel?: Channel },
): Conversation {
  return new Conversation(loadExport(raw, { channel: options.channel }), options);
}
