import { z } from "zod";

/**
 * The workspace's legal settings, in the JSON shape the design document gives for
 * `--legal FILE`. Fields are plain strings so that an incomplete setup still parses
 * and the `legal.links` rule can say in words what is missing.
 */
export const ZProcessor = z.object({
  name: z.string(),
  /** Host the processor receives data on; subdomains of it count as the same processor. */
  domain: z.string(),
  purpose: z.string(),
  dpaSigned: z.boolean(),
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
