import de from "./lexicons/de.json";
import en from "./lexicons/en.json";
import { NO_REFERENCES, referenceEnd, referencesIn } from "./references";
import { SPECIAL_CATEGORIES, type Locale, type SpecialCategory } from "./schema";

/**
 * Reads a flow's words with the lexicons of its language (`lexicons/{de,en}.json`).
 *
 * Texts are cut into words with their place in the original text (so a diagnostic can
 * quote the words as the marketer wrote them), normalised (lower case, ä/ö/ü/ß written
 * as ae/oe/ue/ss, accents dropped), and matched against every lexicon in one pass.
 * Each lexicon is compiled once per locale into hash maps keyed by the first word of a
 * pattern; the patterns a word can start are remembered per distinct word, so reading
 * a text costs one map lookup per word: linear in the text.
 */

/** What a lexicon says about the words it matches. */
export const LEXICON_KINDS = [
  "personal",
  "special",
  "advertising",
  "advertisingWeak",
  "advertisingGuard",
  "disclosure",
  "humanClaim",
  "human",
  "agreement",
  "refusal",
  "ambiguous",
  "dataRequest",
  "possessive",
  "privacyUse",
  "marketingPurpose",
  "otherUse",
] as const;
export type LexiconKind = (typeof LEXICON_KINDS)[number];

export interface Token {
  /** The normalised word. */
  readonly word: string;
  /** Where the word stands in the original text (UTF-16 offsets, end exclusive). */
  readonly start: number;
  readonly end: number;
  /** Index of the sentence the word belongs to. */
  readonly sentence: number;
  /** Index of the clause (sentences split at commas and dashes): a negation reaches no further. */
  readonly clause: number;
}

export interface LexiconHit {
  readonly kind: LexiconKind;
  /** For `special`: the Art. 9 category. */
  readonly category: SpecialCategory | null;
  /** For `personal`: the name of the data in consent texts ("E-Mail-Adresse"). */
  readonly label: string | null;
  /** First and last token of the match (inclusive). */
  readonly first: number;
  readonly last: number;
  /** The matched words as written in the original text. */
  readonly words: string;
  /** A negation word ("kein", "nicht", "not") stands just before the match in its sentence. */
  readonly negated: boolean;
}

export interface TextReading {
  readonly text: string;
  readonly tokens: readonly Token[];
  readonly hits: readonly LexiconHit[];
  /** Per sentence: whether it ends with a question mark. */
  readonly questions: readonly boolean[];
  /**
   * One bit per kind among `hits` (negated ones included; see `KIND_BITS`): most texts
   * hit few kinds, so asking for a kind they lack is answered without a scan.
   */
  readonly kinds: number;
  /**
   * The names of the text's `{{ name }}` references, left to right (`referencesIn`); for
   * an identifier's reading, those of its split words (none in practice).
   */
  readonly references: readonly string[];
}

/** The bit of each kind in `TextReading.kinds`: its place in `LEXICON_KINDS`. */
const KIND_BITS = Object.fromEntries(LEXICON_KINDS.map((kind, index) => [kind, 1 << index])) as Readonly<Record<LexiconKind, number>>;

/** Whether a reading has any hit of `kind`, negated or not. */
export function hasKind(reading: TextReading, kind: LexiconKind): boolean {
  return (reading.kinds & KIND_BITS[kind]) !== 0;
}

const enum WordKind {
  Exact,
  Prefix,
  Suffix,
  AnyWord,
  Number,
}

interface WordPattern {
  readonly kind: WordKind;
  readonly text: string;
}

interface Pattern {
  readonly kind: LexiconKind;
  readonly category: SpecialCategory | null;
  readonly label: string | null;
  readonly words: readonly WordPattern[];
}

