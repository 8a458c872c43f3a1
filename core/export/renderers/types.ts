import type { Channel, Locale, WorkspaceLegal } from "../../flow";
import type { Adaptation, ChannelPayload, ChannelProfile } from "../schema";
import { pageOfButtons, type Speech } from "../text";

/** What every channel renderer needs besides the step. */
export interface RenderContext {
  locale: Locale;
  nodeId: string;
}

export interface RenderedSpeech {
  payloads: ChannelPayload[];
  adaptations: Adaptation[];
}

export interface ProfileContext {
  locale: Locale;
  legal: Pick<WorkspaceLegal, "impressumUrl" | "privacyPolicyUrl" | "controller">;
  optOutKeywords: readonly string[];
  privacyKeywords: readonly string[];
  impressumKeywords: readonly string[];
}

/** One file per channel: how a step becomes API request bodies, and the bot's profile. */
export interface ChannelRenderer {
  readonly channel: Channel;
  render(speech: Speech, context: RenderContext): RenderedSpeech;
  profile(context: ProfileContext): ChannelProfile;
}

/** Localised words of the channel profiles (menus, commands, list button). */
export const PROFILE_WORDS = {
  de: {
    privacy: "Datenschutz",
    impressum: "Impressum",
    optOut: "Abmelden",
    start: "Gespräch beginnen",
    greeting: (company: string) => `Automatischer Assistent von ${company} — kein Mensch.`,
    choose: "Auswählen",
    more: "Weitere Optionen …",
    pages: (count: number, pages: number, max: number) =>
      `${count} Optionen passen nicht in eine Auswahl (höchstens ${max}); sie werden auf ${pages} Seiten mit „Weitere Optionen …“ gezeigt.`,
    split: (parts: number) => `Der Text ist zu lang für eine Nachricht und wird in ${parts} Nachrichten geteilt.`,
    list: (count: number) => `${count} Optionen passen nicht als Antwort-Buttons; sie werden als Liste gesendet.`,
  },
  en: {
    privacy: "Privacy policy",
    impressum: "Legal notice",
    optOut: "Unsubscribe",
    start: "Start the conversation",
    greeting: (company: string) => `Automated assistant of ${company}, not a human.`,
    choose: "Choose",
    more: "More options …",
    pages: (count: number, pages: number, max: number) =>
      `${count} options do not fit one picker (at most ${max}); they are shown on ${pages} pages with "More options …".`,
    split: (parts: number) => `The text is too long for one message and is sent as ${parts} messages.`,
    list: (count: number) => `${count} options do not fit as reply buttons; they are sent as a list.`,
  },
} as const;

/** The buttons to show for the speech's page, and the adaptation note when the options were paged. */
export function pagedButtons(
  speech: Speech,
  max: number,
  context: RenderContext,
): { buttons: Speech["buttons"]; adaptations: Adaptation[] } {
  const words = PROFILE_WORDS[context.locale];
  const { buttons, pages } = pageOfButtons(speech.buttons, max, speech.page ?? 0, words.more);
  return {
    buttons,
    adaptations: pages > 1 ? [{ nodeId: context.nodeId, kind: "pages", message: words.pages(speech.buttons.length, pages, max) }] : [],
  };
}

/** The split adaptation note, or nothing when the text fit. */
export function splitNote(pieces: string[], context: RenderContext): Adaptation[] {
  return pieces.length > 1 ? [{ nodeId: context.nodeId, kind: "split", message: PROFILE_WORDS[context.locale].split(pieces.length) }] : [];
}
