import { COMPANY_PLACEHOLDER, DEFAULT_OPT_OUT_KEYWORDS, DEFAULT_REDISCLOSURE_AFTER_HOURS, defaultTexts, fillCompany } from "./defaultTexts";
import { normaliseDomain, type WorkspaceLegal } from "./legal";
import {
  CHANNELS,
  DEFAULT_FORMALITY,
  MARKETING_PURPOSE,
  type Formality,
  type Channel,
  type FlowDocument,
  type FlowEdge,
  type FlowNode,
  type Locale,
  type Purpose,
} from "./schema";

/**
 * Ready-made flows. Every template is compliant out of the box: start → bot
 * disclosure → privacy notice → consent, data only after `accept`, a polite end after
 * `decline`. Webhooks post to the workspace's processor (`crm` in the options) or else to
 * `https://crm.example.com/…`, the processor declared in `EXAMPLE_LEGAL`.
 */

export const TEMPLATE_IDS = ["default", "newsletter", "leadCapture", "appointment"] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];

export interface TemplateInfo {
  id: TemplateId;
  name: Record<Locale, string>;
  description: Record<Locale, string>;
  /** Whether its webhooks send answers to a CRM, which the workspace must declare as a processor. */
  postsToCrm: boolean;
}

export const TEMPLATES: readonly TemplateInfo[] = [
  {
    id: "default",
    name: { de: "Leerer Flow", en: "Blank flow" },
    description: {
      de: "Bot-Hinweis, Datenschutzhinweis und Einwilligung sind schon da, danach geht es mit Ihrer ersten Nachricht los.",
      en: "Bot disclosure, privacy notice and consent are already in place; your first message follows.",
    },
    postsToCrm: false,
  },
  {
    id: "newsletter",
    name: { de: "Newsletter-Anmeldung", en: "Newsletter sign-up" },
    description: {
      de: "Fragt nach der Einwilligung für Werbung und meldet zum Messenger-Newsletter an.",
      en: "Asks for marketing consent and signs the user up for the messenger newsletter.",
    },
    postsToCrm: false,
  },
  {
    id: "leadCapture",
    name: { de: "Kontaktanfrage", en: "Lead capture" },
    description: {
      de: "Fragt Name und E-Mail-Adresse ab und übergibt sie an Ihr CRM.",
      en: "Asks for name and email address and sends them to your CRM.",
    },
    postsToCrm: true,
  },
  {
    id: "appointment",
    name: { de: "Terminanfrage", en: "Appointment request" },
    description: {
      de: "Nimmt eine Terminanfrage auf, übergibt an einen Menschen und stellt sich danach wieder als Bot vor.",
      en: "Takes an appointment request, hands over to a person and discloses the bot again afterwards.",
    },
    postsToCrm: true,
  },
];

/** The CRM host the lead and appointment templates post to. */
export const EXAMPLE_CRM_HOST = "crm.example.com";

/** A complete legal setup whose processors cover every template's webhook; for tests and seeds. */
export const EXAMPLE_LEGAL: WorkspaceLegal = {
  controller: { name: "Beispiel GmbH", address: "Musterstraße 1, 10115 Berlin, Deutschland" },
  impressumUrl: "https://www.example.com/impressum",
  privacyPolicyUrl: "https://www.example.com/datenschutz",
  privacyContact: "datenschutz@example.com",
  processors: [{ name: "Example CRM", domain: EXAMPLE_CRM_HOST, purpose: "CRM", dpaSigned: true, country: "DE" }],
};

/** Where a template's webhooks post: a declared processor's host and the name the consent gives as recipient. */
export interface TemplateCrm {
  name: string;
  host: string;
}

const EXAMPLE_CRM: TemplateCrm = { name: "Example CRM", host: EXAMPLE_CRM_HOST };

/**
 * The processor a new flow's webhooks post to: the first one declared with a signed processing agreement and a domain.
 * With it a template starts without findings in a workspace whose legal settings are complete, and its consent names
 * the real recipient instead of the example CRM. Null when no processor qualifies. (Whether the domain is registrable
 * is `processor.declared`'s to say: the public suffix list stays out of the flow index the runtime bundles.)
 */
export function templateCrmOf(legal: Pick<WorkspaceLegal, "processors">): TemplateCrm | null {
  for (const processor of legal.processors) {
    const host = normaliseDomain(processor.domain);
    if (!processor.dpaSigned || host === "") continue;
    return { name: processor.name.trim() || host, host };
  }
  return null;
}

