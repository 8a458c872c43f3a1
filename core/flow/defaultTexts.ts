import { STANDARD_OPT_OUT_KEYWORDS } from "./optOut";
// Constants from their own module: the schema module would bring zod into every page that shows a default text.
import { DEFAULT_FORMALITY } from "./constants";
import type { Formality, Locale } from "./schema";

/**
 * Default texts for compliance steps, used by templates and by autofix.
 * Written for the person chatting, not for lawyers; kept short because WhatsApp
 * interactive bodies allow 1,024 characters and Instagram 1,000 UTF-8 bytes.
 *
 * `{company}` stands for the controller's name; it is filled in when the name is
 * known (legal settings) and otherwise left for the exporter to replace.
 */
export const COMPANY_PLACEHOLDER = "{company}";

export interface ConsentTextInput {
  /** Controller name, or the `{company}` placeholder. */
  company: string;
  /** What the data is used for, as a phrase ("dir unseren Newsletter zu schicken"). */
  purposeLabel: string;
  /** Which data, as a phrase in the question's words ("deinen Namen und deine E-Mail-Adresse"). */
  dataDescription: string;
  /** The purpose's label as the flow declares it ("Newsletter"); the consent names it so the rules can see it. */
  purposeName?: string;
  /** Declared processors that receive the data ("Example CRM"). */
  recipients?: readonly string[];
}

/** The German form of address (du/Sie); English texts change their tone only. */
export type TextFormality = Formality;

/** The pieces of a consent text that depend on the language only, beside the text sets below. */
const FRAGMENTS: Record<Locale, { intl: string; purpose: (name: string) => string; recipients: (list: string) => string }> = {
  de: { intl: "de-DE", purpose: (name) => `für „${name}“ `, recipients: (list) => ` Empfänger: ${list}.` },
  en: { intl: "en-GB", purpose: (name) => `for “${name}” `, recipients: (list) => ` Recipients: ${list}.` },
};

/** "A, B and C" in the language of the flow, for data names and recipients. */
export function listInWords(locale: Locale, items: readonly string[]): string {
  return new Intl.ListFormat(FRAGMENTS[locale === "en" ? "en" : "de"].intl, { type: "conjunction" }).format(items);
}

function purposePart(input: ConsentTextInput, locale: Locale): string {
  if (!input.purposeName || input.purposeName.trim() === "") return "";
  return FRAGMENTS[locale].purpose(input.purposeName);
}

function recipientPart(input: ConsentTextInput, locale: Locale): string {
  const recipients = (input.recipients ?? []).filter((recipient) => recipient.trim() !== "");
  if (recipients.length === 0) return "";
  return FRAGMENTS[locale].recipients(listInWords(locale, recipients));
}

const DE_INFORMAL = {
  botDisclosure: (company: string) => `Hallo! Ich bin der automatische Assistent von ${company} — kein Mensch. Ich helfe dir gern weiter.`,
  redisclosure: (company: string) => `Du schreibst jetzt wieder mit dem automatischen Assistenten von ${company} — kein Mensch.`,
  privacyNotice: (company: string) =>
    `Kurz zum Datenschutz: ${company} verarbeitet, was du hier schreibst, um dir zu antworten. Alles Weitere, auch zu deinen Rechten, steht in unserer Datenschutzerklärung.`,
  consent: (input: ConsentTextInput) =>
    `Darf ${input.company} ${input.dataDescription} ${purposePart(input, "de")}speichern und nutzen, um ${input.purposeLabel}?${recipientPart(input, "de")} Das ist freiwillig.`,
  acceptLabel: "Ja, einverstanden",
  declineLabel: "Nein, danke",
  // Shown right under the consent text (exports join them), so it is said once.
  withdrawalHint: (keyword: string) => `Du kannst deine Einwilligung jederzeit widerrufen: schreib einfach ${keyword}.`,
  specialConsent: (categoryLabel: string) =>
    ` Dazu gehören Angaben zu ${categoryLabel}, also besonders geschützte Daten; wir fragen dich deshalb ausdrücklich.`,
  declinedEnd: "Alles klar, kein Problem. Ohne deine Einwilligung frage ich keine Daten ab. Schreib jederzeit wieder, wenn du magst!",
  optOutConfirmation: "Du bist abgemeldet. Wir schicken dir keine weiteren Nachrichten und fragen keine Daten mehr ab.",
  handoffNotice: "Ab jetzt antwortet dir eine Mitarbeiterin oder ein Mitarbeiter persönlich — kein Bot.",
  handoffResume: "Das Gespräch mit unserem Team ist beendet.",
  dataGeneric: "deine Angaben",
  dataNamed: (names: string) => `deine Angaben (${names})`,
  dataAnswerTo: (question: string) => `deine Antwort auf „${question}“`,
  dataForSubscribe: "deine Messenger-Kennung",
  purposeMarketing: "dir Angebote und Neuigkeiten zu schicken",
  purposeGeneric: (label: string) => `deine Daten für „${label}“ zu verwenden`,
  /** Starting texts of steps added from the palette. */
  newMessage: "Neue Nachricht",
  choiceQuestion: "Wofür interessierst du dich?",
  option: (n: number) => `Option ${n}`,
  emailQuestion: "Wie lautet deine E-Mail-Adresse?",
  endText: "Danke und bis bald!",
  /** The choice option the one-click fix for `channel.humanPath` adds (at most 20 characters: WhatsApp's button limit). */
  talkToPerson: "Persönlich sprechen",
  talkToPersonQuestion: "Möchtest du noch persönlich mit jemandem aus unserem Team sprechen?",
  specialCategories: {
    racialOrEthnicOrigin: "deiner Herkunft",
    politicalOpinions: "deinen politischen Ansichten",
    religiousOrPhilosophicalBeliefs: "deiner Religion oder Weltanschauung",
    tradeUnionMembership: "einer Gewerkschaftsmitgliedschaft",
    geneticData: "genetischen Daten",
    biometricData: "biometrischen Daten",
    health: "deiner Gesundheit",
    sexLifeOrOrientation: "deinem Sexualleben oder deiner sexuellen Orientierung",
  } as Record<string, string>,
};