interface LexiconData {
  personal: string[];
  special: Record<string, string[]>;
  advertising: string[];
  advertisingWeak: string[];
  advertisingGuards: string[];
  disclosure: string[];
  humanClaim: string[];
  human: string[];
  agreement: string[];
  refusal: string[];
  ambiguous: string[];
  dataRequest: string[];
  possessive: string[];
  negation: string[];
  privacyUse: string[];
  marketingPurpose: string[];
  /** Uses beyond a service a consent text may slip in: profiling, passing data on to others. */
  otherUse: string[];
}

const DATA: Record<Locale, LexiconData> = { de, en };

/** Words a negation may stand before the negated word ("kein echter Mensch", "not a human"). */
const NEGATION_WINDOW = 3;
/** Readings kept per locale; flows repeat their texts, and the editor re-validates on every change. */
const READING_CACHE_SIZE = 20_000;

const ASCII_WORD = /^[a-z0-9%]*$/;

/** Lower case, ä→ae, ö→oe, ü→ue, ß→ss, other accents dropped: "Gebühr" and "Gebuehr" are the same word. */
export function normaliseWord(word: string): string {
  const lower = word.toLowerCase();
  // Fast path: plain ASCII needs nothing else.
  if (ASCII_WORD.test(lower)) return lower;
  // Compatibility forms first (𝐑𝐚𝐛𝐚𝐭𝐭, Ｒａｂａｔｔ → Rabatt), then lower case, so styled letters read as plain ones;
  // Cyrillic and Greek look-alikes read as the Latin letters they imitate; invisible format characters
  // (zero-width space, soft hyphen) and accents do not split or change a word.
  const folded = word
    .normalize("NFKC")
    .toLowerCase()
    .replace(LOOK_ALIKE, (letter) => LOOK_ALIKES[letter] ?? letter);
  return folded
    .replace(/\p{Cf}/gu, "")
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/\p{M}/gu, "");
}

/**
 * Lower-case Cyrillic and Greek letters that look like Latin ones. The lexicons are German and
 * English, so reading them as Latin only ever lets a disguised word ("Rаbatt" with a Cyrillic а)
 * be found; it cannot hide one.
 */
const LOOK_ALIKES: Record<string, string> = {
  а: "a",
  в: "b",
  е: "e",
  ё: "e",
  к: "k",
  м: "m",
  н: "h",
  о: "o",
  р: "p",
  с: "c",
  т: "t",
  у: "y",
  х: "x",
  і: "i",
  ї: "i",
  ј: "j",
  ѕ: "s",
  ԁ: "d",
  ԛ: "q",
  ԝ: "w",
  һ: "h",
  ӏ: "l",
  α: "a",
  β: "b",
  ε: "e",
  η: "n",
  ι: "i",
  κ: "k",
  ν: "v",
  ο: "o",
  ρ: "p",
  τ: "t",
  υ: "u",
  χ: "x",
  γ: "y",
};
const LOOK_ALIKE = new RegExp(`[${Object.keys(LOOK_ALIKES).join("")}]`, "gu");

function parseWord(raw: string): WordPattern {
  if (raw === "*") return { kind: WordKind.AnyWord, text: "" };
  if (raw === "#") return { kind: WordKind.Number, text: "" };
  if (raw.length > 1 && raw.endsWith("*")) return { kind: WordKind.Prefix, text: normaliseWord(raw.slice(0, -1)) };
  if (raw.length > 1 && raw.startsWith("*")) return { kind: WordKind.Suffix, text: normaliseWord(raw.slice(1)) };
  return { kind: WordKind.Exact, text: normaliseWord(raw) };
}

function parsePattern(source: string, kind: LexiconKind, category: SpecialCategory | null = null): Pattern {
  const bar = source.indexOf("|");
  const body = bar === -1 ? source : source.slice(0, bar);
  const label = bar === -1 ? null : source.slice(bar + 1);
  const words = body
    .split(/\s+/)
    .filter((word) => word !== "")
    .map(parseWord);
  if (words.length === 0 || words[0].kind === WordKind.AnyWord) throw new Error(`Lexicon pattern "${source}" must start with a word`);
  return { kind, category, label, words };
}

const NUMBER = /^\d+(?:[.,]\d+)?$/;

