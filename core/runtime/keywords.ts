import { ALL_STANDARD_OPT_OUT_KEYWORDS } from "../flow/optOut";

/**
 * Tolerant keyword matching for the words that must work from every state (opt-out,
 * legal links). People write "Stop.", "stopp bitte", "ABMELDEN!", "/stop@MyBot" or
 * "Bitte keine Nachrichten mehr"; a longer sentence that merely contains the word
 * ("ich kann nicht aufhören, stop zu sagen, wenn …") is an answer, not a command.
 */

/**
 * Always active, whatever the flow or an older export lists (RULEBOOK `optOut.defined`:
 * custom keywords only add to these), in both languages.
 */
export const STANDARD_OPT_OUT_KEYWORDS: readonly string[] = ALL_STANDARD_OPT_OUT_KEYWORDS;

/** Other words allowed around a keyword ("stopp bitte", "please stop now"). */
export const MAX_WORDS_AROUND_KEYWORD = 3;

/**
 * Sentences that mean "stop writing to me" without a keyword, in both languages:
 * a German bot also hears English and the other way round.
 */
export const OPT_OUT_PHRASES: readonly string[] = [
  "keine nachrichten mehr",
  "keine werbung mehr",
  "nicht mehr schreiben",
  "nicht mehr anschreiben",
  "no more messages",
  "stop messaging me",
  "stop sending messages",
  "stop writing to me",
];

/** Lower case, letters and digits only, single spaces; a Telegram `/cmd@bot` loses its bot name. */
export function normalizeWords(text: string): string[] {
  const cleaned = text
    .normalize("NFKC")
    .replace(/^\s*\/(\S+?)@\w+/, "$1")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  return cleaned === "" ? [] : cleaned.split(" ");
}

/** A keyword as a word list ("unsubscribe", "privacy policy"). */
export type Keyword = readonly string[];

export function keywordOf(text: string): Keyword {
  return normalizeWords(text);
}

function indexOfSequence(words: readonly string[], sequence: Keyword): number {
  outer: for (let i = 0; i + sequence.length <= words.length; i++) {
    for (let k = 0; k < sequence.length; k++) if (words[i + k] !== sequence[k]) continue outer;
    return i;
  }
  return -1;
}

/**
 * Whether `words` (from `normalizeWords`) is one of the keywords with at most
 * `MAX_WORDS_AROUND_KEYWORD` other words around it, or contains one of `phrases`
 * with as few words around it.
 */
export function matchesKeyword(words: readonly string[], keywords: readonly Keyword[], phrases: readonly Keyword[] = []): boolean {
  if (words.length === 0) return false;
  for (const keyword of keywords) {
    if (keyword.length === 0 || words.length - keyword.length > MAX_WORDS_AROUND_KEYWORD) continue;
    if (indexOfSequence(words, keyword) >= 0) return true;
  }
  for (const phrase of phrases) {
    if (words.length - phrase.length > MAX_WORDS_AROUND_KEYWORD) continue;
    if (indexOfSequence(words, phrase) >= 0) return true;
  }
  return false;
}

export const OPT_OUT_PHRASE_WORDS: readonly Keyword[] = OPT_OUT_PHRASES.map(normalizeWords);
