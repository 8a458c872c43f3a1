import { textsOf, type Channel, type FlowNode, type Locale } from "../../flow";
import { CHANNEL_LIMITS, CHANNEL_NAMES, LIMIT_UNIT_NAMES, exceedsBy, type ChannelLimit } from "../channelLimits";
import { formatNumber, quote } from "../text";
import type { Diagnostic, Rule, RuleContext } from "../types";

/** One limit a field breaks on one channel. */
interface Breach {
  channel: Channel;
  /** What the platform calls the element ("text messages", "list rows"). */
  element: { de: string; en: string };
  limit: ChannelLimit;
  actual: number;
}

const ELEMENTS = {
  text: { de: "Textnachrichten", en: "text messages" },
  body: { de: "den Text interaktiver Nachrichten", en: "interactive message bodies" },
  quickReplies: { de: "Schnellantworten", en: "quick replies" },
  quickReplyTitle: { de: "Schnellantwort-Beschriftungen", en: "quick reply titles" },
  payload: { de: "Button-Daten", en: "button payloads" },
  replyButtonTitle: { de: "Antwort-Buttons", en: "reply button titles" },
  replyButtonId: { de: "Button-IDs", en: "button ids" },
  listRows: { de: "Listennachrichten", en: "list messages" },
  listRowTitle: { de: "Listeneinträge", en: "list row titles" },
  listRowId: { de: "IDs von Listeneinträgen", en: "list row ids" },
  callbackData: { de: "Button-Daten (callback_data)", en: "button data (callback_data)" },
} as const;