type DefaultTextSet = typeof DE_INFORMAL;

const DE_FORMAL: DefaultTextSet = {
  botDisclosure: (company) => `Guten Tag! Ich bin der automatische Assistent von ${company} — kein Mensch. Ich helfe Ihnen gern weiter.`,
  redisclosure: (company) => `Sie schreiben jetzt wieder mit dem automatischen Assistenten von ${company} — kein Mensch.`,
  privacyNotice: (company) =>
    `Kurz zum Datenschutz: ${company} verarbeitet, was Sie hier schreiben, um Ihnen zu antworten. Alles Weitere, auch zu Ihren Rechten, steht in unserer Datenschutzerklärung.`,
  consent: (input) =>
    `Darf ${input.company} ${input.dataDescription} ${purposePart(input, "de")}speichern und nutzen, um ${input.purposeLabel}?${recipientPart(input, "de")} Das ist freiwillig.`,
  acceptLabel: "Ja, einverstanden",
  declineLabel: "Nein, danke",
  withdrawalHint: (keyword) => `Sie können Ihre Einwilligung jederzeit widerrufen: Schreiben Sie einfach ${keyword}.`,
  specialConsent: (categoryLabel) =>
    ` Dazu gehören Angaben zu ${categoryLabel}, also besonders geschützte Daten; wir fragen Sie deshalb ausdrücklich.`,
  declinedEnd:
    "Alles klar, kein Problem. Ohne Ihre Einwilligung frage ich keine Daten ab. Schreiben Sie jederzeit wieder, wenn Sie möchten!",
  optOutConfirmation: "Sie sind abgemeldet. Wir schicken Ihnen keine weiteren Nachrichten und fragen keine Daten mehr ab.",
  handoffNotice: "Ab jetzt antwortet Ihnen eine Mitarbeiterin oder ein Mitarbeiter persönlich — kein Bot.",
  handoffResume: "Das Gespräch mit unserem Team ist beendet.",
  dataGeneric: "Ihre Angaben",
  dataNamed: (names) => `Ihre Angaben (${names})`,
  dataAnswerTo: (question) => `Ihre Antwort auf „${question}“`,
  dataForSubscribe: "Ihre Messenger-Kennung",
  purposeMarketing: "Ihnen Angebote und Neuigkeiten zu schicken",
  purposeGeneric: (label) => `Ihre Daten für „${label}“ zu verwenden`,
  newMessage: "Neue Nachricht",
  choiceQuestion: "Wofür interessieren Sie sich?",
  option: (n) => `Option ${n}`,
  emailQuestion: "Wie lautet Ihre E-Mail-Adresse?",
  endText: "Vielen Dank und auf Wiedersehen!",
  talkToPerson: "Persönlich sprechen",
  talkToPersonQuestion: "Möchten Sie noch persönlich mit jemandem aus unserem Team sprechen?",
  specialCategories: {
    racialOrEthnicOrigin: "Ihrer Herkunft",
    politicalOpinions: "Ihren politischen Ansichten",
    religiousOrPhilosophicalBeliefs: "Ihrer Religion oder Weltanschauung",
    tradeUnionMembership: "einer Gewerkschaftsmitgliedschaft",
    geneticData: "genetischen Daten",
    biometricData: "biometrischen Daten",
    health: "Ihrer Gesundheit",
    sexLifeOrOrientation: "Ihrem Sexualleben oder Ihrer sexuellen Orientierung",
  },
};

