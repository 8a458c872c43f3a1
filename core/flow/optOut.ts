import type { Locale } from "./schema";

/**
 * The opt-out keywords that work in every flow, whatever its settings list
 * (RULEBOOK `optOut.defined`): withdrawing must be as easy as consenting
 * (GDPR Art. 7(3)), and people type the words they know, not a custom code.
 * A flow's own keywords only add to these.
 */
export const STANDARD_OPT_OUT_KEYWORDS: Readonly<Record<Locale, readonly string[]>> = {
  de: ["STOP", "STOPP", "ABMELDEN"],
  en: ["STOP", "UNSUBSCRIBE"],
};

/** Every standard keyword of both languages: a German bot also hears "unsubscribe" and the other way round. */
export const ALL_STANDARD_OPT_OUT_KEYWORDS: readonly string[] = [...new Set(Object.values(STANDARD_OPT_OUT_KEYWORDS).flat())];

/** Whether a keyword has something a person can type as a word (letters or digits). */
export function isUsableKeyword(keyword: string): boolean {
  return /[\p{L}\p{N}]/u.test(keyword);
}

/**
 * The keywords a flow answers to, for exports and texts that name them: the flow's
 * own usable keywords in their order, then every standard keyword of its locale not
 * yet listed (compared without case), so "XQZ-UNSUB-9" never replaces STOP.
 */
export function activeOptOutKeywords(settings: { optOut: { keywords: readonly string[] } }, locale: Locale): string[] {
  const result: string[] = [];
  const seen = new Set<string>();
  const add = (keyword: string) => {
    const trimmed = keyword.trim();
    const key = trimmed.toUpperCase();
    if (!isUsableKeyword(trimmed) || seen.has(key)) return;
    seen.add(key);
    result.push(trimmed);
  };
  for (const keyword of settings.optOut.keywords) add(keyword);
  for (const keyword of STANDARD_OPT_OUT_KEYWORDS[locale]) add(keyword);
  return result;
}