function wordMatches(pattern: WordPattern, word: string): boolean {
  switch (pattern.kind) {
    case WordKind.Exact:
      return word === pattern.text;
    case WordKind.Prefix:
      return word.startsWith(pattern.text);
    case WordKind.Suffix:
      return word.endsWith(pattern.text);
    case WordKind.AnyWord:
      return true;
    case WordKind.Number:
      return NUMBER.test(word);
  }
}

/**
 * A locale's lexicons, looked up once for all the texts of a flow. Readings are
 * cached per text and per identifier, so reading a text again costs one map lookup.
 */
export interface LexiconReader {
  /** Reads a text. */
  read(text: string): TextReading;
  /** Reads a variable or list name split into words (see `identifierWords`). */
  readIdentifier(identifier: string): TextReading;
  /**
   * Reads a text the bot sends as it is, with no variable filled in (a button label):
   * its `{{ name }}` braces are words like the rest, and it has no references.
   */
  readLiteral(text: string): TextReading;
}

function appendAll(into: number[], list: readonly number[] | undefined): void {
  if (list !== undefined) for (let i = 0; i < list.length; i++) into.push(list[i]);
}

/** One locale's lexicons, compiled: patterns indexed by their first word. */
class CompiledLexicon implements LexiconReader {
  private readonly exact = new Map<string, number[]>();
  private readonly prefix = new Map<string, number[]>();
  private readonly suffix = new Map<string, number[]>();
  private readonly numberFirst: number[] = [];
  private readonly prefixLengths: number[];
  private readonly suffixLengths: number[];
  /** Per distinct word: the patterns whose first word it matches (memo). */
  private readonly startsByWord = new Map<string, readonly number[]>();
  readonly patterns: Pattern[] = [];
  readonly negation: ReadonlySet<string>;
  private readonly readings = new Map<string, TextReading>();
  /** Readings of identifiers (variable and list names), keyed by the identifier as written. */
  private readonly identifiers = new Map<string, TextReading>();
  /** Readings of texts sent as they are (`readLiteral`) that have a "{{". */
  private readonly literals = new Map<string, TextReading>();

  constructor(data: LexiconData) {
    const add = (sources: readonly string[], kind: LexiconKind, category: SpecialCategory | null = null) => {
      for (const source of sources) this.patterns.push(parsePattern(source, kind, category));
    };
    add(data.personal, "personal");
    for (const category of SPECIAL_CATEGORIES) add(data.special[category] ?? [], "special", category);
    add(data.advertising, "advertising");
    add(data.advertisingWeak, "advertisingWeak");
    add(data.advertisingGuards, "advertisingGuard");
    add(data.disclosure, "disclosure");
    add(data.humanClaim, "humanClaim");
    add(data.human, "human");
    add(data.agreement, "agreement");
    add(data.refusal, "refusal");
    add(data.ambiguous, "ambiguous");
    add(data.dataRequest, "dataRequest");
    add(data.possessive, "possessive");
    add(data.privacyUse, "privacyUse");
    add(data.marketingPurpose, "marketingPurpose");
    add(data.otherUse, "otherUse");
    this.negation = new Set(data.negation.map(normaliseWord));
    const prefixLengths = new Set<number>();
    const suffixLengths = new Set<number>();
    this.patterns.forEach((pattern, index) => {
      const first = pattern.words[0];
      const into = (map: Map<string, number[]>) => {
        const list = map.get(first.text);
        if (list) list.push(index);
        else map.set(first.text, [index]);
      };
      switch (first.kind) {
        case WordKind.Exact:
          into(this.exact);
          break;
        case WordKind.Prefix:
          into(this.prefix);
          prefixLengths.add(first.text.length);
          break;
        case WordKind.Suffix:
          into(this.suffix);
          suffixLengths.add(first.text.length);
          break;
        case WordKind.Number:
          this.numberFirst.push(index);
          break;
      }
    });
    this.prefixLengths = [...prefixLengths].sort((a, b) => a - b);
    this.suffixLengths = [...suffixLengths].sort((a, b) => a - b);
  }

