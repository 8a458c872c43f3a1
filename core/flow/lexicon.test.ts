import { describe, expect, it } from "vitest";
import de from "./lexicons/de.json";
import en from "./lexicons/en.json";
import {
  LEXICON_KINDS,
  advertisingWords,
  clearLexiconCaches,
  containsWords,
  dataRequestWords,
  hasKind,
  hitsOf,
  identifierWords,
  lexiconReader,
  normaliseWord,
  readIdentifier,
  readText,
  specialCategoriesOf,
  wordsOf,
  type LexiconKind,
} from "./lexicon";
import type { Locale } from "./schema";

const words = (locale: Locale, kind: LexiconKind, text: string) => wordsOf(hitsOf(readText(locale, text), kind));

/** Every pattern of a lexicon written as a text that matches it ("E-Mail*|E-Mail-Adresse" → "E-Mail"). */
function patternTexts(lexicon: unknown): string[] {
  if (typeof lexicon === "string") {
    const body = lexicon.split("|")[0];
    return [
      body
        .replace(/(^|\s)\*(\s|$)/g, "$1wort$2")
        .replace(/\*/g, "")
        .replace(/#/g, "30"),
    ];
  }
  if (Array.isArray(lexicon)) return lexicon.flatMap(patternTexts);
  if (lexicon !== null && typeof lexicon === "object") return Object.values(lexicon).flatMap(patternTexts);
  return [];
}

describe("lexicons", () => {
  it("has the same lexicons in German and English", () => {
    expect(Object.keys(de).sort()).toEqual(Object.keys(en).sort());
    expect(Object.keys(de.special).sort()).toEqual(Object.keys(en.special).sort());
  });

  it("normalises case, umlauts and ß so both spellings match", () => {
    expect(normaliseWord("Gebühr")).toBe("gebuehr");
    expect(normaliseWord("STRASSE")).toBe(normaliseWord("Straße"));
    expect(words("de", "special", "Ihre Aerztin")).toEqual(words("de", "special", "Ihre Ärztin").map(() => "Aerztin"));
  });

  it("[adversarial] sees through styled letters, look-alikes, invisible characters and accents inside a word", () => {
    const disguised = [
      "𝐑𝐚𝐛𝐚𝐭𝐭 nur heute", // mathematical bold
      "Ｒａｂａｔｔ nur heute", // full width
      "Rаbatt nur heute", // Cyrillic а
      "Ra\u200Bbatt nur heute", // zero-width space
      "Ra\u00ADbatt nur heute", // soft hyphen
      "Ra\u0332batt nur heute", // combining underline
    ];
    for (const text of disguised) expect(advertisingWords(readText("de", text)), text).toContain(text.split(" ")[0]);
    expect(words("de", "special", "Haben Sie Diаbetes?")).toEqual(["Diаbetes"]);
    // Plain words stay as they were.
    expect(normaliseWord("Rabatt")).toBe("rabatt");
    expect(normaliseWord("Ärztin")).toBe("aerztin");
  });

  it("matches inflections and compounds through stems", () => {
    expect(words("de", "special", "Welche Medikamente nehmen Sie?")).toEqual(["Medikamente"]);
    expect(words("de", "special", "Sind Sie schwanger?")).toEqual(["schwanger"]);
    expect(words("de", "personal", "Deine Handynummer bitte")).toEqual(["Handynummer"]);
    expect(words("de", "personal", "Unter welcher E-Mail-Adresse erreichen wir dich?")).toEqual(["E-Mail-Adresse"]);
    expect(words("en", "special", "Any symptoms?")).toEqual(["symptoms"]);
  });

  it("splits variable names into words", () => {
    expect(identifierWords("phoneNumber")).toBe("phone Number");
    expect(identifierWords("e_mail")).toBe("e mail");
    expect(wordsOf(hitsOf(readIdentifier("en", "phoneNumber"), "personal"))).toEqual(["phone"]);
    expect(wordsOf(hitsOf(readIdentifier("de", "e_mail"), "personal"))).toEqual(["e mail"]);
    expect(hitsOf(readIdentifier("en", "guestCount"), "personal")).toEqual([]);
  });

  it("knows every Art. 9 category in both languages", () => {
    const cases: [Locale, string, string][] = [
      ["de", "Welcher Religion gehören Sie an?", "religiousOrPhilosophicalBeliefs"],
      ["de", "Welche Partei wählen Sie?", "politicalOpinions"],
      ["de", "Ihre ethnische Herkunft", "racialOrEthnicOrigin"],
      ["de", "Sind Sie in einer Gewerkschaft?", "tradeUnionMembership"],
      ["de", "Ihre sexuelle Orientierung", "sexLifeOrOrientation"],
      ["de", "Haben Sie einen Gentest gemacht?", "geneticData"],
      ["de", "Schicken Sie einen Fingerabdruck", "biometricData"],
      ["de", "Haben Sie Diabetes?", "health"],
      ["en", "Which religion do you follow?", "religiousOrPhilosophicalBeliefs"],
      ["en", "Which party did you vote for?", "politicalOpinions"],
      ["en", "Your ethnicity", "racialOrEthnicOrigin"],
      ["en", "Are you a trade union member?", "tradeUnionMembership"],
      ["en", "Your sexual orientation", "sexLifeOrOrientation"],
      ["en", "Did you take a DNA test?", "geneticData"],
      ["en", "Scan your fingerprint", "biometricData"],
      ["en", "Do you have diabetes?", "health"],
    ];
    for (const [locale, text, category] of cases) expect([...specialCategoriesOf(readText(locale, text)).keys()], text).toEqual([category]);
  });

  it("has no special category in ordinary service questions", () => {
    for (const text of ["Wählen Sie eine Option", "Ich glaube, das passt", "Wie heißt du?", "Womit kann ich dir helfen?"]) {
      expect([...specialCategoriesOf(readText("de", text)).keys()], text).toEqual([]);
    }
    for (const text of ["Which option do you choose?", "I believe that fits", "Paint the wall", "What is your name?"]) {
      expect([...specialCategoriesOf(readText("en", text)).keys()], text).toEqual([]);
    }
  });

  it("reads advertising, and a quote request in a question is none", () => {
    expect(advertisingWords(readText("de", "30 % Rabatt – jetzt kaufen!"))).toEqual(["30 % Rabatt", "jetzt kaufen"]);
    expect(advertisingWords(readText("de", "Nur heute: Gutschein für alle!"))).toEqual(["Nur heute", "Gutschein"]);
    expect(advertisingWords(readText("en", "Buy now and get 20 % off!"))).toEqual(["Buy now", "20 % off"]);
    expect(advertisingWords(readText("en", "Discount for members"))).toEqual(["Discount"]);
    // False positives the guards and the question rule keep out.
    expect(advertisingWords(readText("de", "Möchten Sie ein Angebot einholen?"))).toEqual([]);
    expect(advertisingWords(readText("de", "Wir erstellen Ihnen gern ein unverbindliches Angebot."))).toEqual([]);
    expect(advertisingWords(readText("de", "Wollen Sie ein Angebot oder lieber kaufen?"))).toEqual([]);
    expect(advertisingWords(readText("en", "Would you like to request a quote?"))).toEqual([]);
    expect(advertisingWords(readText("en", "Where is your order?"))).toEqual([]);
    expect(advertisingWords(readText("de", "Hier sind Infos zu Bereich 3. Schau dich gern um!"))).toEqual([]);
    expect(advertisingWords(readText("de", "Zu 100 % sicher verschlüsselt."))).toEqual([]);
    // Two weak words together in a statement do advertise.
    expect(advertisingWords(readText("de", "Unser Angebot: hier kaufen"))).toEqual(["Angebot", "kaufen"]);
  });

  it("reads a disclosure and treats a negated human claim as one", () => {
    const reading = readText("de", "Hallo! Ich bin der automatische Assistent von {company} — kein Mensch.");
    expect(wordsOf(hitsOf(reading, "disclosure"))).toEqual(["automatische", "kein Mensch"]);
    expect(hitsOf(reading, "humanClaim")).toEqual([]);
    expect(wordsOf(hitsOf(reading, "humanClaim", { negated: true }))).toEqual(["Mensch"]);
    expect(words("en", "humanClaim", "I'm Lisa, sitting at my desk")).toEqual(["sitting at my desk"]);
    expect(words("en", "humanClaim", "I am a bot, not a human.")).toEqual([]);
    expect(words("en", "disclosure", "I'm not a bot")).toEqual([]);
    expect(words("de", "disclosure", "Hi! 😊")).toEqual([]);
  });

  it("reads who answers after a handoff", () => {
    expect(words("de", "human", "Ab jetzt antwortet dir eine Mitarbeiterin.")).toEqual(["Mitarbeiterin"]);
    expect(words("de", "human", "Einen Moment bitte …")).toEqual([]);
    expect(words("de", "human", "Leider ist kein Mitarbeiter da.")).toEqual([]);
    expect(words("en", "human", "A member of our team answers now.")).toEqual(["our team"]);
  });

  it("tells agreement, refusal and ambiguous labels apart", () => {
    expect(words("de", "agreement", "Ja, einverstanden")).toEqual(["Ja", "einverstanden"]);
    expect(words("de", "agreement", "Weiter")).toEqual([]);
    expect(words("de", "ambiguous", "Weiter")).toEqual(["Weiter"]);
    expect(words("de", "agreement", "Nicht einverstanden")).toEqual([]);
    expect(words("de", "refusal", "Nein, danke")).toEqual(["Nein"]);
    expect(words("en", "agreement", "I don't agree")).toEqual([]);
    expect(words("en", "refusal", "No, thanks")).toEqual(["No, thanks"]);
  });

  it("finds requests to type personal data into the chat", () => {
    expect(dataRequestWords(readText("de", "Schick uns deine Telefonnummer, dann rufen wir an."))).toEqual([
      "Schick uns deine Telefonnummer",
    ]);
    expect(dataRequestWords(readText("de", "Schreiben Sie uns Ihre E-Mail-Adresse."))).toEqual(["Schreiben Sie uns Ihre E-Mail-Adresse"]);
    expect(dataRequestWords(readText("en", "Just send us your phone number."))).toEqual(["send us your phone"]);
    // Telling, not asking; or a variable the input already collected.
    expect(dataRequestWords(readText("de", "Wir schicken dir eine E-Mail."))).toEqual([]);
    expect(dataRequestWords(readText("de", "Danke, {{name}}! Wir melden uns unter {{email}}."))).toEqual([]);
    expect(dataRequestWords(readText("en", "We will send a confirmation to the address you gave."))).toEqual([]);
  });

  it("cuts a text into words, clauses and sentences, leaving placeholders out", () => {
    const cut = (text: string) => {
      const reading = readText("de", text);
      return { words: reading.tokens.map((token) => `${token.word}@${token.sentence}.${token.clause}`), questions: reading.questions };
    };
    expect(cut("Hallo {company}, deine E-Mail-Adresse?! Danke {{name}} – bis bald… 30 % Rabatt")).toEqual({
      words: [
        "hallo@0.0",
        "deine@0.1",
        "e@0.1",
        "mail@0.1",
        "adresse@0.1",
        "danke@1.2",
        "bis@1.3",
        "bald@1.3",
        "30@2.4",
        "%@2.4",
        "rabatt@2.4",
      ],
      questions: [true, false, false],
    });
    // " - " breaks a clause, and so does a line starting with "- " (no sentence end); an unclosed placeholder is text; emoji are no words.
    expect(cut("Ja - nein\n- vielleicht; {{offen 𝐀𝐁 😊 Straße")).toEqual({
      words: ["ja@0.0", "nein@0.1", "vielleicht@0.2", "offen@1.3", "ab@1.3", "strasse@1.3"],
      questions: [false, false],
    });
    expect(cut("Größe: 1,5 m?")).toEqual({ words: ["groesse@0.0", "1@0.0", "5@0.1", "m@0.1"], questions: [true, false] });
    const reading = readText("de", "Hallo {company}, deine E-Mail?");
    expect(reading.tokens.map((token) => reading.text.slice(token.start, token.end))).toEqual(["Hallo", "deine", "E", "Mail"]);
  });

  it("notes in each reading exactly the kinds of its hits, so asking for a missing kind skips the scan", () => {
    const seen = new Set<LexiconKind>();
    for (const [locale, lexicon] of [
      ["de", de],
      ["en", en],
    ] as const) {
      const texts = [...patternTexts(lexicon), "Hallo!", "", "Schick uns deine Telefonnummer, kein Mensch antwortet. 30 % Rabatt?"];
      for (const text of texts) {
        const reading = readText(locale, text);
        for (const kind of LEXICON_KINDS) {
          const ofKind = reading.hits.filter((hit) => hit.kind === kind);
          if (ofKind.length > 0) seen.add(kind);
          expect(hasKind(reading, kind), `${locale} ${kind} in "${text}"`).toBe(ofKind.length > 0);
          expect(hitsOf(reading, kind, { negated: true })).toEqual(ofKind);
          expect(hitsOf(reading, kind)).toEqual(ofKind.filter((hit) => !hit.negated));
        }
      }
    }
    // Every kind occurred, so the comparison above covered each bit.
    expect([...seen].sort()).toEqual([...LEXICON_KINDS].sort());
  });

  it("reads an identifier once: the cached reading is the reading of its words, also after the caches are cleared", () => {
    for (const identifier of ["phoneNumber", "e_mail", "HTMLParser2", "kunden-Nummer.privat"]) {
      const first = readIdentifier("de", identifier);
      expect(readIdentifier("de", identifier)).toBe(first);
      expect(first).toEqual(readText("de", identifierWords(identifier)));
      clearLexiconCaches();
      expect(readIdentifier("de", identifier)).not.toBe(first);
      expect(readIdentifier("de", identifier)).toEqual(first);
    }
    // A reader looked up once reads like the per-call functions, from the same cache.
    const reader = lexiconReader("en");
    expect(reader.read("Your phone number?")).toBe(readText("en", "Your phone number?"));
    expect(reader.readIdentifier("phoneNumber")).toBe(readIdentifier("en", "phoneNumber"));
  });

  it("finds whole-word phrases", () => {
    expect(containsWords(readText("de", "Darf Beispiel GmbH für „Newsletter“ …"), "newsletter")).toBe(true);
    expect(containsWords(readText("de", "Newsletters"), "Newsletter")).toBe(false);
  });

  it("finds the same phrases with the phrases' words remembered as when each phrase is cut into words afresh", () => {
    // The words of `phrase` as a text of their own, in order: what `containsWords` looks for.
    const plain = (text: string, phrase: string) => {
      const wanted = readText("de", phrase).tokens.map((token) => token.word);
      const words = readText("de", text).tokens.map((token) => token.word);
      if (wanted.length === 0) return false;
      for (let i = 0; i + wanted.length <= words.length; i++) if (wanted.every((word, k) => words[i + k] === word)) return true;
      return false;
    };
    const texts = ["Beispiel GmbH fragt: Newsletter?", "Schreib STOP oder Stopp.", "Kontaktanfrage an die Müller AG", ""];
    // Phrases of the same length and phrases that differ only in case or spaces, so a cache under the wrong key answers wrongly.
    const phrases = [
      "STOP",
      "Stop",
      "Stopp",
      "stopp ",
      "Müller AG",
      "Mueller AG",
      "Newsletter",
      "Beispiel",
      "Beispiel GmbH",
      "GmbH fragt",
      "",
      "  ",
    ];
    for (let round = 0; round < 3; round++) {
      if (round === 2) clearLexiconCaches();
      for (const text of texts) {
        for (const phrase of phrases) expect(containsWords(readText("de", text), phrase), `${text} / ${phrase}`).toBe(plain(text, phrase));
      }
    }
  });

  it("reads a long text in time linear in its length", () => {
    const sentence = "Unter welcher E-Mail-Adresse erreichen wir dich wegen deiner Diabetes-Beratung? ";
    const short = readText("de", sentence.repeat(100) + "a");
    const long = readText("de", sentence.repeat(1000) + "b");
    expect(long.tokens.length).toBe(10 * (short.tokens.length - 1) + 1);
    expect(long.hits.length).toBe(10 * short.hits.length);
  });
});

describe("reading a label, which the bot sends with no variable filled in", () => {
  it("reads braces as words, still skips {company} (filled at export) and has no references", () => {
    const reader = lexiconReader("de");
    const words = (text: string, literal: boolean) => (literal ? reader.readLiteral(text) : reader.read(text)).tokens.map((t) => t.word);
    expect(words("Ja {{Diabetes}} {company}", true)).toEqual(["ja", "diabetes"]);
    expect(words("Ja {{Diabetes}} {company}", false)).toEqual(["ja"]);
    expect(reader.readLiteral("{{Diabetes}}").references).toEqual([]);
    expect(reader.read("{{Diabetes}}").references).toEqual(["Diabetes"]);
    // The same text read both ways keeps both readings apart in the caches.
    expect(reader.readLiteral("{{Diabetes}}")).not.toBe(reader.read("{{Diabetes}}"));
    expect(words("Ja {company}", true)).toEqual(["ja"]);
  });
});
