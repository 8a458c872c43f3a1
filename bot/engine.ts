import type { Logger } from "pino";
import { loadExport, receive, startConversation, type ConversationState, type LoadedFlow, type RuntimeEvent } from "./runtime";
import type { Store } from "./store";
import type { BotChannel } from "./config";

/** State fields that outlive one conversation and one flow version. */
const LASTING = ["consents", "disclosures", "lastActivityAt", "sequence"];

/** An update from the platform, already turned into a runtime event. */
export interface Inbound {
  /** Unique per platform update (Telegram update_id, WhatsApp message id): a redelivery is recognised. */
  id: string;
  chat: string;
  event: RuntimeEvent;
}

/**
 * Runs the runtime for one chat at a time and stores what a turn produced in the
 * same transaction as the new state. Each conversation stays on the export version it
 * started with; a new version is taken up when a conversation starts anew.
 */
export class Engine {
  private readonly flows = new Map<number, LoadedFlow>();

  constructor(
    private readonly store: Store,
    private readonly channel: BotChannel,
    private readonly log: Logger,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The newest stored export, or null before the first fetch. */
  current(): LoadedFlow | null {
    const latest = this.store.latestExport();
    return latest ? this.flow(latest.version) : null;
  }

  /** A stored export version, checked and indexed once. */
  flow(version: number): LoadedFlow | null {
    const cached = this.flows.get(version);
    if (cached) return cached;
    const body = this.store.exportBody(version);
    if (!body) return null;
    const loaded = loadExport(JSON.parse(body), { channel: this.channel });
    this.flows.set(version, loaded);
    return loaded;
  }

  /** Forget a cached version whose body was stored again. */
  invalidate(version: number): void {
    this.flows.delete(version);
  }

  /** The flow and state a chat's next event runs on. */
  private conversationOf(chat: string, current: LoadedFlow): { flow: LoadedFlow; state: ConversationState } {
    const stored = this.store.conversation(chat);
    if (!stored) return { flow: current, state: startConversation(current, { subject: chat }) };
    const state = JSON.parse(stored) as ConversationState;
    const running = state.status !== "idle" && state.status !== "ended";
    if (state.flowVersion === current.export.flow.version) return { flow: current, state };
    const own = this.flow(state.flowVersion);
    if (running && own) return { flow: own, state };
    // A new conversation (or one whose version is gone) moves to the current version;
    // what is about the person stays: their consent decisions, which processors received
    // their data (for erasure after a withdrawal), when they last wrote, the id counter.
    const fresh = startConversation(current, { subject: chat });
    const lasting = Object.fromEntries(LASTING.filter((key) => key in state).map((key) => [key, state[key as keyof ConversationState]]));
    return { flow: current, state: { ...fresh, ...lasting } };
  }

  /**
   * Handles one update: false when it was handled before. `alongside` runs inside the
   * same transaction (a polling offset, the removal of an answered effect).
   */
  handle(inbound: Inbound, alongside?: () => void): boolean {
    const current = this.current();
    if (!current) throw new Error("No export loaded yet.");
    const now = this.clock();
    return this.store.transaction(() => {
      alongside?.();
      if (!this.store.claimInbound(inbound.id, now)) return false;
      const { flow, state } = this.conversationOf(inbound.chat, current);
      const turn = receive(flow, state, inbound.event, { now });
      this.store.saveConversation(inbound.chat, JSON.stringify(turn.state), now);
      let notBefore = now;
      for (const out of turn.outgoing) {
        if (out.kind === "delay") notBefore += out.seconds * 1000;
        else for (const payload of out.payloads) this.store.enqueueMessage(inbound.chat, payload, notBefore);
      }
      for (const event of turn.consentEvents) this.store.enqueueConsentEvent(event.eventId, event, now);
      for (const effect of turn.effects) {
        // Analytics events go to Flowguard unchanged, in batches like consent events.
        if (effect.kind === "analytics") {
          this.store.enqueueAnalyticsEvent(effect.event.eventId, effect.event, now);
          continue;
        }
        this.store.enqueueEffect(inbound.chat, effect.kind, {
          effect,
          flowId: turn.state.flowId,
          flowVersion: turn.state.flowVersion,
          channel: turn.state.channel,
        });
      }
      this.log.debug(
        {
          update: inbound.id,
          event: inbound.event.type,
          flowVersion: turn.state.flowVersion,
          status: turn.state.status,
          messages: turn.outgoing.length,
          consentEvents: turn.consentEvents.length,
          effects: turn.effects.length,
        },
        "turn",
      );
      return true;
    });
  }
}
