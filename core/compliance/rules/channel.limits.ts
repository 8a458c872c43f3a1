import { term, textsOf, type Channel, type FlowNode, type MessageParams, type TermRef } from "../../flow";
import {
  CHANNEL_LIMITS,
  CHANNEL_NAMES,
  countCharacters,
  countUtf8Bytes,
  exceedsBy,
  pagesOf,
  splitText,
  type ChannelLimit,
} from "../channelLimits";
import type { Diagnostic, Rule, RuleContext } from "../types";

/** One limit a field breaks on one channel. */
interface Breach {
  channel: Channel;
  /** What the platform calls the element (a key of `ELEMENTS`). */
  element: string;
  limit: ChannelLimit;
  actual: number;
  /**
   * How the exporter adapts safely, when it can: a text sent as `parts` messages split
   * at sentence (or word) ends, or options shown on `pages` pages with "more options".
   * Adapted breaches are warnings; the rest (labels, ids) are impossible to send: errors.
   */
  adapted?: { parts: number } | { pages: number };
}

/** What each platform element is called, as catalogue keys under `channel.limits.elements`. */
const ELEMENTS = {
  text: "text",
  body: "body",
  quickReplies: "quickReplies",
  quickReplyTitle: "quickReplyTitle",
  payload: "payload",
  replyButtonTitle: "replyButtonTitle",
  replyButtonId: "replyButtonId",
  listRows: "listRows",
  listRowTitle: "listRowTitle",
  listRowId: "listRowId",
  callbackData: "callbackData",
} as const;

/** A button as the limits see it: what it sends back and what it shows. */
interface Button {
  readonly id: string;
  readonly label: string;
}

/** Buttons of a step: choice options (read in place), or consent's yes/no. */
function buttonsOf(node: FlowNode): readonly Button[] | null {
  if (node.type === "choice") return node.data.options;
  if (node.type === "consent") {
    return [
      { id: "accept", label: node.data.acceptLabel },
      { id: "decline", label: node.data.declineLabel },
    ];
  }
  return null;
}

/**
 * Collects breaches per field for one step. A class rather than closures: this runs
 * for every step and channel, and per-call closures showed up in profiles.
 */
class BreachCollector {
  breaches: Map<string, Breach[]> | null = null;
  channel: Channel = "messenger";
  /** The limits of every channel, looked up once per check rather than per step and channel. */
  readonly limits = CHANNEL_LIMITS;

  add(field: string, breach: Breach): void {
    this.breaches ??= new Map();
    const list = this.breaches.get(field);
    if (list) list.push(breach);
    else this.breaches.set(field, [breach]);
  }

  /**
   * A text the exporter splits into several messages when it is too long for one;
   * `field` is the name under `data` (the document path is only built for a breach).
   */
  text(field: string, value: string, limit: ChannelLimit, element: Breach["element"]): void {
    const actual = exceedsBy(value, limit);
    if (actual === 0) return;
    const parts = splitText(value, limit.max, limit.unit === "bytes" ? countUtf8Bytes : countCharacters).length;
    this.add(`data.${field}`, { channel: this.channel, element, limit, actual, adapted: { parts } });
  }

  /** A button's label or id; the field name is only built when the limit is broken. */
  button(node: FlowNode, index: number, part: "label" | "id", value: string, limit: ChannelLimit, element: Breach["element"]): void {
    const actual = exceedsBy(value, limit);
    if (actual > 0) this.add(buttonField(node, index, part), { channel: this.channel, element, limit, actual });
  }

  /** Options beyond what a picker holds, which the exporter shows on pages. */
  count(field: string, actual: number, limit: ChannelLimit, element: Breach["element"]): void {
    if (actual > limit.max)
      this.add(field, { channel: this.channel, element, limit, actual, adapted: { pages: pagesOf(actual, limit.max) } });
  }
}

/**
 * Checks one step against one channel; how a step maps to platform elements is the
 * exporters' mapping: buttons become quick replies on Messenger and Instagram, reply
 * buttons (up to 3) or a list (4–10) on WhatsApp, an inline keyboard on Telegram.
 */