  private startsOf(word: string): readonly number[] {
    let starts = this.startsByWord.get(word);
    if (starts !== undefined) return starts;
    const found: number[] = [];
    appendAll(found, this.exact.get(word));
    for (const length of this.prefixLengths) {
      if (length > word.length) break;
      appendAll(found, this.prefix.get(word.slice(0, length)));
    }
    for (const length of this.suffixLengths) {
      if (length > word.length) break;
      appendAll(found, this.suffix.get(word.slice(word.length - length)));
    }
    if (NUMBER.test(word)) appendAll(found, this.numberFirst);
    starts = found;
    // Bounded like the readings: a stream of unique words must not grow memory forever.
    if (this.startsByWord.size >= READING_CACHE_SIZE * 4) this.startsByWord.clear();
    this.startsByWord.set(word, starts);
    return starts;
  }

  read(text: string): TextReading {
    const cached = this.readings.get(text);
    if (cached !== undefined) return cached;
    const reading = this.readUncached(text);
    if (this.readings.size >= READING_CACHE_SIZE) this.readings.clear();
    this.readings.set(text, reading);
    return reading;
  }

  /** Reads an identifier split into words (cached per identifier, so it is split once). */
  readIdentifier(identifier: string): TextReading {
    const cached = this.identifiers.get(identifier);
    if (cached !== undefined) return cached;
    // Kept here only, so that a flow's variable names do not take the places of its texts.
    const reading = this.readUncached(identifierWords(identifier));
    if (this.identifiers.size >= READING_CACHE_SIZE) this.identifiers.clear();
    this.identifiers.set(identifier, reading);
    return reading;
  }

  readLiteral(text: string): TextReading {
    // Without a "{{" there is nothing to fill in: the text's reading is the same.
    if (text.indexOf("{{") === -1) return this.read(text);
    const cached = this.literals.get(text);
    if (cached !== undefined) return cached;
    const reading = this.readUncached(text, true);
    if (this.literals.size >= READING_CACHE_SIZE) this.literals.clear();
    this.literals.set(text, reading);
    return reading;
  }

  private readUncached(text: string, literal = false): TextReading {
    const tokens = tokenise(text, literal);
    const questions: boolean[] = tokens.questions;
    const words = tokens.tokens;
    const hits: LexiconHit[] = [];
    for (let i = 0; i < words.length; i++) {
      const starts = this.startsOf(words[i].word);
      for (const index of starts) {
        const pattern = this.patterns[index];
        const last = i + pattern.words.length - 1;
        if (last >= words.length || words[last].sentence !== words[i].sentence) continue;
        let matches = true;
        for (let k = 1; k < pattern.words.length && matches; k++) matches = wordMatches(pattern.words[k], words[i + k].word);
        if (!matches) continue;
        hits.push({
          kind: pattern.kind,
          category: pattern.category,
          label: pattern.label,
          first: i,
          last,
          words: text.slice(words[i].start, words[last].end),
          negated: this.isNegated(words, i),
        });
      }
    }
    const merged = mergeOverlapping(hits, text, words);
    let kinds = 0;
    for (let i = 0; i < merged.length; i++) kinds |= KIND_BITS[merged[i].kind];
    return { text, tokens: words, hits: merged, questions, kinds, references: literal ? NO_REFERENCES : referencesIn(text) };
  }

  private isNegated(words: readonly Token[], first: number): boolean {
    const clause = words[first].clause;
    for (let k = first - 1; k >= 0 && k >= first - NEGATION_WINDOW; k--) {
      if (words[k].clause !== clause) return false;
      if (this.negation.has(words[k].word)) return true;
    }
    return false;
  }
}

/**
 * Joins overlapping hits of the same kind into one ("E-Mail" and "Mail-Adresse" are
 * one "E-Mail-Adresse"); the first hit's label and category stay.
 */
