import { z } from "zod";
import { CHANNELS } from "@/core/flow/schema";

/**
 * `object`: a STOP from someone who had accepted nothing: an objection to being
 * written to (Art. 21(3)), not a withdrawal of a consent that never existed.
 */
export const CONSENT_OUTCOMES = ["accept", "decline", "withdraw", "object"] as const;
export type ConsentOutcome = (typeof CONSENT_OUTCOMES)[number];

/** Most events one request may report; bots batch what they buffered. */
export const CONSENT_BATCH_MAX = 500;

const id = (max: number) => z.string().trim().min(1).max(max);

/**
 * One consent event as a deployed bot reports it (GDPR Art. 7(1): the controller
 * must be able to demonstrate consent). `eventId` is chosen by the bot and makes
 * reporting idempotent; `textHash` is the SHA-256 (hex) of the exact text shown.
 */
export const ZConsentEvent = z.object({
  eventId: id(100),
  flowId: id(64),
  flowVersion: z.number().int().positive(),
  subject: id(200),
  channel: z.enum(CHANNELS),
  purpose: id(100),
  outcome: z.enum(CONSENT_OUTCOMES),
  textHash: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[0-9a-f]{64}$/, "textHash must be a SHA-256 in hex"),
  occurredAt: z.coerce.date(),
});
export type ConsentEventInput = z.input<typeof ZConsentEvent>;
export type ConsentEvent = z.infer<typeof ZConsentEvent>;

export const ZConsentEventBatch = z.array(ZConsentEvent).min(1).max(CONSENT_BATCH_MAX);