export interface CreateFlowOptions {
  id: string;
  name: string;
  locale: Locale;
  /** Target channels; all four by default. */
  channels?: Channel[];
  /**
   * Controller name for the texts, for previews and tests only. Stored flows leave it out: `{company}` stays for the
   * exporter to fill, so the texts still name the controller after the legal settings change.
   */
  company?: string;
  /** Form of address of every text (German du or Sie); informal by default. */
  formality?: Formality;
  /** The processor the webhooks post to (see `templateCrmOf`); the example CRM by default. */
  crm?: TemplateCrm | null;
}

/** A node before it is placed on the canvas. */
type UnplacedNode = FlowNode extends infer N ? (N extends FlowNode ? Omit<N, "position"> : never) : never;

/** Collects nodes and edges with a simple top-to-bottom layout. */
class FlowSketch {
  readonly nodes: FlowNode[] = [];
  readonly edges: FlowEdge[] = [];
  private row = 0;

  add(node: UnplacedNode & { id: string }, column = 0): string {
    const position = { x: 300 * column, y: 160 * this.row++ };
    this.nodes.push({ ...node, position } as FlowNode);
    return node.id;
  }

  link(source: string, sourceHandle: string, target: string): void {
    this.edges.push({ id: `e-${source}-${sourceHandle}-${target}`, source, sourceHandle, target });
  }
}

const DE_INFORMAL_TEMPLATE = {
  servicePurpose: { label: "Deine Anfrage beantworten", description: "Wir nutzen deine Nachrichten, um deine Fragen zu beantworten." },
  serviceConsent: "deine Nachrichten",
  servicePurposePhrase: "deine Fragen zu beantworten",
  welcome: "Schön, dass du da bist! Womit kann ich dir helfen?",
  goodbye: "Danke für deine Nachricht. Bis bald!",
  marketingPurpose: { label: "Newsletter", description: "Angebote und Neuigkeiten per Messenger." },
  subscribed: "Super, du bist angemeldet! Abmelden kannst du dich jederzeit mit STOP.",
  leadPurpose: { label: "Kontaktanfrage", description: "Wir melden uns bei dir zu deiner Anfrage." },
  leadData: "deinen Namen und deine E-Mail-Adresse",
  leadPurposePhrase: "dich zu deiner Anfrage zu kontaktieren",
  askName: "Wie heißt du?",
  askEmail: "Unter welcher E-Mail-Adresse erreichen wir dich?",
  invalidEmail: "Das sieht nicht wie eine E-Mail-Adresse aus. Magst du es noch einmal versuchen?",
  leadThanks: "Danke, {{name}}! Wir melden uns unter {{email}}.",
  sendFailed: "Das hat leider nicht geklappt. Bitte versuch es später noch einmal.",
  appointmentPurpose: { label: "Terminanfrage", description: "Wir vereinbaren mit dir einen Termin." },
  appointmentData: "deinen Namen und deinen Wunschtermin",
  appointmentPurposePhrase: "mit dir einen Termin zu vereinbaren",
  askDate: "An welchem Tag passt es dir am besten?",
  appointmentThanks: "Danke, {{name}}! Wir schauen nach einem Termin am {{preferredDate}}.",
  anythingElse: "Kann ich sonst noch etwas für dich tun? Schreib mir einfach.",
};

type TemplateTexts = typeof DE_INFORMAL_TEMPLATE;

const DE_FORMAL_TEMPLATE: TemplateTexts = {
  servicePurpose: { label: "Ihre Anfrage beantworten", description: "Wir nutzen Ihre Nachrichten, um Ihre Fragen zu beantworten." },
  serviceConsent: "Ihre Nachrichten",
  servicePurposePhrase: "Ihre Fragen zu beantworten",
  welcome: "Schön, dass Sie da sind! Womit kann ich Ihnen helfen?",
  goodbye: "Danke für Ihre Nachricht. Bis bald!",
  marketingPurpose: { label: "Newsletter", description: "Angebote und Neuigkeiten per Messenger." },
  subscribed: "Vielen Dank, Sie sind angemeldet! Abmelden können Sie sich jederzeit mit STOP.",
  leadPurpose: { label: "Kontaktanfrage", description: "Wir melden uns bei Ihnen zu Ihrer Anfrage." },
  leadData: "Ihren Namen und Ihre E-Mail-Adresse",
  leadPurposePhrase: "Sie zu Ihrer Anfrage zu kontaktieren",
  askName: "Wie heißen Sie?",
  askEmail: "Unter welcher E-Mail-Adresse erreichen wir Sie?",
  invalidEmail: "Das sieht nicht wie eine E-Mail-Adresse aus. Möchten Sie es noch einmal versuchen?",
  leadThanks: "Danke, {{name}}! Wir melden uns unter {{email}}.",
  sendFailed: "Das hat leider nicht geklappt. Bitte versuchen Sie es später noch einmal.",
  appointmentPurpose: { label: "Terminanfrage", description: "Wir vereinbaren mit Ihnen einen Termin." },
  appointmentData: "Ihren Namen und Ihren Wunschtermin",
  appointmentPurposePhrase: "mit Ihnen einen Termin zu vereinbaren",
  askDate: "An welchem Tag passt es Ihnen am besten?",
  appointmentThanks: "Danke, {{name}}! Wir schauen nach einem Termin am {{preferredDate}}.",
  anythingElse: "Kann ich sonst noch etwas für Sie tun? Schreiben Sie mir einfach.",
};