function mergeOverlapping(hits: LexiconHit[], text: string, tokens: readonly Token[]): LexiconHit[] {
  if (hits.length < 2) return hits;
  const sorted = [...hits].sort((a, b) => a.first - b.first || b.last - a.last);
  const merged: LexiconHit[] = [];
  // Sorted by start, a hit can only overlap the last kept hit of its kind.
  const lastOfKind = new Map<string, number>();
  for (const hit of sorted) {
    const key = `${hit.kind}:${hit.category ?? ""}`;
    const index = lastOfKind.get(key);
    if (index === undefined || hit.first > merged[index].last) {
      lastOfKind.set(key, merged.length);
      merged.push(hit);
      continue;
    }
    const other = merged[index];
    if (hit.last <= other.last) continue;
    merged[index] = { ...other, last: hit.last, words: text.slice(tokens[other.first].start, tokens[hit.last].end) };
  }
  return merged;
}

/*
 * What `tokenise` tells apart, tried in this order where the text stands (sticky, so a
 * failed try costs no search and a match allocates nothing): `{{variable}}` references
 * (`references.ts`, the same the runtime fills in) and `{company}`, which are not words of
 * the text; words and "%"; clause
 * breaks; runs of sentence-ending punctuation.
 */
const COMPANY = "{company}";
// Marks and invisible format characters inside a word belong to it (normaliseWord drops them).
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}\p{Cf}]*|%/uy;
const CLAUSE_BREAK = /[,–—]|\s-\s/y;
const SENTENCE_END = /[.!?;\n…]+/y;

/**
 * Where a `{{variable}}` reference or `{company}` that starts at `at` ends, or -1 when none
 * does. In a `literal` text (a label) no variable is filled in, but `{company}` is, at export.
 */
function placeholderEnd(text: string, at: number, literal: boolean): number {
  if (text.charCodeAt(at + 1) === 123) return literal ? -1 : referenceEnd(text, at);
  return text.startsWith(COMPANY, at) ? at + COMPANY.length : -1;
}

/** Whether `pattern` (sticky) matches at `at`; its `lastIndex` is then the match's end. */
function matchesAt(pattern: RegExp, text: string, at: number): boolean {
  pattern.lastIndex = at;
  return pattern.test(text);
}

/** Whether a character code may start a word: an ASCII letter or digit, "%", or any non-ASCII character (the pattern decides). */
function mayStartWord(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 37 || code >= 128;
}

/** Whether a character code is one of `SENTENCE_END`'s: . ! ? ; newline … */
function endsSentence(code: number): boolean {
  return code === 46 || code === 33 || code === 63 || code === 59 || code === 10 || code === 0x2026;
}

function tokenise(text: string, literal = false): { tokens: Token[]; questions: boolean[] } {
  const tokens: Token[] = [];
  const questions: boolean[] = [false];
  let sentence = 0;
  let clause = 0;
  let at = 0;
  while (at < text.length) {
    const code = text.charCodeAt(at);
    if (code === 123) {
      const end = placeholderEnd(text, at, literal);
      if (end !== -1) {
        at = end;
        continue;
      }
    }
    if (mayStartWord(code) && matchesAt(WORD, text, at)) {
      const end = WORD.lastIndex;
      tokens.push({ word: normaliseWord(text.slice(at, end)), start: at, end, sentence, clause });
      at = end;
      continue;
    }
    // A comma or dash, or a hyphen between spaces (" - ").
    if ((code === 44 || code === 0x2013 || code === 0x2014 || text.charCodeAt(at + 1) === 45) && matchesAt(CLAUSE_BREAK, text, at)) {
      clause++;
      at = CLAUSE_BREAK.lastIndex;
      continue;
    }
    if (endsSentence(code) && matchesAt(SENTENCE_END, text, at)) {
      const end = SENTENCE_END.lastIndex;
      clause++;
      // A sentence ends (a run like "?!" ends it once).
      if (text.lastIndexOf("?", end - 1) >= at) questions[sentence] = true;
      if (tokens.length > 0 && tokens[tokens.length - 1].sentence === sentence) {
        sentence++;
        questions.push(false);
      }
      at = end;
      continue;
    }
    at++;
  }
  return { tokens, questions };
}

