import { z } from "zod";
import {
  CHANNELS,
  CONDITION_OPERATORS,
  FORMALITIES,
  INPUT_TYPES,
  LOCALES,
  SPECIAL_CATEGORIES,
  START_TRIGGERS,
  type NodeType,
} from "./constants";

export * from "./constants";

/**
 * Zod schemas for the flow document, format v1 (see the design document: it is a
 * contract; renaming a field here is a new format version).
 *
 * The schemas check structure only: that a field is present and has the right type.
 * Semantic checks that a marketer should see as a compliance diagnostic (an empty
 * consent text, a missing purpose name, a non-https webhook) are rules in
 * `server/compliance`, so empty strings are accepted here on purpose.
 *
 * Objects are "loose": extra optional fields (a node title, editor state) survive a
 * parse instead of being silently dropped on save.
 */

export const ZChannel = z.enum(CHANNELS);
export type Channel = z.infer<typeof ZChannel>;

export const ZLocale = z.enum(LOCALES);
export type Locale = z.infer<typeof ZLocale>;

/** Special categories of personal data, GDPR Art. 9(1). */
export const ZSpecialCategory = z.enum(SPECIAL_CATEGORIES);
export type SpecialCategory = z.infer<typeof ZSpecialCategory>;

const ZPosition = z.looseObject({ x: z.number(), y: z.number() });

/*
 * Storage limits per field, so no single text can grow a document without bound.
 * They match the largest limit any channel accepts (WhatsApp and Telegram: 4,096
 * characters per message); the per-channel limits stay compliance diagnostics.
 */
export const TEXT_MAX_CHARACTERS = 4096;
/** Ids of steps, options, purposes: WhatsApp's reply button id is the longest (256). */
export const ID_MAX = 256;
export const URL_MAX = 2048;
/** Keywords, purposes and the like per list of strings. */
export const LIST_MAX = 100;

/** Code points, as the channels count them; a cheap length check first. */
function withinCharacters(text: string, max: number): boolean {
  if (text.length <= max) return true;
  if (text.length > max * 2) return false;
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) count++;
  }
  return count <= max;
}

const ZText = z.string().superRefine((text, ctx) => {
  if (!withinCharacters(text, TEXT_MAX_CHARACTERS)) {
    ctx.addIssue({ code: "too_big", origin: "string", maximum: TEXT_MAX_CHARACTERS, inclusive: true, input: text });
  }
});
const ZId = z.string().min(1).max(ID_MAX);
/** Other strings (variable names, URLs, keywords): never longer than a text. */
const ZShort = z.string().max(TEXT_MAX_CHARACTERS);

export const ZStartData = z.looseObject({
  trigger: z.enum(START_TRIGGERS),
  keywords: z.array(ZShort).max(LIST_MAX).optional(),
});
export const ZBotDisclosureData = z.looseObject({ text: ZText });
export const ZPrivacyNoticeData = z.looseObject({ text: ZText });
export const ZConsentData = z.looseObject({
  text: ZText,
  purposes: z.array(ZShort).max(LIST_MAX),
  explicit: z.boolean(),
  categories: z.array(ZSpecialCategory),
  acceptLabel: ZText,
  declineLabel: ZText,
  withdrawalHint: ZText,
});
export const ZMessageData = z.looseObject({
  text: ZText,
  promotional: z.boolean(),
  /** Why a text that reads like advertising is none: the one audited override of the advertising inference. */
  notAdvertisingReason: ZText.optional(),
});
export const ZChoiceOption = z.looseObject({ id: ZId, label: ZText });
export const ZChoiceData = z.looseObject({ text: ZText, options: z.array(ZChoiceOption) });
export const ZInputData = z.looseObject({
  text: ZText,
  variable: ZShort,
  inputType: z.enum(INPUT_TYPES),
  personalData: z.boolean().default(true),
  purpose: ZShort,
  specialCategory: ZSpecialCategory.optional(),
  retentionDays: z.number().int().nonnegative(),
});
export const ZConditionData = z.looseObject({
  variable: ZShort,
  operator: z.enum(CONDITION_OPERATORS),
  value: z.union([ZText, z.number(), z.boolean()]),
});
export const ZDelayData = z.looseObject({ seconds: z.number().nonnegative() });
export const ZHandoffData = z.looseObject({ notice: ZText, resumeText: ZText });
export const ZWebhookData = z.looseObject({
  url: z.string().max(Math.min(URL_MAX, TEXT_MAX_CHARACTERS)),
  processor: ZShort,
  sends: z.array(ZShort).max(LIST_MAX),
  purpose: ZShort,
});
export const ZSubscribeData = z.looseObject({ list: ZShort });
export const ZEndData = z.looseObject({ text: ZText.optional() });

