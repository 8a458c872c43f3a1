import type { ChannelPayload } from "../schema";
import { splitText, type Speech } from "../text";
import { pagedButtons, splitNote, type RenderContext, type RenderedSpeech } from "./types";

/** What differs between the Meta platforms that speak the Send API (Messenger, Instagram). */
export interface SendApiRules {
  /** The longest text of one message, in the platform's own unit. */
  maxText: number;
  /** Measures text as the platform counts it: characters on Messenger, UTF-8 bytes on Instagram. */
  measure: (text: string) => number;
  /** Whether input steps get the platform's own email / phone pickers (Messenger only). */
  pickers: boolean;
  /** Most quick replies one message may carry. */
  maxQuickReplies: number;
}

/**
 * Quick replies for a step: its buttons (payload = the option id, as `channel.limits`
 * checks it), or the email / phone pickers for input steps when the platform has them.
 */
export function quickRepliesOf(speech: Speech, withPickers: boolean): Record<string, string>[] | undefined {
  if (speech.buttons.length > 0) return speech.buttons.map((button) => ({ content_type: "text", title: button.label, payload: button.id }));
  if (withPickers && speech.inputType === "email") return [{ content_type: "user_email" }];
  if (withPickers && speech.inputType === "phone") return [{ content_type: "user_phone_number" }];
  return undefined;
}

/** Send API message objects: text split at sentence ends past the limit, quick replies on the last. */
export function renderSendApi(speech: Speech, context: RenderContext, rules: SendApiRules): RenderedSpeech {
  const pieces = splitText(speech.text, rules.maxText, rules.measure);
  // More options than quick replies: pages with a "more options" reply (the runtime shows the next page).
  const paged = pagedButtons(speech, rules.maxQuickReplies, context);
  const quickReplies = quickRepliesOf({ ...speech, buttons: paged.buttons }, rules.pickers);
  const payloads: ChannelPayload[] = pieces.map((text, i) => ({
    messaging_type: "RESPONSE",
    message: i === pieces.length - 1 && quickReplies ? { text, quick_replies: quickReplies } : { text },
  }));
  return { payloads, adaptations: [...splitNote(pieces, context), ...paged.adaptations] };
}