const EN_INFORMAL: DefaultTextSet = {
  botDisclosure: (company) => `Hi! I am the automated assistant of ${company}, not a human. Happy to help.`,
  redisclosure: (company) => `You are now chatting with the automated assistant of ${company} again, not a human.`,
  privacyNotice: (company) =>
    `A quick note on privacy: ${company} processes what you write here in order to answer you. Everything else, including your rights, is in our privacy policy.`,
  consent: (input) =>
    `May ${input.company} store and use ${input.dataDescription} ${purposePart(input, "en")}to ${input.purposeLabel}?${recipientPart(input, "en")} This is voluntary.`,
  acceptLabel: "Yes, I agree",
  declineLabel: "No, thanks",
  withdrawalHint: (keyword) => `You can withdraw your consent at any time: just write ${keyword}.`,
  specialConsent: (categoryLabel) =>
    ` This includes information about ${categoryLabel}, which is specially protected, so we ask you explicitly.`,
  declinedEnd: "All right, no problem. Without your consent I will not ask for any data. Write again any time!",
  optOutConfirmation: "You are unsubscribed. We will not send you further messages or ask for data.",
  handoffNotice: "From now on a member of our team answers you in person, not a bot.",
  handoffResume: "The conversation with our team has ended.",
  dataGeneric: "your details",
  dataNamed: (names) => `your details (${names})`,
  dataAnswerTo: (question) => `your answer to “${question}”`,
  dataForSubscribe: "your messenger id",
  purposeMarketing: "send you offers and news",
  purposeGeneric: (label) => `use your data for "${label}"`,
  newMessage: "New message",
  choiceQuestion: "What are you interested in?",
  option: (n) => `Option ${n}`,
  emailQuestion: "What is your email address?",
  endText: "Thanks, and see you soon!",
  talkToPerson: "Talk to a person",
  talkToPersonQuestion: "Would you like to talk to someone from our team?",
  specialCategories: {
    racialOrEthnicOrigin: "your racial or ethnic origin",
    politicalOpinions: "your political opinions",
    religiousOrPhilosophicalBeliefs: "your religious or philosophical beliefs",
    tradeUnionMembership: "trade union membership",
    geneticData: "genetic data",
    biometricData: "biometric data",
    health: "your health",
    sexLifeOrOrientation: "your sex life or sexual orientation",
  },
};

const EN_FORMAL: DefaultTextSet = {
  ...EN_INFORMAL,
  botDisclosure: (company) => `Hello. I am the automated assistant of ${company}, not a human. I will be glad to assist you.`,
  privacyNotice: (company) =>
    `Please note: ${company} processes what you write here in order to answer you. Further information, including your rights, is provided in our privacy policy.`,
  withdrawalHint: (keyword) => `You may withdraw your consent at any time by writing ${keyword}.`,
  declinedEnd: "Understood. Without your consent I will not ask for any data. You are welcome to write again at any time.",
  optOutConfirmation: "You have been unsubscribed. We will not send you further messages or ask for data.",
  handoffNotice: "From now on a member of our team will answer you in person, not a bot.",
  endText: "Thank you, and goodbye.",
  talkToPersonQuestion: "Would you like to speak to a member of our team?",
};

/** Every default text per locale and form of address. */
export const DEFAULT_TEXTS_BY_FORMALITY: Record<Locale, Record<Formality, DefaultTextSet>> = {
  de: { informal: DE_INFORMAL, formal: DE_FORMAL },
  en: { informal: EN_INFORMAL, formal: EN_FORMAL },
};

/** The informal texts (the default form of address), for callers that do not know the flow's formality. */
export const DEFAULT_TEXTS: Record<Locale, DefaultTextSet> = { de: DE_INFORMAL, en: EN_INFORMAL };

/** The default texts of a flow: its locale and its form of address (`settings.formality`, informal by default). */
export function defaultTexts(locale: Locale, formality: Formality | undefined = DEFAULT_FORMALITY): DefaultTextSet {
  return DEFAULT_TEXTS_BY_FORMALITY[locale === "en" ? "en" : "de"][formality === "formal" ? "formal" : "informal"];
}

/** What an input of each type collects, as a noun for a list of data ("Name, E-Mail-Adresse"). */
export const INPUT_TYPE_NOUNS: Record<Locale, Record<string, string>> = {
  de: { text: "Antwort", email: "E-Mail-Adresse", phone: "Telefonnummer", number: "Angabe", date: "Datum" },
  en: { text: "answer", email: "email address", phone: "phone number", number: "answer", date: "date" },
};

/** Opt-out keywords every new flow starts with: the German standard ones, which English speakers type as well. */
export const DEFAULT_OPT_OUT_KEYWORDS: readonly string[] = STANDARD_OPT_OUT_KEYWORDS.de;

/** Hours of silence after which the runtime discloses the bot again. */
export const DEFAULT_REDISCLOSURE_AFTER_HOURS = 24;

/** Replaces the `{company}` placeholder when the controller name is known. */
export function fillCompany(text: string, company: string | undefined): string {
  return company && company.trim() !== "" ? text.split(COMPANY_PLACEHOLDER).join(company.trim()) : text;
}
