import { z } from "zod";

/*
 * The legal settings form. Every field may stay empty so that a workspace can save
 * what it has; the rulebook (legal.links, processor.declared) then says in words
 * what is still missing before a flow can be published. What is filled in must be
 * well-formed, though: links are https, domains are host names.
 */
/** Normalises a declared processor domain: people paste URLs and "www." prefixes. */
export function normaliseDomain(domain: string): string {
  let host = domain.trim().toLowerCase();
  host = host
    .replace(/^[a-z]+:\/\//, "")
    .replace(/[/:?#].*$/, "")
    .replace(/\.$/, "");
  return host;
}

export const PROCESSORS_MAX = 50;

const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

const text = (max: number) => z.string().trim().max(max, "validation.textTooLong");

const ZHttpsUrlOrEmpty = z
  .string()
  .trim()
  .max(500, "validation.textTooLong")
  .refine((value) => value === "" || isHttpsUrl(value), "validation.httpsUrl");

export const ZProcessorFields = z.object({
  name: text(120).min(1, "validation.processorNameRequired"),
  /** People paste URLs; only the host is kept. */
  domain: z
    .string()
    .trim()
    .min(1, "validation.domainRequired")
    .transform(normaliseDomain)
    .pipe(z.string().regex(HOST_NAME, "validation.domainInvalid")),
  purpose: text(300).min(1, "validation.processorPurposeRequired"),
  dpaSigned: z.boolean(),
});

export const ZLegalSettings = z.object({
  controllerName: text(200),
  controllerAddress: text(500),
  impressumUrl: ZHttpsUrlOrEmpty,
  privacyPolicyUrl: ZHttpsUrlOrEmpty,
  privacyContact: text(200),
  processors: z.array(ZProcessorFields).max(PROCESSORS_MAX, "validation.tooManyProcessors"),
});
export type LegalSettings = z.infer<typeof ZLegalSettings>;
export type LegalSettingsInput = z.input<typeof ZLegalSettings>;
