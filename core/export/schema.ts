import { z } from "zod";
import { CONSENT_OUTCOMES } from "../domain/consent";
import { INPUT_TYPES, ZChannel, ZFlowEdge, ZFlowNode, ZLocale, ZPurpose, ZSpecialCategory } from "../flow/schema";

/**
 * The canonical export, format `flowguard.export/v1`: everything a deployed bot
 * needs to run a published flow, and nothing from the database. A contract like the
 * flow document: bots, the JSON Schema at /schemas/flowguard-export-v1.json and the
 * runtime depend on these names; renaming one is a new format.
 */
export const EXPORT_FORMAT = "flowguard.export/v1";

const ZHash = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .describe("SHA-256, 64 lowercase hex digits");

/** A platform request body (Send API, Cloud API, Bot API), ready to send once a recipient is added. */
export const ZChannelPayload = z.record(z.string(), z.unknown()).describe("A request body of the channel's API without the recipient");

export const ZExportButton = z.object({ id: z.string(), label: z.string() });

/** A safe change a renderer made to fit a platform (a list instead of buttons, a split text). */
export const ZAdaptation = z.object({
  nodeId: z.string(),
  kind: z.enum(["list", "split", "pages"]),
  message: z.string(),
});

export const ZExportStep = z.object({
  nodeId: z.string(),
  type: z.string(),
  /** Payloads to send when the step is reached, in order; `{{variable}}` is filled in by the runtime. */
  payloads: z.array(ZChannelPayload),
  /** The buttons shown with the last payload; their ids are the output handles. */
  buttons: z.array(ZExportButton),
  /** Handoff steps: what is sent when the bot takes over again. */
  resumePayloads: z.array(ZChannelPayload).optional(),
});

export const ZExportVariable = z.object({
  name: z.string(),
  nodeId: z.string(),
  inputType: z.enum(INPUT_TYPES),
  personalData: z.boolean(),
  purpose: z.string(),
  specialCategory: ZSpecialCategory.nullable(),
  retentionDays: z.number().int().nonnegative(),
});

export const ZExportConsent = z.object({
  nodeId: z.string(),
  purposes: z.array(z.string()),
  explicit: z.boolean(),
  categories: z.array(ZSpecialCategory),
  /** The exact text shown (question and withdrawal hint), with the controller filled in. */
  text: z.string(),
  /** SHA-256 of what the user saw: the UTF-8 JSON array `[text, acceptLabel, declineLabel]`. */
  textHash: ZHash.describe("SHA-256 of the UTF-8 JSON array [text, acceptLabel, declineLabel]"),
  acceptLabel: z.string(),
  declineLabel: z.string(),
});

export const ZExportDiagnostic = z.object({
  rule: z.string(),
  severity: z.enum(["error", "warning"]),
  nodeId: z.string().nullable(),
  message: z.string(),
  path: z.array(z.string()).optional(),
});

export const ZMessengerProfile = z.object({
  channel: z.literal("messenger"),
  get_started: z.object({ payload: z.string() }),
  greeting: z.array(z.object({ locale: z.string(), text: z.string() })),
  persistent_menu: z.array(z.record(z.string(), z.unknown())),
});
export const ZTelegramProfile = z.object({
  channel: z.literal("telegram"),
  setMyCommands: z.object({ commands: z.array(z.object({ command: z.string(), description: z.string() })) }),
});
export const ZWhatsAppProfile = z.object({
  channel: z.literal("whatsapp"),
  /** Keywords a user may write at any time, answered with the link. */
  keywords: z.object({ privacy: z.array(z.string()), impressum: z.array(z.string()), optOut: z.array(z.string()) }),
});
export const ZInstagramProfile = z.object({
  channel: z.literal("instagram"),
  get_started: z.object({ payload: z.string() }),
  ice_breakers: z.array(z.object({ question: z.string(), payload: z.string() })),
});
export const ZChannelProfile = z.discriminatedUnion("channel", [ZMessengerProfile, ZTelegramProfile, ZWhatsAppProfile, ZInstagramProfile]);

