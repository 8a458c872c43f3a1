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
  const ascii = asciiWords(text);
  if (ascii !== null) return ascii;
  const cleaned = text
    .normalize("NFKC")
    .replace(/^\s*\/(\S+?)@\w+/, "$1")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  return cleaned === "" ? [] : cleaned.split(" ");
}

/**
 * `normalizeWords` of a plain ASCII text without a slash (almost every answer: "Ada",
 * "ada@example.com", "42", "STOP"), in one pass: such a text is its own NFKC form,
 * has no "/cmd@bot" and no ß, and its letters and digits are [A-Za-z0-9], so its words
 * are the runs of those, lower-cased. Null for any other text (the general path).
 */
function asciiWords(text: string): string[] | null {
  const words: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x80 || code === 0x2f) return null;
    if ((code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      words.push(text.slice(start, i).toLowerCase());
      start = -1;
    }
  }
  if (start >= 0) words.push(text.slice(start).toLowerCase());
  return words;
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

/**
 * Every word of the given keyword lists: `matchesKeyword` can only be true for words of
 * which one is in this set (a keyword or phrase matches where its first word stands),
 * so most answers are ruled out with a lookup per word.
 */
export function keywordWordsOf(...lists: readonly (readonly Keyword[])[]): ReadonlySet<string> {
  const words = new Set<string>();
  for (const list of lists) for (const keyword of list) for (const word of keyword) words.add(word);
  return words;
}

export const OPT_OUT_PHRASE_WORDS: readonly Keyword[] = OPT_OUT_PHRASES.map(normalizeWords);
