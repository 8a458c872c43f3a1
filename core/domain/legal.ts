import { z } from "zod";
import { TRANSFER_BASES, normaliseDomain, type TransferBasis } from "../flow/legal";
import { isPublicSuffix, isRegistrableDomain, privacyContactProblem, publicHttpsUrlProblem } from "../flow/hosts";
import { isCountryCode, normaliseCountry } from "../flow/countries";

/*
 * The legal settings form. Every field may stay empty so that a workspace can save
 * what it has; the rulebook (legal.links, processor.declared, processor.transfer) then
 * says in words what is still missing before a flow can be published. What is filled
 * in must be well-formed, though: links are https on a public host, the privacy
 * contact is an e-mail address or such a link, a processor domain is a registrable
 * domain (never a suffix such as "com" that would cover every .com host).
 */
export { normaliseDomain };

export const PROCESSORS_MAX = 50;

/** Host name syntax, one label or more: "com" is judged by the public suffix list, not refused as malformed. */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

const text = (max: number) => z.string().trim().max(max, "validation.textTooLong");

/** An optional public https link; the messages' example is the field's own kind of page (an Impressum, a privacy policy). */
const publicHttpsUrlOrEmpty = (messages: { notHttps: string; notPublic: string }) =>
  z
    .string()
    .trim()
    .max(500, "validation.textTooLong")
    .superRefine((value, ctx) => {
      const problem = value === "" ? null : publicHttpsUrlProblem(value);
      if (problem === "notHttps") ctx.addIssue({ code: "custom", message: messages.notHttps });
      if (problem === "notPublic") ctx.addIssue({ code: "custom", message: messages.notPublic });
    });

/** The form's select sends "" for "none"; stored as null. */
const ZTransferBasis = z
  .union([z.enum(TRANSFER_BASES), z.literal(""), z.null()])
  .optional()
  .transform((value): TransferBasis | null => (value ? value : null));

export const ZProcessorFields = z.object({
  name: text(120).min(1, "validation.processorNameRequired"),
  /** People paste URLs; only the host is kept. */
  domain: z
    .string()
    .trim()
    .min(1, "validation.domainRequired")
    .transform(normaliseDomain)
    .superRefine((domain, ctx) => {
      if (HOST_NAME.test(domain) && isRegistrableDomain(domain)) return;
      // A suffix such as "com" would whitelist every host under it: say so, not just "invalid".
      const message = isPublicSuffix(domain) ? "validation.domainNotRegistrable" : "validation.domainInvalid";
      ctx.addIssue({ code: "custom", message });
    }),
  purpose: text(300).min(1, "validation.processorPurposeRequired"),
  dpaSigned: z.boolean(),
  /** ISO 3166-1 alpha-2; "" while unknown (processor.transfer then warns). */
  country: z
    .string()
    .optional()
    .transform(normaliseCountry)
    .refine((country) => country === "" || isCountryCode(country), "validation.countryInvalid"),
  transferBasis: ZTransferBasis,
});

export const ZLegalSettings = z.object({
  controllerName: text(200),
  controllerAddress: text(500),
  impressumUrl: publicHttpsUrlOrEmpty({ notHttps: "validation.httpsUrl", notPublic: "validation.publicUrl" }),
  privacyPolicyUrl: publicHttpsUrlOrEmpty({ notHttps: "validation.httpsUrlPrivacy", notPublic: "validation.publicUrlPrivacy" }),
  privacyContact: text(200).refine((value) => value === "" || privacyContactProblem(value) === null, "validation.privacyContact"),
  processors: z.array(ZProcessorFields).max(PROCESSORS_MAX, "validation.tooManyProcessors"),
});
export type LegalSettings = z.infer<typeof ZLegalSettings>;
export type LegalSettingsInput = z.input<typeof ZLegalSettings>;
