import de from "../../i18n/messages/de/runtime.json";
import en from "../../i18n/messages/en/runtime.json";
import type { Locale } from "../flow";

/** German texts address the user with "du" or "Sie" as the flow says; English has one form. */
export type Formality = "informal" | "formal";

type BotTexts = (typeof de)["runtime"]["informal"];

const CATALOGUES: Record<Locale, Record<Formality, BotTexts>> = { de: de.runtime, en: en.runtime };

/** The runtime's own sentences (not written in the flow) in the flow's language and form of address. */
export function botTexts(locale: Locale, formality: Formality): BotTexts {
  return CATALOGUES[locale][formality];
}

/** Fills `{name}` placeholders of a catalogue sentence. */
export function format(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
