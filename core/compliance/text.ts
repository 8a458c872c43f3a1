import type { Locale } from "../flow";

/** Picks the text of the flow's locale; every message is written in both languages. */
export function say(locale: Locale, texts: { de: string; en: string }): string {
  return texts[locale];
}

const numberFormats: Record<Locale, Intl.NumberFormat> = {
  de: new Intl.NumberFormat("de-DE"),
  en: new Intl.NumberFormat("en-GB"),
};

/** A number as people write it in the locale (2.000 / 2,000). */
export function formatNumber(locale: Locale, value: number): string {
  return numberFormats[locale].format(value);
}

/** "a, b und c" / "a, b and c". */
export function joinList(locale: Locale, items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  const last = items[items.length - 1];
  return `${items.slice(0, -1).join(", ")} ${locale === "de" ? "und" : "and"} ${last}`;
}

/** Quotes a short text in the locale's style. */
export function quote(locale: Locale, text: string): string {
  return locale === "de" ? `„${text}“` : `"${text}"`;
}

/** Whether a URL is absolute https; never throws. */
export function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}
