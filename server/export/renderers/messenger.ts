import { CHANNEL_LIMITS, countCharacters } from "../../compliance/channelLimits";
import { GET_STARTED_PAYLOAD, OPT_OUT_PAYLOAD, splitText, type Speech } from "../text";
import type { ChannelPayload } from "../schema";
import { PROFILE_WORDS, splitNote, type ChannelRenderer, type RenderContext } from "./types";

const LIMITS = CHANNEL_LIMITS.messenger;

/**
 * Quick replies for a step: its buttons (payload = the option id, as `channel.limits`
 * checks it), or Messenger's own email / phone pickers for input steps.
 */
export function quickRepliesOf(speech: Speech, withPickers: boolean): Record<string, string>[] | undefined {
  if (speech.buttons.length > 0) return speech.buttons.map((button) => ({ content_type: "text", title: button.label, payload: button.id }));
  if (withPickers && speech.inputType === "email") return [{ content_type: "user_email" }];
  if (withPickers && speech.inputType === "phone") return [{ content_type: "user_phone_number" }];
  return undefined;
}

/** Send API message objects: text, split at sentence ends past 2,000 characters, quick replies on the last. */
export const messengerRenderer: ChannelRenderer = {
  channel: "messenger",
  render(speech: Speech, context: RenderContext) {
    const pieces = splitText(speech.text, LIMITS.text.max, countCharacters);
    const quickReplies = quickRepliesOf(speech, true);
    const payloads: ChannelPayload[] = pieces.map((text, i) => ({
      messaging_type: "RESPONSE",
      message: i === pieces.length - 1 && quickReplies ? { text, quick_replies: quickReplies } : { text },
    }));
    return { payloads, adaptations: splitNote(pieces, context) };
  },
  profile(context) {
    const words = PROFILE_WORDS[context.locale];
    return {
      channel: "messenger",
      get_started: { payload: GET_STARTED_PAYLOAD },
      // The greeting is the first thing people see, before writing: it says it is a bot.
      greeting: [{ locale: "default", text: words.greeting(context.legal.controller.name) }],
      persistent_menu: [
        {
          locale: "default",
          composer_input_disabled: false,
          call_to_actions: [
            { type: "web_url", title: words.privacy, url: context.legal.privacyPolicyUrl },
            { type: "web_url", title: words.impressum, url: context.legal.impressumUrl },
            { type: "postback", title: words.optOut, payload: OPT_OUT_PAYLOAD },
          ],
        },
      ],
    };
  },
};
