import { CHANNEL_LIMITS, countCharacters } from "../../compliance/channelLimits";
import { GET_STARTED_PAYLOAD, OPT_OUT_PAYLOAD } from "../text";
import { renderSendApi, type SendApiRules } from "./sendApi";
import { PROFILE_WORDS, type ChannelRenderer } from "./types";

const RULES: SendApiRules = {
  maxText: CHANNEL_LIMITS.messenger.text.max,
  measure: countCharacters,
  pickers: true,
  maxQuickReplies: CHANNEL_LIMITS.messenger.quickReplies.max,
};

/** Send API message objects: text, split at sentence ends past 2,000 characters, quick replies on the last. */
export const messengerRenderer: ChannelRenderer = {
  channel: "messenger",
  render(speech, context) {
    return renderSendApi(speech, context, RULES);
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