function checkStep(
  node: FlowNode,
  texts: { field: string; text: string }[],
  buttons: readonly Button[] | null,
  channel: Channel,
  out: BreachCollector,
): void {
  out.channel = channel;
  switch (channel) {
    case "messenger": {
      const limits = out.limits.messenger;
      for (const { field, text } of texts) out.text(field, text, limits.text, ELEMENTS.text);
      if (buttons) {
        out.count("data.options", buttons.length, limits.quickReplies, ELEMENTS.quickReplies);
        for (let k = 0; k < buttons.length; k++) {
          out.button(node, k, "label", buttons[k].label, limits.quickReplyTitle, ELEMENTS.quickReplyTitle);
          out.button(node, k, "id", buttons[k].id, limits.postbackPayload, ELEMENTS.payload);
        }
      }
      break;
    }
    case "whatsapp": {
      const limits = out.limits.whatsapp;
      const asList = buttons !== null && buttons.length > limits.replyButtons.max;
      for (const { field, text } of texts) {
        // The question of a step with buttons becomes the body of an interactive message.
        const interactive = buttons !== null && field === "text";
        out.text(field, text, interactive ? limits.interactiveBody : limits.text, interactive ? ELEMENTS.body : ELEMENTS.text);
      }
      if (buttons) {
        out.count("data.options", buttons.length, limits.listRows, ELEMENTS.listRows);
        for (let k = 0; k < buttons.length; k++) {
          if (asList) {
            out.button(node, k, "label", buttons[k].label, limits.listRowTitle, ELEMENTS.listRowTitle);
            out.button(node, k, "id", buttons[k].id, limits.listRowId, ELEMENTS.listRowId);
          } else {
            out.button(node, k, "label", buttons[k].label, limits.replyButtonTitle, ELEMENTS.replyButtonTitle);
            out.button(node, k, "id", buttons[k].id, limits.replyButtonId, ELEMENTS.replyButtonId);
          }
        }
      }
      break;
    }
    case "telegram": {
      const limits = out.limits.telegram;
      for (const { field, text } of texts) out.text(field, text, limits.text, ELEMENTS.text);
      if (buttons) {
        for (let k = 0; k < buttons.length; k++) {
          out.button(node, k, "id", buttons[k].id, limits.callbackData, ELEMENTS.callbackData);
        }
      }
      break;
    }
    case "instagram": {
      const limits = out.limits.instagram;
      for (const { field, text } of texts) out.text(field, text, limits.text, ELEMENTS.text);
      if (buttons) {
        out.count("data.options", buttons.length, limits.quickReplies, ELEMENTS.quickReplies);
        for (let k = 0; k < buttons.length; k++) {
          out.button(node, k, "label", buttons[k].label, limits.quickReplyTitle, ELEMENTS.quickReplyTitle);
        }
      }
      break;
    }
  }
}

/**
 * The longest text, button label and button id, and the most buttons, that fit every
 * limit `checkStep` applies on every channel: a length in UTF-16 units is at least the
 * number of code points and at least a third of the UTF-8 bytes, so a field within
 * these bounds breaks no limit anywhere and needs no per-channel check.
 */
function safeLength(limits: readonly ChannelLimit[]): number {
  return Math.min(...limits.map((limit) => (limit.unit === "bytes" ? Math.floor(limit.max / 3) : limit.max)));
}
const { messenger, whatsapp, telegram, instagram } = CHANNEL_LIMITS;
const SAFE_TEXT = safeLength([messenger.text, whatsapp.text, whatsapp.interactiveBody, telegram.text, instagram.text]);
const SAFE_LABEL = safeLength([messenger.quickReplyTitle, whatsapp.replyButtonTitle, whatsapp.listRowTitle, instagram.quickReplyTitle]);
const SAFE_ID = safeLength([messenger.postbackPayload, whatsapp.replyButtonId, whatsapp.listRowId, telegram.callbackData]);
const SAFE_BUTTONS = Math.min(messenger.quickReplies.max, whatsapp.listRows.max, instagram.quickReplies.max);

/**
 * Whether every text and button of a step is within the safe bounds above (almost
 * every step is): then no channel's limits need to be looked at, and nothing is allocated.
 * Reads the same fields as `textsOf` and `buttonsOf`.
 */
function fitsEveryChannel(node: FlowNode): boolean {
  switch (node.type) {
    case "botDisclosure":
    case "privacyNotice":
    case "message":
    case "input":
      return node.data.text.length <= SAFE_TEXT;
    case "choice": {
      const options = node.data.options;
      if (node.data.text.length > SAFE_TEXT || options.length > SAFE_BUTTONS) return false;
      for (let k = 0; k < options.length; k++) {
        if (options[k].label.length > SAFE_LABEL || options[k].id.length > SAFE_ID) return false;
      }
      return true;
    }
    case "consent":
      return (
        node.data.text.length <= SAFE_TEXT &&
        node.data.withdrawalHint.length <= SAFE_TEXT &&
        node.data.acceptLabel.length <= SAFE_LABEL &&
        node.data.declineLabel.length <= SAFE_LABEL &&
        "accept".length <= SAFE_ID &&
        "decline".length <= SAFE_ID
      );
    case "handoff":
      return node.data.notice.length <= SAFE_TEXT && node.data.resumeText.length <= SAFE_TEXT;
    case "end":
      return !node.data.text || node.data.text.length <= SAFE_TEXT;
    default:
      return true;
  }
}

