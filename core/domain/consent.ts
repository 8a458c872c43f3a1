import { z } from "zod";
import { CHANNELS, SPECIAL_CATEGORIES } from "@/core/flow/constants";

/**
 * `object`: a STOP from someone who had accepted nothing: an objection to being
 * written to (Art. 21(3)), not a withdrawal of a consent that never existed.
 */
export const CONSENT_OUTCOMES = ["accept", "decline", "withdraw", "object"] as const;
export type ConsentOutcome = (typeof CONSENT_OUTCOMES)[number];

/** Most events one request may report; bots batch what they buffered. */
export const CONSENT_BATCH_MAX = 500;

const id = (max: number) => z.string().trim().min(1).max(max);

const sha256 = (field: string) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, `${field} must be a SHA-256 in hex`);

/**
 * One consent event as a deployed bot reports it, version 2 (GDPR Art. 7(1): the
 * controller must be able to demonstrate consent; RULEBOOK "What the runtime
 * enforces"). `eventId` is chosen by the bot and makes reporting idempotent;
 * `textHash` is the SHA-256 of the exact text and labels shown (the export's
 * `consents[].textHash`); `consentNodeId` is null only for an objection.
 */
export const ZConsentEvent = z.object({
  eventId: id(100),
  flowId: id(64),
  flowVersion: z.number().int().positive(),
  contentHash: sha256("contentHash"),
  consentNodeId: id(64).nullable(),
  subject: id(200),
  channel: z.enum(CHANNELS),
  purpose: id(100),
  outcome: z.enum(CONSENT_OUTCOMES),
  textHash: sha256("textHash"),
  answerMode: z.enum(["button", "text"]),
  explicit: z.boolean(),
  categories: z.array(z.enum(SPECIAL_CATEGORIES)).max(SPECIAL_CATEGORIES.length),
  privacyPolicyUrl: z.string().trim().max(2000),
  // zod's own message for an unparsable value reads "expected date, received Date": say what a bot must send instead.
  occurredAt: z.coerce.date({ error: "occurredAt must be an ISO 8601 date and time, e.g. 2026-12-01T09:30:00Z" }),
});
export type ConsentEventInput = z.input<typeof ZConsentEvent>;
export type ConsentEvent = z.infer<typeof ZConsentEvent>;

export const ZConsentEventBatch = z.array(ZConsentEvent).min(1).max(CONSENT_BATCH_MAX);
