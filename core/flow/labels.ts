import { formatParam, type StepRef } from "./messages";
import type { FlowNode, Locale } from "./schema";

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
 * A step as data for a message: type, id and a short quote of its title or text.
 * The catalogue words it the way a marketer knows it, e.g. `Nachricht „Willkommen…“`.
 */
export function stepRef(node: FlowNode): StepRef {
  return { kind: "step", id: node.id, type: node.type, quote: snippet(identifyingText(node)) };
}

/**
 * Names a step in a sentence: type label and a short quote. The step's id is not
 * repeated here: every diagnostic carries it in `nodeId`, and the editor shows the
 * step when the message is clicked.
 */
export function describeStep(node: FlowNode, locale: Locale): string {
  return String(formatParam(locale, stepRef(node)));
}
