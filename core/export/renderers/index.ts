import type { Channel } from "../../flow";
import { instagramRenderer } from "./instagram";
import { messengerRenderer } from "./messenger";
import { telegramRenderer } from "./telegram";
import type { ChannelRenderer } from "./types";
import { whatsappRenderer } from "./whatsapp";

export type { ChannelRenderer, RenderContext, RenderedSpeech, ProfileContext } from "./types";

/** One renderer per channel (PLATFORMS.md). */
export const RENDERERS: Readonly<Record<Channel, ChannelRenderer>> = {
  messenger: messengerRenderer,
  whatsapp: whatsappRenderer,
  telegram: telegramRenderer,
  instagram: instagramRenderer,
};
