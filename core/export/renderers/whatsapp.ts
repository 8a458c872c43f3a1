import { CHANNEL_LIMITS, countCharacters } from "../../compliance/channelLimits";
import { splitText, type Speech } from "../text";
import type { Adaptation, ChannelPayload } from "../schema";
import { PROFILE_WORDS, pagedButtons, splitNote, type ChannelRenderer, type RenderContext } from "./types";

const LIMITS = CHANNEL_LIMITS.whatsapp;

function textMessage(body: string): ChannelPayload {
  // No link previews: a user's answer filled into a text must not turn into a card.
  return { messaging_product: "whatsapp", type: "text", text: { body, preview_url: false } };
}

/**
 * Cloud API messages: plain text; reply buttons for up to 3 options, a list message
 * for 4–10 (the same mapping `channel.limits` checks); the question is the body.
 */
export const whatsappRenderer: ChannelRenderer = {
  channel: "whatsapp",
  render(speech: Speech, context: RenderContext) {
    if (speech.buttons.length === 0) {
      const pieces = splitText(speech.text, LIMITS.text.max, countCharacters);
      return { payloads: pieces.map(textMessage), adaptations: splitNote(pieces, context) };
    }
    const pieces = splitText(speech.text, LIMITS.interactiveBody.max, countCharacters);
    const body = pieces[pieces.length - 1];
    const payloads = pieces.slice(0, -1).map(textMessage);
    const adaptations: Adaptation[] = splitNote(pieces, context);
    if (speech.buttons.length <= LIMITS.replyButtons.max) {
      payloads.push({
        messaging_product: "whatsapp",
        type: "interactive",
        interactive: {
          type: "button",
          body: { text: body },
          action: { buttons: speech.buttons.map((button) => ({ type: "reply", reply: { id: button.id, title: button.label } })) },
        },
      });
    } else {
      adaptations.push({ nodeId: context.nodeId, kind: "list", message: PROFILE_WORDS[context.locale].list(speech.buttons.length) });
      // More than a list holds: pages of rows with a "more options" row.
      const paged = pagedButtons(speech, LIMITS.listRows.max, context);
      adaptations.push(...paged.adaptations);
      payloads.push({
        messaging_product: "whatsapp",
        type: "interactive",
        interactive: {
          type: "list",
          body: { text: body },
          action: {
            button: PROFILE_WORDS[context.locale].choose,
            sections: [{ rows: paged.buttons.map((button) => ({ id: button.id, title: button.label })) }],
          },
        },
      });
    }
    return { payloads, adaptations };
  },
  profile(context) {
    return {
      channel: "whatsapp",
      keywords: {
        privacy: [...context.privacyKeywords],
        impressum: [...context.impressumKeywords],
        optOut: [...context.optOutKeywords],
      },
    };
  },
};
