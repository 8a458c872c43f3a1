import type { Channel } from "../flow";

/**
 * Published API limits per channel, as data: a changed limit is a one-line change.
 * Where a platform counts UTF-8 bytes the unit is `bytes`; `characters` counts
 * Unicode code points (what people see), `items` counts elements.
 * Shared by `channel.limits` and the channel exporters.
 */
export type LimitUnit = "characters" | "bytes" | "items";

export interface ChannelLimit {
  readonly max: number;
  readonly unit: LimitUnit;
  /** Least allowed value where the platform rejects empty values. */
  readonly min?: number;
}

export const CHANNEL_LIMITS = {
  messenger: {
    source: "Meta Messenger Platform, Send API reference: text, quick replies, button and generic templates",
    text: { max: 2000, unit: "characters" },
    quickReplies: { max: 13, unit: "items" },
    quickReplyTitle: { max: 20, unit: "characters" },
    buttonTemplateText: { max: 640, unit: "characters" },
    buttons: { max: 3, unit: "items" },
    postbackTitle: { max: 20, unit: "characters" },
    postbackPayload: { max: 1000, unit: "characters" },
    genericElements: { max: 10, unit: "items" },
    genericTitle: { max: 80, unit: "characters" },
    genericSubtitle: { max: 80, unit: "characters" },
    persistentMenuItems: { max: 20, unit: "items" },
    iceBreakers: { max: 4, unit: "items" },
  },
  whatsapp: {
    source: "WhatsApp Business Cloud API reference: text and interactive (button, list) messages",
    text: { max: 4096, unit: "characters" },
    replyButtons: { max: 3, unit: "items" },
    replyButtonTitle: { max: 20, unit: "characters" },
    replyButtonId: { max: 256, unit: "characters" },
    interactiveBody: { max: 1024, unit: "characters" },
    interactiveFooter: { max: 60, unit: "characters" },
    interactiveHeader: { max: 60, unit: "characters" },
    listSections: { max: 10, unit: "items" },
    listRows: { max: 10, unit: "items" },
    listRowTitle: { max: 24, unit: "characters" },
    listRowDescription: { max: 72, unit: "characters" },
    listRowId: { max: 200, unit: "characters" },
    listButton: { max: 20, unit: "characters" },
    listSectionTitle: { max: 20, unit: "characters" },
  },
  telegram: {
    source: "Telegram Bot API: sendMessage, captions, InlineKeyboardButton.callback_data",
    text: { max: 4096, min: 1, unit: "characters" },
    caption: { max: 1024, unit: "characters" },
    callbackData: { max: 64, min: 1, unit: "bytes" },
  },
  instagram: {
    source: "Instagram Messaging API (Messenger Platform): text and quick replies",
    text: { max: 1000, unit: "bytes" },
    quickReplies: { max: 13, unit: "items" },
    quickReplyTitle: { max: 20, unit: "characters" },
  },
} as const satisfies Record<Channel, { source: string } & Record<string, ChannelLimit | string>>;

export const CHANNEL_NAMES: Record<Channel, string> = {
  messenger: "Messenger",
  whatsapp: "WhatsApp",
  telegram: "Telegram",
  instagram: "Instagram",
};

/** Unicode code points of a string (emoji count once, as people see them). */
export function countCharacters(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** UTF-8 bytes of a string, without allocating an encoded copy. */
export function countUtf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The measured size of a text in a limit's unit, or 0 when it certainly fits.
 * A string of L UTF-16 units has at most L code points and at most 3L UTF-8 bytes,
 * so almost every text is decided without counting.
 */
export function exceedsBy(text: string, limit: ChannelLimit): number {
  if (limit.unit === "bytes") {
    if (text.length * 3 <= limit.max) return 0;
    const bytes = countUtf8Bytes(text);
    return bytes > limit.max ? bytes : 0;
  }
  if (text.length <= limit.max) return 0;
  const characters = countCharacters(text);
  return characters > limit.max ? characters : 0;
}

const SENTENCE_END = /[.!?…](?=\s)|\n/g;

/**
 * Whether a text fits `max` without counting, for the two measures of this file: it
 * has at most `length` code points and at most `3 × length` UTF-8 bytes.
 */
function certainlyFits(text: string, max: number, measure: (text: string) => number): boolean {
  if (measure === countCharacters) return text.length <= max;
  if (measure === countUtf8Bytes) return text.length * 3 <= max;
  return false;
}

/**
 * Splits a text into pieces of at most `max` (as `measure` counts), preferring
 * sentence ends, then spaces; a single overlong word is cut. Returns `[text]` when it
 * fits, so the common case allocates nothing new.
 */
export function splitText(text: string, max: number, measure: (text: string) => number): string[] {
  if (certainlyFits(text, max, measure) || measure(text) <= max) return [text];
  const pieces: string[] = [];
  let rest = text;
  while (measure(rest) > max) {
    let cut = -1;
    // The last sentence end that keeps the piece within the limit.
    for (const match of rest.matchAll(SENTENCE_END)) {
      const end = match.index + match[0].length;
      if (measure(rest.slice(0, end)) > max) break;
      cut = end;
    }
    if (cut <= 0) {
      for (let i = rest.lastIndexOf(" "); i > 0; i = rest.lastIndexOf(" ", i - 1)) {
        if (measure(rest.slice(0, i)) <= max) {
          cut = i;
          break;
        }
      }
    }
    if (cut <= 0) {
      // One word longer than the limit: cut it where it fits (by code points).
      cut = 0;
      for (const char of rest) {
        if (measure(rest.slice(0, cut + char.length)) > max) break;
        cut += char.length;
      }
      if (cut === 0) cut = rest.length;
    }
    const piece = rest.slice(0, cut).trim();
    if (piece !== "") pieces.push(piece);
    rest = rest.slice(cut).trim();
  }
  if (rest !== "") pieces.push(rest);
  return pieces;
}

/**
 * Pages a picker that holds at most `max` needs for `count` options: every page but
 * a single one gives its last place to the "more options" button.
 */
export function pagesOf(count: number, max: number): number {
  return count <= max ? 1 : Math.ceil(count / (max - 1));
}