const EN_INFORMAL_TEMPLATE: TemplateTexts = {
  servicePurpose: { label: "Answering your request", description: "We use your messages to answer your questions." },
  serviceConsent: "your messages",
  servicePurposePhrase: "answer your questions",
  welcome: "Great to have you here! How can I help?",
  goodbye: "Thanks for your message. See you soon!",
  marketingPurpose: { label: "Newsletter", description: "Offers and news via messenger." },
  subscribed: "Great, you are signed up! You can unsubscribe at any time with STOP.",
  leadPurpose: { label: "Contact request", description: "We get back to you about your request." },
  leadData: "your name and email address",
  leadPurposePhrase: "contact you about your request",
  askName: "What is your name?",
  askEmail: "Which email address can we reach you at?",
  invalidEmail: "That does not look like an email address. Would you like to try again?",
  leadThanks: "Thanks, {{name}}! We will get back to you at {{email}}.",
  sendFailed: "Sorry, that did not work. Please try again later.",
  appointmentPurpose: { label: "Appointment request", description: "We arrange an appointment with you." },
  appointmentData: "your name and preferred date",
  appointmentPurposePhrase: "arrange an appointment with you",
  askDate: "Which day suits you best?",
  appointmentThanks: "Thanks, {{name}}! We are looking for an appointment on {{preferredDate}}.",
  anythingElse: "Is there anything else I can do for you? Just write to me.",
};

const EN_FORMAL_TEMPLATE: TemplateTexts = {
  ...EN_INFORMAL_TEMPLATE,
  welcome: "Welcome. How may I help you?",
  goodbye: "Thank you for your message. Kind regards.",
  subscribed: "Thank you, you are now subscribed. You may unsubscribe at any time by writing STOP.",
  askName: "May I have your name?",
  askEmail: "At which email address may we contact you?",
  invalidEmail: "That does not appear to be an email address. Would you kindly try again?",
  sendFailed: "We apologise, that did not work. Please try again later.",
  askDate: "Which day would suit you best?",
  anythingElse: "Is there anything else I can do for you? Simply write to me.",
};

const TEMPLATE_TEXTS: Record<Locale, Record<Formality, TemplateTexts>> = {
  de: { informal: DE_INFORMAL_TEMPLATE, formal: DE_FORMAL_TEMPLATE },
  en: { informal: EN_INFORMAL_TEMPLATE, formal: EN_FORMAL_TEMPLATE },
};

/**
 * Adds start → bot disclosure → privacy notice → consent and the polite end after
 * decline; returns the consent id so the caller connects `accept` to its first step.
 */
function addCompliancePrefix(
  sketch: FlowSketch,
  texts: DefaultTexts,
  consent: { purpose: string; purposeName: string; purposePhrase: string; data: string; recipients: string[] },
): string {
  const keyword = DEFAULT_OPT_OUT_KEYWORDS[0];
  sketch.add({ id: "start", type: "start", data: { trigger: "getStarted" } });
  sketch.add({ id: "disclosure", type: "botDisclosure", data: { text: texts.botDisclosure(COMPANY_PLACEHOLDER) } });
  sketch.add({ id: "privacy", type: "privacyNotice", data: { text: texts.privacyNotice(COMPANY_PLACEHOLDER) } });
  sketch.add({
    id: "consent",
    type: "consent",
    data: {
      text: texts.consent({
        company: COMPANY_PLACEHOLDER,
        purposeLabel: consent.purposePhrase,
        purposeName: consent.purposeName,
        dataDescription: consent.data,
        recipients: consent.recipients,
      }),
      purposes: [consent.purpose],
      explicit: false,
      categories: [],
      acceptLabel: texts.acceptLabel,
      declineLabel: texts.declineLabel,
      withdrawalHint: texts.withdrawalHint(keyword),
    },
  });
  sketch.add({ id: "end-declined", type: "end", data: { text: texts.declinedEnd } }, 1);
  sketch.link("start", "next", "disclosure");
  sketch.link("disclosure", "next", "privacy");
  sketch.link("privacy", "next", "consent");
  sketch.link("consent", "decline", "end-declined");
  return "consent";
}

