import {
  COMPANY_PLACEHOLDER,
  containsWords,
  hitsOf,
  lexiconReader,
  quoted,
  type LexiconHit,
  type LexiconKind,
  type LexiconReader,
  type QuoteRef,
  type TextReading,
} from "../flow";
import type { RuleContext } from "./types";

/**
 * Helpers of the content rules (rulebook version 2): they read what a step says with
 * the lexicons of the flow's locale, and name the words that triggered a finding.
 */

/** The words of a finding, each quoted in the reader's style. */
export function quotedWords(words: readonly string[]): QuoteRef[] {
  return words.map((word) => quoted(word));
}

/** A text of the flow read with its locale's lexicons. */
export function reading(context: RuleContext, text: string): TextReading {
  return context.lexicon.read(text);
}

/**
 * Whether a text names the controller: the `{company}` placeholder (filled in at
 * export) or the controller's name from the workspace's legal settings. Without legal
 * settings the name is unknown, so a text that does not use the placeholder cannot be
 * judged and passes (like the workspace rules, it is checked at publish and export).
 */
export function namesController(context: RuleContext, text: string): boolean {
  if (text.includes(COMPANY_PLACEHOLDER)) return true;
  if (context.legal === null) return true;
  const name = context.legal.controller.name.trim();
  return name !== "" && containsWords(reading(context, text), name);
}

/**
 * Hits of a kind in the flow's language or, failing that, the other one: a German bot
 * may well call itself "Bot" or "AI", and English flows quote German team names.
 * `sentAs: "literal"` reads a button label, which the bot sends with no variable filled in.
 */
export function hitsInEitherLanguage(
  context: RuleContext,
  text: string,
  kind: LexiconKind,
  sentAs: "filled" | "literal" = "filled",
): LexiconHit[] {
  const read = (lexicon: LexiconReader) => (sentAs === "literal" ? lexicon.readLiteral(text) : lexicon.read(text));
  const own = hitsOf(read(context.lexicon), kind);
  if (own.length > 0) return own;
  return hitsOf(read(lexiconReader(context.locale === "de" ? "en" : "de")), kind);
}
