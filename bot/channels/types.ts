import type { ChannelProfile } from "../runtime";
import type { Inbound } from "../engine";

/** Stores an update (and runs `alongside` in the same transaction); false for a redelivery. */
export type InboundHandler = (inbound: Inbound, alongside?: () => void) => boolean;

/** What the bot needs from a messaging platform. */
export interface ChannelAdapter {
  /** Checks the credentials and starts receiving (long polling or a webhook server). */
  start(handle: InboundHandler): Promise<void>;
  /** Stops receiving; updates not yet stored stay with the platform. */
  stop(): Promise<void>;
  /** Sends one ready-made payload of the export to a chat; throws DeliveryError. */
  send(chat: string, payload: Record<string, unknown>): Promise<void>;
  /** Applies the export's profile (Telegram commands); a no-op where the platform has none. */
  applyProfile(profile: ChannelProfile | null): Promise<void>;
}
