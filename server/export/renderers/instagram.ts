import { CHANNEL_LIMITS, countUtf8Bytes } from "../../compliance/channelLimits";
import { GET_STARTED_PAYLOAD, OPT_OUT_PAYLOAD, splitText, type Speech } from "../text";
import type { ChannelPayload } from "../schema";
import { quickRepliesOf } from "./messenger";
import { PROFILE_WORDS, splitNote, type ChannelRenderer, type RenderContext } from "./types";

const LIMITS = CHANNEL_LIMITS.instagram;

/** Instagram Messaging: text counted in UTF-8 bytes (1,000), text quick replies only. */
export const instagramRenderer: ChannelRenderer = {
  channel: "instagram",
  render(speech: Speech, context: RenderContext) {
    const pieces = splitText(speech.text, LIMITS.text.max, countUtf8Bytes);
    const quickReplies = quickRepliesOf(speech, false);
    const payloads: ChannelPayload[] = pieces.map((text, i) => ({
      messaging_type: "RESPONSE",
      message: i === pieces.length - 1 && quickReplies ? { text, quick_replies: quickReplies } : { text },
    }));
    return { payloads, adaptations: splitNote(pieces, context) };
  },
  profile(context) {
    const words = PROFILE_WORDS[context.locale];
    return {
      channel: "instagram",
      get_started: { payload: GET_STARTED_PAYLOAD },
      ice_breakers: [
        { question: words.start, payload: GET_STARTED_PAYLOAD },
        { question: words.optOut, payload: OPT_OUT_PAYLOAD },
      ],
    };
  },
};
