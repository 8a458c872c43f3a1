import type { Locale } from "./schema";

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
  /** Which data, as a phrase ("deinen Namen und deine E-Mail-Adresse"). */
  dataDescription: string;
}

export const DEFAULT_TEXTS = {
  de: {
    botDisclosure: (company: string) =>
      `Hallo! Ich bin der automatische Assistent von ${company} — kein Mensch. Ich helfe dir gern weiter.`,
    redisclosure: (company: string) => `Du schreibst jetzt wieder mit dem automatischen Assistenten von ${company} — kein Mensch.`,
    privacyNotice: (company: string) =>
      `Kurz zum Datenschutz: ${company} verarbeitet, was du hier schreibst, um dir zu antworten. Alles Weitere, auch zu deinen Rechten, steht in unserer Datenschutzerklärung.`,
    consent: ({ company, purposeLabel, dataDescription }: ConsentTextInput) =>
      `Darf ${company} ${dataDescription} speichern und nutzen, um ${purposeLabel}? Das ist freiwillig.`,
    acceptLabel: "Ja, einverstanden",
    declineLabel: "Nein, danke",
    // Shown right under the consent text (exports join them), so it is said once.
    withdrawalHint: (keyword: string) => `Du kannst deine Einwilligung jederzeit widerrufen: schreib einfach ${keyword}.`,
    specialConsent: (categoryLabel: string) =>
      ` Dazu gehören Angaben zu ${categoryLabel}, also besonders geschützte Daten; wir fragen dich deshalb ausdrücklich.`,
    declinedEnd: "Alles klar, kein Problem. Ohne deine Einwilligung frage ich keine Daten ab. Schreib jederzeit wieder, wenn du magst!",
    optOutConfirmation: "Du bist abgemeldet. Wir schicken dir keine weiteren Nachrichten und fragen keine Daten mehr ab.",
    dataGeneric: "deine Angaben",
    dataForSubscribe: "deine Messenger-Kennung",
    purposeMarketing: "dir Angebote und Neuigkeiten zu schicken",
    purposeGeneric: (label: string) => `deine Daten für „${label}“ zu verwenden`,
  },
  en: {
    botDisclosure: (company: string) => `Hi! I am the automated assistant of ${company}, not a human. Happy to help.`,
    redisclosure: (company: string) => `You are now chatting with the automated assistant of ${company} again, not a human.`,
    privacyNotice: (company: string) =>
      `A quick note on privacy: ${company} processes what you write here in order to answer you. Everything else, including your rights, is in our privacy policy.`,
    consent: ({ company, purposeLabel, dataDescription }: ConsentTextInput) =>
      `May ${company} store and use ${dataDescription} to ${purposeLabel}? This is voluntary.`,
    acceptLabel: "Yes, I agree",
    declineLabel: "No, thanks",
    withdrawalHint: (keyword: string) => `You can withdraw your consent at any time: just write ${keyword}.`,
    specialConsent: (categoryLabel: string) =>
      ` This includes information about ${categoryLabel}, which is specially protected, so we ask you explicitly.`,
    declinedEnd: "All right, no problem. Without your consent I will not ask for any data. Write again any time!",
    optOutConfirmation: "You are unsubscribed. We will not send you further messages or ask for data.",
    dataGeneric: "your details",
    dataForSubscribe: "your messenger id",
    purposeMarketing: "send you offers and news",
    purposeGeneric: (label: string) => `use your data for "${label}"`,
  },
} as const satisfies Record<Locale, unknown>;

/** Readable names of the input types, used to say which data a consent is about. */
export const INPUT_TYPE_DATA: Record<Locale, Record<string, string>> = {
  de: {
    text: "deine Antwort",
    email: "deine E-Mail-Adresse",
    phone: "deine Telefonnummer",
    number: "deine Angabe",
    date: "dein Wunschdatum",
  },
  en: {
    text: "your answer",
    email: "your email address",
    phone: "your phone number",
    number: "your answer",
    date: "your preferred date",
  },
};

/** Readable names of the special categories (GDPR Art. 9(1)). */
export const SPECIAL_CATEGORY_LABELS: Record<Locale, Record<string, string>> = {
  de: {
    racialOrEthnicOrigin: "deiner Herkunft",
    politicalOpinions: "deinen politischen Ansichten",
    religiousOrPhilosophicalBeliefs: "deiner Religion oder Weltanschauung",
    tradeUnionMembership: "einer Gewerkschaftsmitgliedschaft",
    geneticData: "genetischen Daten",
    biometricData: "biometrischen Daten",
    health: "deiner Gesundheit",
    sexLifeOrOrientation: "deinem Sexualleben oder deiner sexuellen Orientierung",
  },
  en: {
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

/** Opt-out keywords every new flow starts with (German and English speakers alike). */
export const DEFAULT_OPT_OUT_KEYWORDS = ["STOP", "STOPP", "ABMELDEN"] as const;
/** Hours of silence after which the runtime discloses the bot again. */
export const DEFAULT_REDISCLOSURE_AFTER_HOURS = 24;

/** Replaces the `{company}` placeholder when the controller name is known. */
export function fillCompany(text: string, company: string | undefined): string {
  return company && company.trim() !== "" ? text.split(COMPANY_PLACEHOLDER).join(company.trim()) : text;
}