/** What a template body writes with: the template's and the compliance steps' texts in one language and form of address. */
interface TemplateLanguage {
  t: TemplateTexts;
  texts: DefaultTexts;
  /** The processor the webhooks post to, named as recipient in the consent. */
  crm: TemplateCrm;
}

type DefaultTexts = ReturnType<typeof defaultTexts>;

type Body = (sketch: FlowSketch, language: TemplateLanguage) => Purpose[];

const BODIES: Record<TemplateId, Body> = {
  default(sketch, { t, texts }) {
    const consent = addCompliancePrefix(sketch, texts, {
      purpose: "service",
      purposeName: t.servicePurpose.label,
      purposePhrase: t.servicePurposePhrase,
      data: t.serviceConsent,
      recipients: [],
    });
    sketch.add({ id: "welcome", type: "message", data: { text: t.welcome, promotional: false } });
    sketch.add({ id: "end", type: "end", data: { text: t.goodbye } });
    sketch.link(consent, "accept", "welcome");
    sketch.link("welcome", "next", "end");
    return [{ id: "service", ...t.servicePurpose }];
  },

  newsletter(sketch, { t, texts }) {
    const consent = addCompliancePrefix(sketch, texts, {
      purpose: MARKETING_PURPOSE,
      purposeName: t.marketingPurpose.label,
      purposePhrase: texts.purposeMarketing,
      data: texts.dataForSubscribe,
      recipients: [],
    });
    sketch.add({ id: "subscribe", type: "subscribe", data: { list: "newsletter" } });
    sketch.add({ id: "subscribed", type: "message", data: { text: t.subscribed, promotional: false } });
    sketch.add({ id: "end", type: "end", data: {} });
    sketch.link(consent, "accept", "subscribe");
    sketch.link("subscribe", "next", "subscribed");
    sketch.link("subscribed", "next", "end");
    return [{ id: MARKETING_PURPOSE, ...t.marketingPurpose }];
  },

  leadCapture(sketch, { t, texts, crm }) {
    const consent = addCompliancePrefix(sketch, texts, {
      purpose: "lead",
      purposeName: t.leadPurpose.label,
      purposePhrase: t.leadPurposePhrase,
      data: t.leadData,
      recipients: [crm.name],
    });
    addNameEmailAndCrm(sketch, t, crm, "lead", ["name", "email"], t.leadThanks);
    sketch.link(consent, "accept", "ask-name");
    sketch.add({ id: "end", type: "end", data: {} });
    sketch.link("sent", "next", "end");
    sketch.link("send-failed", "next", "end");
    return [{ id: "lead", ...t.leadPurpose }];
  },

  appointment(sketch, { t, texts, crm }) {
    const consent = addCompliancePrefix(sketch, texts, {
      purpose: "appointment",
      purposeName: t.appointmentPurpose.label,
      purposePhrase: t.appointmentPurposePhrase,
      data: t.appointmentData,
      recipients: [crm.name],
    });
    sketch.add({
      id: "ask-name",
      type: "input",
      data: { text: t.askName, variable: "name", inputType: "text", personalData: true, purpose: "appointment", retentionDays: 90 },
    });
    sketch.add({
      id: "ask-date",
      type: "input",
      data: {
        text: t.askDate,
        variable: "preferredDate",
        inputType: "date",
        personalData: true,
        purpose: "appointment",
        retentionDays: 90,
      },
    });
    sketch.add({
      id: "crm",
      type: "webhook",
      data: {
        url: `https://${crm.host}/api/appointments`,
        processor: crm.name,
        sends: ["name", "preferredDate"],
        purpose: "appointment",
      },
    });
    sketch.add({ id: "sent", type: "message", data: { text: t.appointmentThanks, promotional: false } });
    sketch.add({ id: "send-failed", type: "message", data: { text: t.sendFailed, promotional: false } }, 1);
    sketch.add({ id: "handoff", type: "handoff", data: { notice: texts.handoffNotice, resumeText: texts.handoffResume } });
    sketch.add({ id: "redisclosure", type: "botDisclosure", data: { text: texts.redisclosure(COMPANY_PLACEHOLDER) } });
    sketch.add({ id: "anything-else", type: "message", data: { text: t.anythingElse, promotional: false } });
    sketch.add({ id: "end", type: "end", data: {} });
    sketch.link(consent, "accept", "ask-name");
    sketch.link("ask-name", "next", "ask-date");
    sketch.link("ask-date", "next", "crm");
    sketch.link("crm", "success", "sent");
    sketch.link("crm", "failure", "send-failed");
    sketch.link("sent", "next", "handoff");
    sketch.link("send-failed", "next", "end");
    sketch.link("handoff", "next", "redisclosure");
    sketch.link("redisclosure", "next", "anything-else");
    sketch.link("anything-else", "next", "end");
    return [{ id: "appointment", ...t.appointmentPurpose }];
  },
};