const compiled = new Map<Locale, CompiledLexicon>();

function lexiconOf(locale: Locale): CompiledLexicon {
  let lexicon = compiled.get(locale);
  if (lexicon === undefined) {
    lexicon = new CompiledLexicon(DATA[locale] ?? DATA.de);
    compiled.set(locale, lexicon);
  }
  return lexicon;
}

/**
 * Whether a negation word stands anywhere in the hit's clause, before or after it:
 * German puts it after the verb ("Wir verkaufen Ihre Daten nicht"), so for a promise
 * about what is *not* done the look-back of `negated` is not enough.
 */
export function negatedInClause(locale: Locale, reading: TextReading, hit: LexiconHit): boolean {
  const negation = lexiconOf(locale).negation;
  const clause = reading.tokens[hit.first].clause;
  for (const token of reading.tokens) if (token.clause === clause && negation.has(token.word)) return true;
  return false;
}

/** Forgets the compiled lexicons and every cached reading: benchmarks measure the cold cost with it. */
export function clearLexiconCaches(): void {
  compiled.clear();
  phraseWords.clear();
}

/** The lexicons of `locale`, for reading many texts (see `LexiconReader`). */
export function lexiconReader(locale: Locale): LexiconReader {
  return lexiconOf(locale);
}

/** Reads a text with the lexicons of `locale` (cached per text). */
export function readText(locale: Locale, text: string): TextReading {
  return lexiconOf(locale).read(text);
}

/** `phoneNumber`, `e_mail`, `Kunden-Nummer2` → "phone Number", "e mail", "Kunden Nummer 2". */
export function identifierWords(identifier: string): string {
  return identifier
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, "$1 $2")
    .replace(/(\p{Lu})(\p{Lu}\p{Ll})/gu, "$1 $2")
    .replace(/(\p{L})(\p{N})/gu, "$1 $2")
    .replace(/[_\-.]+/g, " ");
}

/** Reads a variable or list name: camelCase, snake_case and kebab-case are split into words first. */
export function readIdentifier(locale: Locale, identifier: string): TextReading {
  return lexiconOf(locale).readIdentifier(identifier);
}

/** The hits of one kind; negated ones ("kein Mensch") only when asked for. */
export function hitsOf(reading: TextReading, kind: LexiconKind, options?: { negated?: boolean }): LexiconHit[] {
  const result: LexiconHit[] = [];
  if ((reading.kinds & KIND_BITS[kind]) === 0) return result;
  const withNegated = options?.negated === true;
  for (const hit of reading.hits) if (hit.kind === kind && (withNegated || !hit.negated)) result.push(hit);
  return result;
}

/** The distinct words of some hits, in text order, as written. */
export function wordsOf(hits: readonly LexiconHit[]): string[] {
  // The usual case, one hit, needs neither sorting nor a set.
  if (hits.length < 2) return hits.length === 0 ? [] : [hits[0].words];
  const seen = new Set<string>();
  const words: string[] = [];
  for (const hit of [...hits].sort((a, b) => a.first - b.first)) {
    if (seen.has(hit.words.toLowerCase())) continue;
    seen.add(hit.words.toLowerCase());
    words.push(hit.words);
  }
  return words;
}

function overlaps(a: LexiconHit, b: LexiconHit): boolean {
  return a.first <= b.last && b.first <= a.last;
}

/**
 * The advertising words of a text, or an empty list when it does not advertise.
 * A strong word ("Rabatt", "jetzt kaufen", "discount") advertises alone; weak words
 * ("Angebot", "kaufen", "%", "offer") only two together and not inside a question;
 * guard phrases ("Angebot einholen", "request a quote") cancel the words they cover.
 */
