import type { FlowNode, Locale, NodeType } from "./schema";

/** Step type names as a marketer sees them on the canvas. */
export const NODE_TYPE_LABELS: Record<Locale, Record<NodeType, string>> = {
  de: {
    start: "Start",
    botDisclosure: "Bot-Hinweis",
    privacyNotice: "Datenschutzhinweis",
    consent: "Einwilligung",
    message: "Nachricht",
    choice: "Auswahl",
    input: "Frage",
    condition: "Bedingung",
    delay: "Pause",
    handoff: "Übergabe an Menschen",
    webhook: "Daten senden (Webhook)",
    subscribe: "Newsletter-Anmeldung",
    end: "Ende",
  },
  en: {
    start: "Start",
    botDisclosure: "Bot disclosure",
    privacyNotice: "Privacy notice",
    consent: "Consent",
    message: "Message",
    choice: "Choice",
    input: "Question",
    condition: "Condition",
    delay: "Delay",
    handoff: "Handoff to a person",
    webhook: "Send data (webhook)",
    subscribe: "Newsletter sign-up",
    end: "End",
  },
};

const SNIPPET_LENGTH = 40;

/** Shortens a text for use inside a sentence, on a word boundary where possible. */
function snippet(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  if (flat.length <= SNIPPET_LENGTH) return flat;
  const cut = flat.slice(0, SNIPPET_LENGTH);
  const space = cut.lastIndexOf(" ");
  return `${(space > 20 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The text that best identifies a step for a person: its title, else its main text. */
function identifyingText(node: FlowNode): string {
  const data = node.data as Record<string, unknown>;
  if (typeof data.title === "string" && data.title.trim() !== "") return data.title;
  switch (node.type) {
    case "handoff":
      return node.data.notice;
    case "webhook":
      return node.data.processor;
    case "subscribe":
      return node.data.list;
    case "condition":
      return node.data.variable;
    case "start":
    case "delay":
      return "";
    default:
      return typeof data.text === "string" ? data.text : "";
  }
}

/**
 * Names a step in a sentence the way a marketer knows it: type label and a short
 * quote of its title or text, e.g. `Nachricht „Willkommen…“`. The step's id is
 * not repeated here: every diagnostic carries it in `nodeId`, and the editor
 * shows the step when the message is clicked.
 */
export function describeStep(node: FlowNode, locale: Locale): string {
  const label = NODE_TYPE_LABELS[locale][node.type];
  const text = snippet(identifyingText(node));
  if (text === "") return label;
  return locale === "de" ? `${label} „${text}“` : `${label} "${text}"`;
}