/** Name and email inputs, then the CRM webhook with a thank-you and a failure message. */
function addNameEmailAndCrm(
  sketch: FlowSketch,
  t: TemplateTexts,
  crm: TemplateCrm,
  purpose: string,
  sends: string[],
  thanks: string,
): void {
  sketch.add({
    id: "ask-name",
    type: "input",
    data: { text: t.askName, variable: "name", inputType: "text", personalData: true, purpose, retentionDays: 180 },
  });
  sketch.add({
    id: "ask-email",
    type: "input",
    data: { text: t.askEmail, variable: "email", inputType: "email", personalData: true, purpose, retentionDays: 180 },
  });
  sketch.add({ id: "email-invalid", type: "message", data: { text: t.invalidEmail, promotional: false } }, 1);
  sketch.add({
    id: "crm",
    type: "webhook",
    data: { url: `https://${crm.host}/api/leads`, processor: crm.name, sends, purpose },
  });
  sketch.add({ id: "sent", type: "message", data: { text: thanks, promotional: false } });
  sketch.add({ id: "send-failed", type: "message", data: { text: t.sendFailed, promotional: false } }, 1);
  sketch.link("ask-name", "next", "ask-email");
  sketch.link("ask-email", "next", "crm");
  // A mistyped address is asked again, so the same variable is never collected twice.
  sketch.link("ask-email", "invalid", "email-invalid");
  sketch.link("email-invalid", "next", "ask-email");
  sketch.link("crm", "success", "sent");
  sketch.link("crm", "failure", "send-failed");
}

/** Whether a string names one of the templates. */
export function isTemplateId(value: string): value is TemplateId {
  return (TEMPLATE_IDS as readonly string[]).includes(value);
}

/**
 * A new flow document from a template, with texts in the requested locale.
 * Settings start with the opt-out keywords STOP, STOPP, ABMELDEN and re-disclosure
 * after 24 hours. Throws on an unknown template id (a programming error).
 */
export function createFlowFromTemplate(templateId: TemplateId, options: CreateFlowOptions): FlowDocument {
  const body = BODIES[templateId];
  if (!body) throw new Error(`Unknown template "${templateId}"`);
  const sketch = new FlowSketch();
  const formality: Formality = options.formality === "formal" ? "formal" : DEFAULT_FORMALITY;
  const texts = defaultTexts(options.locale, formality);
  const purposes = body(sketch, { t: TEMPLATE_TEXTS[options.locale][formality], texts, crm: options.crm ?? EXAMPLE_CRM });
  const company = options.company;
  const nodes = company ? sketch.nodes.map((node) => withCompany(node, company)) : sketch.nodes;
  return {
    schemaVersion: 1,
    id: options.id,
    name: options.name,
    locale: options.locale,
    channels: options.channels ? [...options.channels] : [...CHANNELS],
    purposes,
    settings: {
      optOut: {
        keywords: [...DEFAULT_OPT_OUT_KEYWORDS],
        confirmation: texts.optOutConfirmation,
      },
      redisclosureAfterHours: DEFAULT_REDISCLOSURE_AFTER_HOURS,
      formality,
    },
    nodes,
    edges: sketch.edges,
  };
}

/** Fills `{company}` in a node's texts when the controller name is known. */
function withCompany(node: FlowNode, company: string): FlowNode {
  const data: Record<string, unknown> = { ...node.data };
  if (typeof data.text === "string") data.text = fillCompany(data.text, company);
  return { ...node, data } as FlowNode;
}