export function advertisingWords(reading: TextReading): string[] {
  if ((reading.kinds & (KIND_BITS.advertising | KIND_BITS.advertisingWeak)) === 0) return [];
  const guards = hitsOf(reading, "advertisingGuard", { negated: true });
  const unguarded = (hit: LexiconHit) => !guards.some((guard) => overlaps(guard, hit));
  const strong = hitsOf(reading, "advertising", { negated: true }).filter(unguarded);
  const weak = hitsOf(reading, "advertisingWeak", { negated: true }).filter(
    (hit) => unguarded(hit) && !reading.questions[reading.tokens[hit.first].sentence],
  );
  if (strong.length === 0 && new Set(weak.map((hit) => hit.words.toLowerCase())).size < 2) return [];
  const all = [...strong, ...weak];
  // "30 %" inside "30 % Rabatt" is said once.
  return wordsOf(
    all.filter(
      (hit) =>
        !all.some(
          (other) => other !== hit && other.first <= hit.first && other.last >= hit.last && other.last - other.first > hit.last - hit.first,
        ),
    ),
  );
}

/** Special-category hits grouped by category, in the order of first appearance. */
export function specialCategoriesOf(reading: TextReading): Map<SpecialCategory, string[]> {
  if ((reading.kinds & KIND_BITS.special) === 0) return new Map();
  const byCategory = new Map<SpecialCategory, LexiconHit[]>();
  for (const hit of reading.hits) {
    if (hit.kind !== "special" || hit.category === null) continue;
    const list = byCategory.get(hit.category);
    if (list) list.push(hit);
    else byCategory.set(hit.category, [hit]);
  }
  const result = new Map<SpecialCategory, string[]>();
  for (const [category, hits] of byCategory) result.set(category, wordsOf(hits));
  return result;
}

/**
 * Sentences that ask the user to type personal data into the chat ("schick uns deine
 * Telefonnummer", "tell us your email address"): a request word, then the user's
 * possessive just before a personal-data word, in one sentence. Returns the words.
 */
export function dataRequestWords(reading: TextReading): string[] {
  if ((reading.kinds & KIND_BITS.dataRequest) === 0 || (reading.kinds & KIND_BITS.personal) === 0) return [];
  const requests = hitsOf(reading, "dataRequest", { negated: true });
  if (requests.length === 0) return [];
  const personal = hitsOf(reading, "personal", { negated: true });
  if (personal.length === 0) return [];
  const possessives = hitsOf(reading, "possessive", { negated: true });
  const tokens = reading.tokens;
  for (const data of personal) {
    const sentence = tokens[data.first].sentence;
    const possessive = possessives.find(
      (hit) => hit.last < data.first && data.first - hit.last <= 2 && tokens[hit.first].sentence === sentence,
    );
    if (!possessive) continue;
    const request = requests.find((hit) => hit.last < possessive.first && tokens[hit.first].sentence === sentence);
    if (!request) continue;
    return [reading.text.slice(tokens[request.first].start, tokens[data.last].end)];
  }
  return [];
}

/**
 * The normalised words of the phrases `containsWords` looks for: purpose labels, opt-out
 * keywords, the controller's name, the same few in every validation. Bounded like the readings.
 */
const phraseWords = new Map<string, readonly string[]>();

function wordsOfPhrase(phrase: string): readonly string[] {
  let words = phraseWords.get(phrase);
  if (words === undefined) {
    words = tokenise(phrase).tokens.map((token) => token.word);
    if (phraseWords.size >= READING_CACHE_SIZE) phraseWords.clear();
    phraseWords.set(phrase, words);
  }
  return words;
}

/** Whether `phrase` occurs in the text as a sequence of whole (normalised) words. */
export function containsWords(reading: TextReading, phrase: string): boolean {
  const wanted = wordsOfPhrase(phrase);
  if (wanted.length === 0) return false;
  const tokens = reading.tokens;
  outer: for (let i = 0; i + wanted.length <= tokens.length; i++) {
    for (let k = 0; k < wanted.length; k++) if (tokens[i + k].word !== wanted[k]) continue outer;
    return true;
  }
  return false;
}