/** Buttons of a step: choice options, or consent's yes/no. */
function buttonsOf(node: FlowNode): { id: string; label: string }[] | null {
  if (node.type === "choice") return node.data.options.map((option) => ({ id: option.id, label: option.label }));
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

  add(field: string, breach: Breach): void {
    this.breaches ??= new Map();
    const list = this.breaches.get(field);
    if (list) list.push(breach);
    else this.breaches.set(field, [breach]);
  }

  text(field: string, value: string, limit: ChannelLimit, element: Breach["element"]): void {
    const actual = exceedsBy(value, limit);
    if (actual > 0) this.add(field, { channel: this.channel, element, limit, actual });
  }

  /** A button's label or id; the field name is only built when the limit is broken. */
  button(node: FlowNode, index: number, part: "label" | "id", value: string, limit: ChannelLimit, element: Breach["element"]): void {
    const actual = exceedsBy(value, limit);
    if (actual > 0) this.add(buttonField(node, index, part), { channel: this.channel, element, limit, actual });
  }

  count(field: string, actual: number, limit: ChannelLimit, element: Breach["element"]): void {
    if (actual > limit.max) this.add(field, { channel: this.channel, element, limit, actual });
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
  buttons: { id: string; label: string }[] | null,
  channel: Channel,
  out: BreachCollector,
): void {
  out.channel = channel;
  switch (channel) {
    case "messenger": {
      const limits = CHANNEL_LIMITS.messenger;
      for (const { field, text } of texts) out.text(`data.${field}`, text, limits.text, ELEMENTS.text);
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
      const limits = CHANNEL_LIMITS.whatsapp;
      const asList = buttons !== null && buttons.length > limits.replyButtons.max;
      for (const { field, text } of texts) {
        // The question of a step with buttons becomes the body of an interactive message.
        const interactive = buttons !== null && field === "text";
        out.text(`data.${field}`, text, interactive ? limits.interactiveBody : limits.text, interactive ? ELEMENTS.body : ELEMENTS.text);
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
      const limits = CHANNEL_LIMITS.telegram;
      for (const { field, text } of texts) out.text(`data.${field}`, text, limits.text, ELEMENTS.text);
      if (buttons) {
        for (let k = 0; k < buttons.length; k++) {
          out.button(node, k, "id", buttons[k].id, limits.callbackData, ELEMENTS.callbackData);
        }
      }
      break;
    }
    case "instagram": {
      const limits = CHANNEL_LIMITS.instagram;
      for (const { field, text } of texts) out.text(`data.${field}`, text, limits.text, ELEMENTS.text);
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

/** The document field of a button: `data.options[2].label`, `data.acceptLabel`. */
function buttonField(node: FlowNode, index: number, part: "label" | "id"): string {
  if (node.type === "consent") return index === 0 ? "data.acceptLabel" : "data.declineLabel";
  return `data.options[${index}].${part}`;
}

function describeField(node: FlowNode, field: string, locale: Locale): string {
  const option = /^data\.options\[(\d+)\]\.(label|id)$/.exec(field);
  if (option && node.type === "choice") {
    const label = node.data.options[Number(option[1])]?.label ?? "";
    const which = quote(locale, label.length > 24 ? `${label.slice(0, 24)}…` : label);
    if (option[2] === "id") return locale === "de" ? `die ID der Option ${which}` : `the id of option ${which}`;
    return locale === "de" ? `die Option ${which}` : `the option ${which}`;
  }
  const names: Record<string, { de: string; en: string }> = {
    "data.text": { de: "der Text", en: "the text" },
    "data.withdrawalHint": { de: "der Widerrufshinweis", en: "the withdrawal hint" },
    "data.notice": { de: "der Übergabehinweis", en: "the handoff notice" },
    "data.resumeText": { de: "der Text zur Rückkehr des Bots", en: "the text when the bot resumes" },
    "data.acceptLabel": { de: "die Beschriftung „Ja“", en: 'the "yes" label' },
    "data.declineLabel": { de: "die Beschriftung „Nein“", en: 'the "no" label' },
    "data.options": { de: "die Anzahl der Optionen", en: "the number of options" },
  };
  return names[field]?.[locale] ?? field;
}

function explain(context: RuleContext, node: FlowNode, field: string, breaches: Breach[]): string {
  const locale = context.locale;
  const de = locale === "de";
  const step = context.describe(node);
  const parts = breaches.map((breach) => {
    const unit = LIMIT_UNIT_NAMES[locale][breach.limit.unit];
    const max = formatNumber(locale, breach.limit.max);
    return de
      ? `${CHANNEL_NAMES[breach.channel]} erlaubt für ${breach.element.de} höchstens ${max} ${unit}`
      : `${CHANNEL_NAMES[breach.channel]} allows at most ${max} ${unit} for ${breach.element.en}`;
  });
  const actual = formatNumber(locale, breaches[0].actual);
  if (field === "data.options") {
    return de
      ? `${step} hat ${actual} Optionen, aber ${parts.join("; ")}. Verwende weniger Optionen oder teile die Auswahl auf.`
      : `${step} has ${actual} options, but ${parts.join("; ")}. Use fewer options or split the choice.`;
  }
  const what = describeField(node, field, locale);
  const sizes = breaches.map((breach) => `${formatNumber(locale, breach.actual)} ${LIMIT_UNIT_NAMES[locale][breach.limit.unit]}`);
  const measured = [...new Set(sizes)].join(de ? " bzw. " : " or ");
  return de
    ? `${step}: ${what} ist mit ${measured} zu lang — ${parts.join("; ")}. Kürzen Sie ihn.`
    : `${step}: ${what} is too long at ${measured} — ${parts.join("; ")}. Shorten it.`;
}

/**
 * Texts, buttons and ids fit every target channel (limits in `channelLimits.ts`).
 * One diagnostic per step and field, naming every channel and limit it breaks.
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
      const texts = textsOf(node);
      const buttons = buttonsOf(node);
      if (texts.length === 0 && buttons === null) continue;
      collector.breaches = null;
      for (const channel of channels) checkStep(node, texts, buttons, channel, collector);
      if (collector.breaches === null) continue;
      for (const [field, list] of collector.breaches as Map<string, Breach[]>) {
        diagnostics.push({
          rule: this.id,
          severity: this.severity,
          nodeId: node.id,
          message: explain(context, node, field, list),
        });
      }
    }
    return diagnostics;
  },
};
