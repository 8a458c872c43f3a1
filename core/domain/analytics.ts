import { z } from "zod";
import { CHANNELS } from "@/core/flow/constants";

/*
 * Analytics events: what a deployed bot (or the preview, or `simulate`) reports so a
 * workspace sees where people drop off and how consent is answered. They are NOT
 * personal data and must never become it: no subject identifier, no typed text, no
 * conversation id. Every object is strict, so a field outside this list (a `subject`,
 * a `text`, a `userId` …) refuses the whole batch instead of being dropped silently:
 * a bot that sends one has a bug its operator must hear about.
 */

export const ANALYTICS_EVENT_TYPES = ["stepReached", "answerGiven", "conversationEnded", "optOut"] as const;
export type AnalyticsEventType = (typeof ANALYTICS_EVENT_TYPES)[number];

/** Why a conversation ended (opt-outs are their own event). */
export const CONVERSATION_END_REASONS = ["completed", "refused", "noNextStep"] as const;
export type ConversationEndReason = (typeof CONVERSATION_END_REASONS)[number];

/** Most events one request may report; bots batch what they buffered. */
export const ANALYTICS_BATCH_MAX = 500;

/** Counts below this never leave the server as numbers: no single person stands out. */
export const SMALL_COUNT_THRESHOLD = 5;
/** What a suppressed count is shown as, in the API, the UI and CSV files. */
export const SMALL_COUNT = "< 5";
export type ShownCount = number | typeof SMALL_COUNT;

/** Raw events are not kept by default: counts are aggregated when events arrive. */
export const DEFAULT_RAW_RETENTION_DAYS = 0;
export const MAX_RAW_RETENTION_DAYS = 90;

/** Step, option and handle ids as the flow document has them; never free text (no spaces, bounded). */
const ZGraphId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, "must be an id from the published flow (letters, digits, _ . : -)");

function strict<Shape extends z.core.$ZodLooseShape>(shape: Shape) {
  return z.strictObject(shape, {
    error: (issue) =>
      issue.code === "unrecognized_keys"
        ? `${issue.keys.map((key) => `"${key}"`).join(", ")} not allowed: analytics events carry no person identifier and no typed text`
        : undefined,
  });
}

const common = {
  /** Chosen by the sender; makes reporting idempotent. Random, never derived from the person. */
  eventId: z.string().min(8).max(100),
  flowId: z.string().min(1).max(64),
  /** A published version; 0 stands for the draft, which only the editor's preview reports (as test traffic). */
  flowVersion: z.number().int().nonnegative(),
  channel: z.enum(CHANNELS),
  occurredAt: z.iso.datetime({ offset: true, error: "occurredAt must be an ISO 8601 date and time" }),
  /** Preview and `simulate` traffic: stored apart, shown only on request. */
  test: z.boolean().optional(),
};

/** The edge a step was reached by: the previous step and the output it left by. */
export const ZAnalyticsVia = strict({ nodeId: ZGraphId, output: ZGraphId });

export const ZStepReached = strict({
  ...common,
  type: z.literal("stepReached"),
  nodeId: ZGraphId,
  /** Null for a start step (and a step the conversation resumed at). */
  via: ZAnalyticsVia.nullable().optional(),
});

export const ZAnswerGiven = strict({
  ...common,
  type: z.literal("answerGiven"),
  nodeId: ZGraphId,
  /** The output chosen: an option id, `accept`/`decline`, `next`/`invalid`, `fallback`. Never what was typed. */
  output: ZGraphId,
});

export const ZConversationEnded = strict({
  ...common,
  type: z.literal("conversationEnded"),
  /** The last step run; null when the conversation ended before any step. */
  nodeId: ZGraphId.nullable(),
  reason: z.enum(CONVERSATION_END_REASONS),
});

export const ZOptOut = strict({
  ...common,
  type: z.literal("optOut"),
  /** The step the conversation was at; null before any step. */
  nodeId: ZGraphId.nullable(),
  /** The last consent step answered in this conversation, for "opt-outs after this consent". */
  consentNodeId: ZGraphId.nullable(),
});

export const ZAnalyticsEvent = z.discriminatedUnion("type", [ZStepReached, ZAnswerGiven, ZConversationEnded, ZOptOut], {
  error: (issue) => (issue.code === "invalid_union" ? `type must be one of ${ANALYTICS_EVENT_TYPES.join(", ")}` : `not an analytics event`),
});
export type AnalyticsEvent = z.infer<typeof ZAnalyticsEvent>;

export const ZAnalyticsEventBatch = z
  .array(ZAnalyticsEvent)
  .min(1, "events must hold at least one event")
  .max(ANALYTICS_BATCH_MAX, `at most ${ANALYTICS_BATCH_MAX} events per request`);

/** The count as it may leave the server. */
export function shownCount(count: number): ShownCount {
  return count > 0 && count < SMALL_COUNT_THRESHOLD ? SMALL_COUNT : count;
}

/** A share in percent (one decimal), or null when either count is suppressed or the base is zero. */
export function shownShare(part: number, whole: number): number | null {
  if (whole <= 0 || shownCount(part) === SMALL_COUNT || shownCount(whole) === SMALL_COUNT) return null;
  return Math.round((part / whole) * 1000) / 10;
}
