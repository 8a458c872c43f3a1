import { z } from "zod";

/**
 * The workspace's legal settings, in the JSON shape the design document gives for
 * `--legal FILE`. Fields are plain strings so that an incomplete setup still parses
 * and the `legal.links` rule can say in words what is missing.
 */

/** How personal data may leave the EU/EEA (GDPR Art. 45, 45 with the EU-US Data Privacy Framework, 46(2)(c)). */
export const TRANSFER_BASES = ["adequacy", "dpf", "scc"] as const;
export type TransferBasis = (typeof TRANSFER_BASES)[number];

export const ZProcessor = z.object({
  name: z.string(),
  /** Host the processor receives data on; subdomains of it count as the same processor. */
  domain: z.string(),
  purpose: z.string(),
  dpaSigned: z.boolean(),
  /** ISO 3166-1 alpha-2 code of where the data is processed; missing in settings saved before it existed. */
  country: z.string().optional(),
  /** Needed when `country` is outside the EU/EEA; null or missing: none. */
  transferBasis: z.enum(TRANSFER_BASES).nullable().optional(),
});

export const ZWorkspaceLegal = z.object({
  controller: z.object({ name: z.string(), address: z.string() }),
  impressumUrl: z.string(),
  privacyPolicyUrl: z.string(),
  privacyContact: z.string(),
  processors: z.array(ZProcessor),
});

export type WorkspaceLegal = z.infer<typeof ZWorkspaceLegal>;
export type Processor = z.infer<typeof ZProcessor>;

/** Normalises a declared processor domain: people paste URLs and "www." prefixes. */
export function normaliseDomain(domain: string): string {
  return domain
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, "")
    .replace(/[/:?#].*$/, "")
    .replace(/\.$/, "");
}
