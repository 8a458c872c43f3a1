import { describe, expect, it } from "vitest";
import type { FlowDocument, FlowNode, Locale } from "../flow";
import { compliantPrefix, flow, link, step } from "./testFlows";
import { validate } from "./validate";

/*
 * Flows a careful data-protection lawyer wrote to slip past the checker: synonyms,
 * compounds, data asked in free text, consents that bundle purposes in their words,
 * a disclosure buried at the end of a long welcome, advertising dressed as news.
 * Each must be caught by the rule named, in German and English.
 */

/** The compliant prefix (disclosure, notice, consent for `lead`) and then `body` in a line, ending at an end step. */
function afterConsent(locale: Locale, body: FlowNode[], overrides: Partial<FlowDocument> = {}): FlowDocument {
  const prefix = compliantPrefix(["lead"]);
  const ids = body.map((node) => node.id);
  const edges = [link("consent", "accept", ids[0])];
  for (let i = 0; i + 1 < ids.length; i++) edges.push(link(ids[i], body[i].type === "choice" ? "a" : "next", ids[i + 1]));
  edges.push(link(ids[ids.length - 1], body[body.length - 1].type === "choice" ? "a" : "next", "end"));
  if (body.some((node) => node.type === "choice"))
    for (const node of body) if (node.type === "choice") edges.push(link(node.id, "b", "end"));
  return flow([...prefix.nodes, ...body, step("end", "end")], [...prefix.edges, ...edges], { locale, ...overrides });
}

/** The same flow with the disclosure's text replaced. */
function withDisclosure(locale: Locale, text: string): FlowDocument {
  const doc = afterConsent(locale, [step("message", "hello", { text: locale === "de" ? "Willkommen!" : "Welcome!" })]);
  return { ...doc, nodes: doc.nodes.map((node) => (node.id === "disclosure" ? { ...node, data: { text } } : node)) } as FlowDocument;
}

/** The same flow with the consent's text replaced. */
function withConsentText(locale: Locale, text: string): FlowDocument {
  const doc = afterConsent(locale, [step("message", "hello", { text: locale === "de" ? "Willkommen!" : "Welcome!" })]);
  return {
    ...doc,
    nodes: doc.nodes.map((node) => (node.id === "consent" && node.type === "consent" ? { ...node, data: { ...node.data, text } } : node)),
  } as FlowDocument;
}

const quietInput = (text: string) =>
  step("input", "ask", { text, variable: "answer", inputType: "text", personalData: false, purpose: "lead" });
const plainInput = (text: string) => step("input", "ask", { text, variable: "answer", inputType: "text", purpose: "lead" });
const message = (text: string) => step("message", "msg", { text, promotional: false });

interface Attack {
  name: string;
  doc: FlowDocument;
  rule: string;
}