/** The document field of a button: `data.options[2].label`, `data.acceptLabel`. */
function buttonField(node: FlowNode, index: number, part: "label" | "id"): string {
  if (node.type === "consent") return index === 0 ? "data.acceptLabel" : "data.declineLabel";
  return `data.options[${index}].${part}`;
}

/** The field as message data: an option by its label, else the field's name in the catalogue. */
function describeField(node: FlowNode, field: string): TermRef {
  const option = /^data\.options\[(\d+)\]\.(label|id)$/.exec(field);
  if (option && node.type === "choice") {
    const label = node.data.options[Number(option[1])]?.label ?? "";
    const short = label.length > 24 ? `${label.slice(0, 24)}…` : label;
    return term(option[2] === "id" ? "channel.limits.fields.optionId" : "channel.limits.fields.option", { label: short });
  }
  return term(`channel.limits.fields.${field.replace(/^data\./, "")}`, undefined, field);
}

function explain(context: RuleContext, node: FlowNode, field: string, breaches: Breach[]): MessageParams {
  const step = context.describe(node);
  const adapted = breaches.every((breach) => breach.adapted !== undefined);
  if (adapted && field === "data.options") {
    const pages = breaches.map((breach) =>
      term("channel.limits.adapted.pages", {
        channel: CHANNEL_NAMES[breach.channel],
        pages: "pages" in breach.adapted! ? breach.adapted.pages : 1,
        element: term(`channel.limits.elements.${breach.element}`),
        max: breach.limit.max,
      }),
    );
    return { shape: "pages", step, actual: breaches[0].actual, adaptations: pages };
  }
  const parts = breaches.map((breach) =>
    term("channel.limits.breach", {
      channel: CHANNEL_NAMES[breach.channel],
      element: term(`channel.limits.elements.${breach.element}`),
      max: breach.limit.max,
      unit: term(`units.${breach.limit.unit}`),
    }),
  );
  if (field === "data.options") return { shape: "options", step, actual: breaches[0].actual, breaches: parts };
  const sizes = new Map<string, TermRef>();
  for (const breach of breaches) {
    sizes.set(
      `${breach.actual} ${breach.limit.unit}`,
      term("channel.limits.size", { actual: breach.actual, unit: term(`units.${breach.limit.unit}`) }),
    );
  }
  if (adapted) {
    const splits = breaches.map((breach) =>
      term("channel.limits.adapted.split", {
        channel: CHANNEL_NAMES[breach.channel],
        parts: "parts" in breach.adapted! ? breach.adapted.parts : 1,
        max: breach.limit.max,
        unit: term(`units.${breach.limit.unit}`),
      }),
    );
    return { shape: "split", step, field: describeField(node, field), sizes: [...sizes.values()], adaptations: splits };
  }
  return { shape: "text", step, field: describeField(node, field), sizes: [...sizes.values()], breaches: parts };
}

/**
 * Texts, buttons and ids fit every target channel (limits in `channelLimits.ts`).
 * One diagnostic per step and field, naming every channel and limit it breaks. What
 * the exporters adapt safely (a long text split into several messages, more options
 * than a picker holds shown on pages) is a warning naming the adaptation, so neither
 * publishing nor another channel's export is blocked by it; a label or id that no
 * adaptation can send stays an error.
 */
export const channelLimits: Rule = {
  id: "channel.limits",
  severity: "error",
  needsLegal: false,
  basis: "platform APIs",
  check(context) {
    const channels = context.document.channels;
    if (channels.length === 0) return [];
    const diagnostics: Diagnostic[] = [];
    const collector = new BreachCollector();
    for (const node of context.graph.nodes) {
      if (fitsEveryChannel(node)) continue;
      const texts = textsOf(node);
      const buttons = buttonsOf(node);
      if (texts.length === 0 && buttons === null) continue;
      collector.breaches = null;
      for (const channel of channels) checkStep(node, texts, buttons, channel, collector);
      if (collector.breaches === null) continue;
      for (const [field, list] of collector.breaches as Map<string, Breach[]>) {
        diagnostics.push({
          rule: this.id,
          severity: list.every((breach) => breach.adapted !== undefined) ? "warning" : this.severity,
          nodeId: node.id,
          params: explain(context, node, field, list),
        });
      }
    }
    return diagnostics;
  },
};
