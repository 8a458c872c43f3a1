import { CHANNEL_LIMITS, countCharacters } from "../../compliance/channelLimits";
import { splitText, type Speech } from "../text";
import type { ChannelPayload } from "../schema";
import { PROFILE_WORDS, splitNote, type ChannelRenderer, type RenderContext } from "./types";

const LIMITS = CHANNEL_LIMITS.telegram;

/**
 * Bot API `sendMessage` bodies. No `parse_mode`: texts are plain, so a user's answer
 * filled into a message cannot add markup. Buttons are an inline keyboard, one per
 * row, whose `callback_data` is the option id itself (what `channel.limits` counts
 * against the 64-byte limit).
 */
export const telegramRenderer: ChannelRenderer = {
  channel: "telegram",
  render(speech: Speech, context: RenderContext) {
    const pieces = splitText(speech.text, LIMITS.text.max, countCharacters).filter((piece) => piece.trim() !== "");
    // Telegram refuses empty texts; a keyboard without a question still needs one line.
    if (pieces.length === 0 && speech.buttons.length > 0) pieces.push("…");
    const keyboard = speech.buttons.map((button) => [{ text: button.label, callback_data: button.id }]);
    const payloads: ChannelPayload[] = pieces.map((text, i) =>
      i === pieces.length - 1 && keyboard.length > 0
        ? { method: "sendMessage", text, reply_markup: { inline_keyboard: keyboard } }
        : { method: "sendMessage", text },
    );
    return { payloads, adaptations: splitNote(pieces, context) };
  },
  profile(context) {
    const words = PROFILE_WORDS[context.locale];
    return {
      channel: "telegram",
      setMyCommands: {
        commands: [
          { command: "start", description: words.start },
          { command: "datenschutz", description: words.privacy },
          { command: "impressum", description: words.impressum },
          { command: "stop", description: words.optOut },
        ],
      },
    };
  },
};