export const ATTACKS: Attack[] = [
  {
    name: "de compound: Rückrufnummer flagged as no personal data",
    rule: "data.purpose",
    doc: afterConsent("de", [quietInput("Unter welcher Rückrufnummer erreichen wir Sie?")]),
  },
  {
    name: "de compound: Mobiltelefonnummer flagged as no personal data",
    rule: "data.purpose",
    doc: afterConsent("de", [quietInput("Wie lautet Ihre Mobiltelefonnummer?")]),
  },
  {
    name: "en synonym: 'When were you born?' flagged as no personal data",
    rule: "data.purpose",
    doc: afterConsent("en", [quietInput("When were you born?")]),
  },
  {
    name: "en synonym: postal code flagged as no personal data",
    rule: "data.purpose",
    doc: afterConsent("en", [quietInput("What is your postal code?")]),
  },
  {
    name: "de free text: Handynummer asked in a message",
    rule: "data.askedInText",
    doc: afterConsent("de", [message("Schicken Sie uns einfach Ihre Handynummer, wir rufen zurück.")]),
  },
  {
    name: "en free text: e-mail asked in a message",
    rule: "data.askedInText",
    doc: afterConsent("en", [message("Just drop your e-mail address below and we will be in touch.")]),
  },
  {
    name: "de health compound: Vorerkrankungen with ordinary consent",
    rule: "consent.special",
    doc: afterConsent("de", [plainInput("Haben Sie Vorerkrankungen, die wir kennen sollten?")]),
  },
  {
    name: "en health slang: 'meds' in a choice with ordinary consent",
    rule: "consent.special",
    doc: afterConsent("en", [
      step("choice", "meds", {
        text: "Do you take any regular meds?",
        options: [
          { id: "a", label: "Yes" },
          { id: "b", label: "No" },
        ],
      }),
    ]),
  },
  {
    name: "de consent text bundles advertising, profiling and sharing under one purpose",
    rule: "consent.granular",
    doc: withConsentText(
      "de",
      "Darf {company} Ihre Angaben für „Contact request“ nutzen, Ihnen Werbung schicken, ein Profil von Ihnen erstellen und sie an Partner weitergeben?",
    ),
  },
  {
    name: "en consent text bundles offers and sharing with partners under one purpose",
    rule: "consent.granular",
    doc: withConsentText("en", 'May {company} use your details for "Contact request", send you offers and share them with our partners?'),
  },
  {
    name: "de disclosure buried at the end of a long welcome",
    rule: "disclosure.text",
    doc: withDisclosure(
      "de",
      "Herzlich willkommen bei uns! Schön, dass Sie da sind. Wir freuen uns sehr über Ihr Interesse an unseren Produkten und Dienstleistungen. Hier finden Sie Antworten auf viele Fragen rund um Bestellung, Versand, Rückgabe und Ihr Kundenkonto. Fragen Sie einfach drauflos, wir helfen Ihnen gern weiter. Übrigens: Hier antwortet ein Bot.",
    ),
  },
  {
    name: "en disclosure buried at the end of a long welcome",
    rule: "disclosure.text",
    doc: withDisclosure(
      "en",
      "A very warm welcome! We are delighted that you are here and interested in our products and services. You can ask about orders, shipping, returns and your customer account, and we will do our very best to help you quickly and in a friendly way. By the way, replies here come from a bot.",
    ),
  },
  {
    name: "de advertising dressed as news",
    rule: "consent.beforeData",
    doc: afterConsent("de", [message("Neuigkeiten: Unsere neue Kollektion ist da – für kurze Zeit 20 % günstiger!")]),
  },
  {
    name: "de advertising in styled letters (mathematical bold)",
    rule: "consent.beforeData",
    doc: afterConsent("de", [message("𝐍𝐮𝐫 𝐡𝐞𝐮𝐭𝐞: 𝟑𝟎 % 𝐑𝐚𝐛𝐚𝐭𝐭 auf alles!")]),
  },
  {
    name: "en advertising with Cyrillic look-alikes and a zero-width space",
    rule: "consent.beforeData",
    doc: afterConsent("en", [message("Get a dis\u200Bcоunt cоde today!")]),
  },
  {
    name: "de health words with a soft hyphen and a Cyrillic а",
    rule: "consent.special",
    doc: afterConsent("de", [quietInput("Haben Sie Dia\u00ADbetes oder nehmen Sie Medikаmente?")]),
  },
  {
    name: "en advertising dressed as news",
    rule: "consent.beforeData",
    doc: afterConsent("en", [message("News: our autumn collection just dropped. Grab yours at 20% less while it lasts!")]),
  },
  {
    name: "de disclosure by a named person without any bot word",
    rule: "disclosure.text",
    doc: withDisclosure("de", "Hallo, ich bin Lisa vom Kundenservice 😊 Wie kann ich helfen?"),
  },
  {
    name: "en handoff notice that never says a person answers",
    rule: "handoff.notice",
    doc: afterConsent("en", [
      step("handoff", "handoff", { notice: "Transferring you now…", resumeText: "Back again." }),
      step("botDisclosure", "again"),
    ]),
  },
];

describe("adversarial flows (attack the class)", () => {
  for (const attack of ATTACKS) {
    it(`catches: ${attack.name} (${attack.rule})`, () => {
      const rules = validate(attack.doc).map((diagnostic) => diagnostic.rule);
      expect(rules).toContain(attack.rule);
    });
  }
});

describe("what the new words must not catch (false positives)", () => {
  const rulesOf = (doc: FlowDocument) => validate(doc).map((diagnostic) => diagnostic.rule);

  it("a consent that promises not to pass data on or sell it bundles nothing (de, en)", () => {
    expect(
      rulesOf(withConsentText("de", "Darf {company} Ihre Angaben für „Contact request“ nutzen? Wir verkaufen keine Daten.")),
    ).not.toContain("consent.granular");
    expect(rulesOf(withConsentText("en", 'May {company} use your details for "Contact request"? We never sell your data.'))).not.toContain(
      "consent.granular",
    );
  });

  it("complaints, a workshop diagnosis and the handling of a request are no health data", () => {
    for (const text of [
      "Worum geht es bei Ihrer Kundenbeschwerde?",
      "Welche Fehlerdiagnose hat die Werkstatt gestellt?",
      "Wie sollen wir die Behandlung Ihrer Anfrage priorisieren?",
    ]) {
      expect(rulesOf(afterConsent("de", [plainInput(text)])), text).not.toContain("consent.special");
    }
    expect(rulesOf(afterConsent("en", [plainInput("How should we prioritise the treatment of your request?")]))).not.toContain(
      "consent.special",
    );
  });

  it("a service message with a percentage or a collection of answers is no advertising", () => {
    expect(rulesOf(afterConsent("de", [message("Schon 80 % Ihrer Fragen sind beantwortet.")]))).not.toContain("consent.beforeData");
    expect(
      rulesOf(afterConsent("en", [message("We keep a collection of answers to common questions; it takes less than a minute.")])),
    ).not.toContain("consent.beforeData");
  });

  it("a short disclosure, or one after a one-line greeting, is in time", () => {
    expect(
      rulesOf(withDisclosure("de", "Guten Tag und herzlich willkommen! Ich bin der automatische Assistent von {company}, kein Mensch.")),
    ).not.toContain("disclosure.text");
    expect(rulesOf(withDisclosure("en", "Hello and welcome! I am the automated assistant of {company}, not a human."))).not.toContain(
      "disclosure.text",
    );
  });
});
