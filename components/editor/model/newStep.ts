import { MARKETING_PURPOSE, type NodeType } from "@/core/flow/constants";
import { DEFAULT_TEXTS } from "@/core/flow/defaultTexts";
import type { Locale } from "@/core/flow/schema";
import { NOTE_TYPE, type CanvasNode, type FlowMeta, type StepData, type XY } from "./types";

export type PaletteType = NodeType | typeof NOTE_TYPE;

const TEXTS = {
  de: {
    message: "Neue Nachricht",
    choice: "Wofür interessierst du dich?",
    option: (n: number) => `Option ${n}`,
    input: "Wie lautet deine E-Mail-Adresse?",
    handoffNotice: "Ich verbinde dich jetzt mit einem Menschen aus unserem Team.",
    handoffResume: "Danke für deine Geduld!",
    end: "Danke und bis bald!",
    list: "newsletter",
  },
  en: {
    message: "New message",
    choice: "What are you interested in?",
    option: (n: number) => `Option ${n}`,
    input: "What is your email address?",
    handoffNotice: "I am connecting you with a person from our team now.",
    handoffResume: "Thank you for your patience!",
    end: "Thanks, and see you soon!",
    list: "newsletter",
  },
} as const;

/** A short random id; collisions are checked against the ids in use. */
export function freshId(prefix: string, taken: ReadonlySet<string>): string {
  for (;;) {
    const id = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
    if (!taken.has(id)) return id;
  }
}

function uniqueVariable(base: string, nodes: readonly CanvasNode[]): string {
  const used = new Set(nodes.map((n) => (n.type === "input" ? String(n.data.variable ?? "") : "")));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

/** The data a new step starts with: sensible texts in the flow's language. */
export function defaultStepData(
  type: PaletteType,
  context: { locale: Locale; company: string; meta: FlowMeta; nodes: readonly CanvasNode[] },
): StepData {
  const texts = TEXTS[context.locale];
  const legal = DEFAULT_TEXTS[context.locale];
  const firstPurpose = context.meta.purposes.find((p) => p.id !== MARKETING_PURPOSE)?.id ?? MARKETING_PURPOSE;
  const keyword = context.meta.settings.optOut.keywords[0] ?? "STOP";
  switch (type) {
    case "start":
      return { trigger: "getStarted" };
    case "botDisclosure":
      return { text: legal.botDisclosure(context.company) };
    case "privacyNotice":
      return { text: legal.privacyNotice(context.company) };
    case "consent":
      return {
        text: legal.consent({ company: context.company, purposeLabel: legal.purposeMarketing, dataDescription: legal.dataGeneric }),
        purposes: [MARKETING_PURPOSE],
        explicit: false,
        categories: [],
        acceptLabel: legal.acceptLabel,
        declineLabel: legal.declineLabel,
        withdrawalHint: legal.withdrawalHint(keyword),
      };
    case "message":
      return { text: texts.message, promotional: false };
    case "choice":
      return {
        text: texts.choice,
        options: [
          { id: "option-1", label: texts.option(1) },
          { id: "option-2", label: texts.option(2) },
        ],
      };
    case "input":
      return {
        text: texts.input,
        variable: uniqueVariable("email", context.nodes),
        inputType: "email",
        personalData: true,
        purpose: firstPurpose,
        retentionDays: 180,
      };
    case "condition":
      return { variable: "", operator: "equals", value: "" };
    case "delay":
      return { seconds: 5 };
    case "handoff":
      return { notice: texts.handoffNotice, resumeText: texts.handoffResume };
    case "webhook":
      return { url: "https://", processor: "", sends: [], purpose: firstPurpose };
    case "subscribe":
      return { list: texts.list };
    case "end":
      return { text: texts.end };
    case NOTE_TYPE:
      return { text: "" };
  }
}

/** A new canvas node of `type` at `position` with a fresh id. */
export function createStep(
  type: PaletteType,
  position: XY,
  context: { locale: Locale; company: string; meta: FlowMeta; nodes: readonly CanvasNode[] },
): CanvasNode {
  const taken = new Set(context.nodes.map((n) => n.id));
  const id = freshId(type === NOTE_TYPE ? "note" : type, taken);
  return {
    id,
    type,
    position,
    data: defaultStepData(type, context),
    ...(type === NOTE_TYPE ? { zIndex: -1 } : {}),
  };
}