export const ZFlowguardExport = z.object({
  format: z.literal(EXPORT_FORMAT),
  flow: z.object({
    id: z.string(),
    name: z.string(),
    locale: ZLocale,
    /** Published version number; 0 for an unpublished draft (preview). */
    version: z.number().int().nonnegative(),
    contentHash: ZHash,
    publishedAt: z.string().nullable(),
  }),
  /** The channel the payloads are rendered for; null in the channel-neutral (canonical) export. */
  channel: ZChannel.nullable(),
  legal: z.object({
    controller: z.object({ name: z.string(), address: z.string() }),
    impressumUrl: z.string(),
    privacyPolicyUrl: z.string(),
    privacyContact: z.string(),
  }),
  optOut: z.object({
    keywords: z.array(z.string()),
    confirmation: z.string(),
    confirmationHash: ZHash,
  }),
  redisclosureAfterHours: z.number().nonnegative(),
  /** Hours a handoff may stay unanswered before the bot says so and resumes (default 24). */
  handoffTimeoutHours: z.number().positive().default(24),
  /** German form of address of the runtime's own sentences (du or Sie). */
  formality: z.enum(["informal", "formal"]).default("informal"),
  /** The bot disclosure the runtime repeats after a long silence. */
  redisclosureText: z.string(),
  /** Words that answer with the privacy policy or the Impressum link from any state. */
  legalKeywords: z.object({ privacy: z.array(z.string()), impressum: z.array(z.string()) }),
  purposes: z.array(ZPurpose),
  variables: z.array(ZExportVariable),
  consents: z.array(ZExportConsent),
  /** The flow graph with the controller's name filled into every text. */
  graph: z.object({ nodes: z.array(ZFlowNode), edges: z.array(ZFlowEdge) }),
  /** Per speaking step, the ready-to-send payloads for `channel` (empty when channel is null). */
  steps: z.array(ZExportStep),
  profile: ZChannelProfile.nullable(),
  adaptations: z.array(ZAdaptation),
  report: z.object({
    errors: z.number().int().nonnegative(),
    warnings: z.number().int().nonnegative(),
    diagnostics: z.array(ZExportDiagnostic),
  }),
});

export type FlowguardExport = z.infer<typeof ZFlowguardExport>;
export type ExportStep = z.infer<typeof ZExportStep>;
export type ExportButton = z.infer<typeof ZExportButton>;
export type ExportConsent = z.infer<typeof ZExportConsent>;
export type Adaptation = z.infer<typeof ZAdaptation>;
export type ChannelProfile = z.infer<typeof ZChannelProfile>;
export type ChannelPayload = z.infer<typeof ZChannelPayload>;

/**
 * A consent event as the runtime emits it and POST /api/v1/consent-events accepts it
 * (version 2, RULEBOOK "What the runtime enforces"). `consentNodeId` is the consent
 * step that was answered or withdrawn; null only for an *objection* (STOP before any
 * consent), whose `textHash` is that of the opt-out confirmation shown.
 */
export const ZRuntimeConsentEvent = z.object({
  eventId: z.string(),
  flowId: z.string(),
  flowVersion: z.number().int(),
  contentHash: ZHash,
  consentNodeId: z.string().nullable(),
  subject: z.string(),
  channel: ZChannel,
  purpose: z.string(),
  outcome: z.enum(CONSENT_OUTCOMES),
  textHash: ZHash,
  answerMode: z.enum(["button", "text"]),
  explicit: z.boolean(),
  categories: z.array(ZSpecialCategory),
  privacyPolicyUrl: z.string(),
  occurredAt: z.string(),
});
export type RuntimeConsentEvent = z.infer<typeof ZRuntimeConsentEvent>;

/** The JSON Schema (draft 2020-12) of the export, generated from the zod schema above. */
export function exportJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(ZFlowguardExport, { target: "draft-2020-12", unrepresentable: "any", io: "output" }) as Record<
    string,
    unknown
  >;
  return {
    $id: "https://flowguard.app/schemas/flowguard-export-v1.json",
    title: "Flowguard export v1",
    ...schema,
  };
}