/** Builds the schema of one node type; `data` is the type-specific part. */
function nodeOf<T extends NodeType, D extends z.ZodType>(type: T, data: D) {
  return z.looseObject({ id: ZId, type: z.literal(type), position: ZPosition, data });
}

export const ZStartNode = nodeOf("start", ZStartData);
export const ZBotDisclosureNode = nodeOf("botDisclosure", ZBotDisclosureData);
export const ZPrivacyNoticeNode = nodeOf("privacyNotice", ZPrivacyNoticeData);
export const ZConsentNode = nodeOf("consent", ZConsentData);
export const ZMessageNode = nodeOf("message", ZMessageData);
export const ZChoiceNode = nodeOf("choice", ZChoiceData);
export const ZInputNode = nodeOf("input", ZInputData);
export const ZConditionNode = nodeOf("condition", ZConditionData);
export const ZDelayNode = nodeOf("delay", ZDelayData);
export const ZHandoffNode = nodeOf("handoff", ZHandoffData);
export const ZWebhookNode = nodeOf("webhook", ZWebhookData);
export const ZSubscribeNode = nodeOf("subscribe", ZSubscribeData);
export const ZEndNode = nodeOf("end", ZEndData);

/** One step of a flow, discriminated on `type`. */
export const ZFlowNode = z.discriminatedUnion("type", [
  ZStartNode,
  ZBotDisclosureNode,
  ZPrivacyNoticeNode,
  ZConsentNode,
  ZMessageNode,
  ZChoiceNode,
  ZInputNode,
  ZConditionNode,
  ZDelayNode,
  ZHandoffNode,
  ZWebhookNode,
  ZSubscribeNode,
  ZEndNode,
]);

export const ZFlowEdge = z.looseObject({
  id: ZId,
  source: ZId,
  sourceHandle: ZShort,
  target: ZId,
});

export const ZPurpose = z.looseObject({ id: ZId, label: ZText, description: ZText });

export const ZFlowSettings = z.looseObject({
  optOut: z.looseObject({ keywords: z.array(ZShort).max(LIST_MAX), confirmation: ZText }),
  redisclosureAfterHours: z.number().nonnegative(),
  /** How German texts address the user: du (informal, the default) or Sie; English texts change their tone. */
  formality: z.enum(FORMALITIES).optional(),
  /** Hours a handoff may stay unanswered before the bot says so and resumes (default 24). */
  handoffTimeoutHours: z.number().positive().optional(),
});

/**
 * The whole flow document (structure only). Use `parseFlowDocument` for input from
 * outside: it adds document limits, cross-reference checks (edges, ids, purposes)
 * and localised error messages.
 */
export const ZFlowDocument = z.looseObject({
  schemaVersion: z.literal(1),
  id: ZId,
  name: ZText,
  locale: ZLocale,
  channels: z.array(ZChannel),
  purposes: z.array(ZPurpose),
  settings: ZFlowSettings,
  nodes: z.array(ZFlowNode),
  edges: z.array(ZFlowEdge),
});

export type FlowDocument = z.output<typeof ZFlowDocument>;
/** A flow document before defaults are applied (what an editor may hold). */
export type FlowDocumentInput = z.input<typeof ZFlowDocument>;
export type FlowNode = z.output<typeof ZFlowNode>;
export type FlowEdge = z.output<typeof ZFlowEdge>;
export type Purpose = z.output<typeof ZPurpose>;
export type FlowSettings = z.output<typeof ZFlowSettings>;
export type Formality = (typeof FORMALITIES)[number];
/** The node of one type, e.g. `NodeOfType<"consent">`. */
export type NodeOfType<T extends NodeType> = Extract<FlowNode, { type: T }>;
/** The `data` of one node type, e.g. `NodeData<"input">`. */
export type NodeData<T extends NodeType> = NodeOfType<T>["data"];
/**
 * A step's type and data, correlated: what classifying a step needs (its outputs, its
 * texts). Every `FlowNode` is one, and so is a step on the editor's canvas.
 */
export type StepContent = { [T in NodeType]: { type: T; data: NodeData<T> } }[NodeType];
