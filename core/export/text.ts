import { fillCompany, replaceReferences, type Channel, type FlowNode, type Locale, type NodeData, type WorkspaceLegal } from "../flow";
import { pagesOf } from "../compliance/channelLimits";
import { botTexts, type Formality } from "./botTexts";
import type { ExportButton } from "./schema";

/** Payload of the Messenger/Instagram Get Started button and of the start command. */
export const GET_STARTED_PAYLOAD = "FLOWGUARD_GET_STARTED";
/** Payload of the "unsubscribe" menu entry; the runtime treats it like an opt-out keyword. */
export const OPT_OUT_PAYLOAD = "FLOWGUARD_OPT_OUT";
/** Payloads of the privacy and Impressum entries (Instagram ice breakers); answered like the keywords. */
export const PRIVACY_PAYLOAD = "FLOWGUARD_PRIVACY";
/** Prefix of the "more options" button of a paged choice: `FLOWGUARD_MORE:<page>`. */
export const MORE_PAYLOAD = "FLOWGUARD_MORE";
export const IMPRESSUM_PAYLOAD = "FLOWGUARD_IMPRESSUM";

/** What a step says when it is reached, before a channel renders it. */
export interface Speech {
  text: string;
  /** Buttons under the text; their ids are the step's output handles. */
  buttons: ExportButton[];
  /** For input steps: what is asked, so a channel can offer its own picker (Messenger email). */
  inputType: NodeData<"input">["inputType"] | null;
  /** Which page of options to show when a channel's picker holds fewer than the step has (from 0). */
  page?: number;
}

/**
 * The buttons of one page when a picker holds at most `max`: `max - 1` options and a
 * "more options" button that leads to the next page (the last page wraps to the first).
 */
export function pageOfButtons(
  buttons: ExportButton[],
  max: number,
  page: number,
  moreLabel: string,
): { buttons: ExportButton[]; pages: number } {
  if (buttons.length <= max) return { buttons, pages: 1 };
  const size = max - 1;
  const pages = pagesOf(buttons.length, max);
  const current = ((page % pages) + pages) % pages;
  return {
    buttons: [
      ...buttons.slice(current * size, current * size + size),
      { id: `${MORE_PAYLOAD}:${(current + 1) % pages}`, label: moreLabel },
    ],
    pages,
  };
}

/** A copy of a node with the controller's name in place of `{company}` in every text it shows. */
export function withCompanyFilled(node: FlowNode, company: string): FlowNode {
  const fill = (value: unknown) => (typeof value === "string" ? fillCompany(value, company) : value);
  const data: Record<string, unknown> = { ...node.data };
  for (const key of ["text", "notice", "resumeText", "withdrawalHint", "acceptLabel", "declineLabel"]) {
    if (key in data) data[key] = fill(data[key]);
  }
  if (node.type === "choice") {
    data.options = node.data.options.map((option) => ({ ...option, label: fillCompany(option.label, company) }));
  }
  return { ...node, data } as FlowNode;
}

/** Joins non-empty parts with a blank line. */
function paragraphs(...parts: (string | undefined)[]): string {
  return parts
    .map((part) => (part ?? "").trim())
    .filter((part) => part !== "")
    .join("\n\n");
}

/**
 * The exact text a consent step shows: the question and the withdrawal hint. Its
 * SHA-256 goes into every consent event, so the controller can prove what was asked.
 */
export function consentTextOf(node: Extract<FlowNode, { type: "consent" }>): string {
  return paragraphs(node.data.text, node.data.withdrawalHint);
}

/**
 * What the consent event's `textHash` covers: the text and both labels exactly as
 * shown, as a JSON array (unambiguous, whatever characters the labels contain).
 */
export function consentShownText(consent: { text: string; acceptLabel: string; declineLabel: string }): string {
  return JSON.stringify([consent.text, consent.acceptLabel, consent.declineLabel]);
}

/** Channels without a menu for the legal links: the privacy notice announces the keywords there. */
export const CHANNELS_WITHOUT_LEGAL_MENU: readonly Channel[] = ["whatsapp", "instagram"];

/** How a step's speech depends on where it is said. */
export interface SpeechContext {
  channel: Channel | null;
  locale: Locale;
  formality: Formality;
}

/** What a step sends when it is reached; null for silent steps. */
export function speechOf(node: FlowNode, legal: Pick<WorkspaceLegal, "privacyPolicyUrl">, context?: SpeechContext): Speech | null {
  switch (node.type) {
    case "botDisclosure":
    case "message":
      return { text: node.data.text, buttons: [], inputType: null };
    case "privacyNotice": {
      // The notice links the full privacy policy (GDPR Art. 13 in layers); where the
      // channel has no menu, it also says how to get the links later.
      const announce = context?.channel != null && CHANNELS_WITHOUT_LEGAL_MENU.includes(context.channel);
      const keywords = announce ? botTexts(context.locale, context.formality).legalKeywords : undefined;
      return { text: paragraphs(node.data.text, sentUrl(legal.privacyPolicyUrl), keywords), buttons: [], inputType: null };
    }
    case "consent":
      return {
        text: consentTextOf(node),
        buttons: [
          { id: "accept", label: node.data.acceptLabel },
          { id: "decline", label: node.data.declineLabel },
        ],
        inputType: null,
      };
    case "choice":
      return {
        text: node.data.text,
        buttons: node.data.options.map((option) => ({ id: option.id, label: option.label })),
        inputType: null,
      };
    case "input":
      return { text: node.data.text, buttons: [], inputType: node.data.inputType };
    case "handoff":
      return { text: node.data.notice, buttons: [], inputType: null };
    case "end":
      return node.data.text && node.data.text.trim() !== "" ? { text: node.data.text, buttons: [], inputType: null } : null;
    default:
      return null;
  }
}

/** Sentence-end splitting lives with the limits, so `channel.limits` counts the same pieces the renderers send. */
export { splitText } from "../compliance/channelLimits";

/** Longest value a variable may contribute to a message; longer answers are cut. */
export const MAX_VARIABLE_LENGTH = 500;

/**
 * Fills `{{name}}` with the variable's value in one pass: a value that itself looks
 * like `{{other}}` stays literal, so user input never expands into more text.
 * Control characters are removed; unknown variables become empty. The result is
 * plain text: renderers send no markup mode, so a value cannot add formatting,
 * links with hidden targets, buttons or payloads.
 */
export function substituteVariables(text: string, variables: Readonly<Record<string, string>>): string {
  return replaceReferences(text, (name) => sanitizeValue(Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : ""));
}

/**
 * A link as it stands in a message the bot fills variables into: braces percent-encoded
 * (the same address), so `…?v={{x}}` in a link cannot take a value the user typed.
 */
export function sentUrl(url: string): string {
  return url.replace(/[{}]/g, (brace) => (brace === "{" ? "%7B" : "%7D"));
}

/** Plain text of a user's answer as it may appear in a message. */
export function sanitizeValue(value: string): string {
  const cleaned = value.replace(/[\u0000-\u0008\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/g, "");
  return cleaned.length > MAX_VARIABLE_LENGTH ? `${cleaned.slice(0, MAX_VARIABLE_LENGTH)}…` : cleaned;
}
