import { CHANNEL_LIMITS, countUtf8Bytes } from "../../compliance/channelLimits";
import { GET_STARTED_PAYLOAD, IMPRESSUM_PAYLOAD, OPT_OUT_PAYLOAD, PRIVACY_PAYLOAD } from "../text";
import { renderSendApi, type SendApiRules } from "./sendApi";
import { PROFILE_WORDS, type ChannelRenderer } from "./types";

const RULES: SendApiRules = {
  maxText: CHANNEL_LIMITS.instagram.text.max,
  measure: countUtf8Bytes,
  pickers: false,
  maxQuickReplies: CHANNEL_LIMITS.instagram.quickReplies.max,
};

/** Instagram Messaging: text counted in UTF-8 bytes (1,000), text quick replies only. */
export const instagramRenderer: ChannelRenderer = {
  channel: "instagram",
  render(speech, context) {
    return renderSendApi(speech, context, RULES);
  },
  profile(context) {
    const words = PROFILE_WORDS[context.locale];
    return {
      channel: "instagram",
      get_started: { payload: GET_STARTED_PAYLOAD },
      ice_breakers: [
        // Instagram has no persistent menu: the legal links are ice breakers (and keywords the privacy notice announces).
        { question: words.start, payload: GET_STARTED_PAYLOAD },
        { question: words.privacy, payload: PRIVACY_PAYLOAD },
        { question: words.impressum, payload: IMPRESSUM_PAYLOAD },
        { question: words.optOut, payload: OPT_OUT_PAYLOAD },
      ],
    };
  },
};
