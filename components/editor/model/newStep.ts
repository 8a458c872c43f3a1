import { MARKETING_PURPOSE, type NodeType } from "@/core/flow/constants";
import type { NodeData } from "@/core/flow/schema";
import { defaultTexts } from "@/core/flow/defaultTexts";
import type { Locale } from "@/core/flow/schema";
import { NOTE_TYPE, type CanvasNode, type FlowMeta, type NoteCanvasNode, type NoteData, type StepNodeOf, type XY } from "./types";

export type PaletteType = NodeType | typeof NOTE_TYPE;
/** The data a palette entry's node holds: the step type's data, or a note's. */
type PaletteData = { [T in NodeType]: NodeData<T> } & { [NOTE_TYPE]: NoteData };
/** The canvas node a palette entry creates. */
export type CanvasNodeOf<T extends PaletteType> = T extends NodeType ? StepNodeOf<T> : NoteCanvasNode;

/** A short random id; collisions are checked against the ids in use. */
export function freshId(prefix: string, taken: ReadonlySet<string>): string {
  for (;;) {
    const id = `${prefix}-${Math.random().toString(36).slice(2, 8)}`;
    if (!taken.has(id)) return id;
  }
}

function uniqueVariable(base: string, nodes: readonly CanvasNode[]): string {
  const used = new Set(nodes.map((n) => (n.type === "input" ? n.data.variable : "")));
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

type StepContext = { locale: Locale; company: string; meta: FlowMeta; nodes: readonly CanvasNode[] };

/** The flow's default texts: its language and its form of address (du/Sie), which every new step follows. */
function textsOf(context: StepContext) {
  return defaultTexts(context.locale, context.meta.settings.formality);
}

/** What each type of step starts with: sensible texts in the flow's language. */
const DEFAULTS: { [T in PaletteType]: (context: StepContext) => PaletteData[T] } = {
  start: () => ({ trigger: "getStarted" }),
  botDisclosure: (context) => ({ text: textsOf(context).botDisclosure(context.company) }),
  privacyNotice: (context) => ({ text: textsOf(context).privacyNotice(context.company) }),
  consent: (context) => {
    const legal = textsOf(context);
    const keyword = context.meta.settings.optOut.keywords[0] ?? "STOP";
    return {
      text: legal.consent({ company: context.company, purposeLabel: legal.purposeMarketing, dataDescription: legal.dataGeneric }),
      purposes: [MARKETING_PURPOSE],
      explicit: false,
      categories: [],
      acceptLabel: legal.acceptLabel,
      declineLabel: legal.declineLabel,
      withdrawalHint: legal.withdrawalHint(keyword),
    };
  },
  message: (context) => ({ text: textsOf(context).newMessage, promotional: false }),
  choice: (context) => {
    const texts = textsOf(context);
    return {
      text: texts.choiceQuestion,
      options: [
        { id: "option-1", label: texts.option(1) },
        { id: "option-2", label: texts.option(2) },
      ],
    };
  },
  input: (context) => ({
    text: textsOf(context).emailQuestion,
    variable: uniqueVariable("email", context.nodes),
    inputType: "email",
    personalData: true,
    purpose: firstPurpose(context.meta),
    retentionDays: 180,
  }),
  condition: () => ({ variable: "", operator: "equals", value: "" }),
  delay: () => ({ seconds: 5 }),
  handoff: (context) => ({ notice: textsOf(context).handoffNotice, resumeText: textsOf(context).handoffResume }),
  webhook: (context) => ({ url: "https://", processor: "", sends: [], purpose: firstPurpose(context.meta) }),
  subscribe: () => ({ list: "newsletter" }),
  end: (context) => ({ text: textsOf(context).endText }),
  [NOTE_TYPE]: () => ({ text: "" }),
};

function firstPurpose(meta: FlowMeta): string {
  return meta.purposes.find((p) => p.id !== MARKETING_PURPOSE)?.id ?? MARKETING_PURPOSE;
}

/** The data a new step starts with: sensible texts in the flow's language. */
export function defaultStepData<T extends PaletteType>(type: T, context: StepContext): PaletteData[T] {
  return DEFAULTS[type](context);
}

/** A new canvas node of `type` at `position` with a fresh id. */
export function createStep<T extends PaletteType>(type: T, position: XY, context: StepContext): CanvasNodeOf<T>;
export function createStep(type: PaletteType, position: XY, context: StepContext): CanvasNode {
  const taken = new Set(context.nodes.map((n) => n.id));
  const id = freshId(type === NOTE_TYPE ? "note" : type, taken);
  const node = { id, type, position, data: defaultStepData(type, context), ...(type === NOTE_TYPE ? { zIndex: -1 } : {}) };
  // `type` and `data` come from the same key of DEFAULTS, which is checked per type above;
  // TypeScript cannot follow that link through a variable key.
  return node as CanvasNode;
}
