import { z } from "zod";
import { CONSENT_OUTCOMES } from "@/core/domain/consent";
import { consentLedgerFacets, consentProofHtml, eraseConsentSubject, listConsentEvents } from "@/server/services/consent";
import { verifyLedger } from "@/server/services/consentLedger";
import { createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

export const CONSENT_PAGE_SIZE = 50;

const ZSubject = z.string().trim().min(1, "validation.subjectRequired").max(200, "validation.textTooLong");

/** Shared by the page and the CSV download, so both filter alike. */
export const ZConsentFilter = z.object({
  flowId: z.string().min(1).max(64).optional(),
  purpose: z.string().min(1).max(100).optional(),
  outcome: z.enum(CONSENT_OUTCOMES).optional(),
  subject: ZSubject.optional(),
  from: z.date().optional(),
  to: z.date().optional(),
});
export const ZListConsentRequest = ZConsentFilter.extend({ offset: z.number().int().min(0).default(0) });
export const ZEraseSubjectRequest = z.object({ subject: ZSubject });

const adminProcedure = workspaceProcedure.use(requireRole("admin"));

export const consentRouter = createTRPCRouter({
  list: adminProcedure
    .input(ZListConsentRequest)
    .query(({ ctx, input }) => listConsentEvents(ctx.db, { workspaceId: ctx.workspace.id, ...input, limit: CONSENT_PAGE_SIZE })),

  facets: adminProcedure.query(({ ctx }) => consentLedgerFacets(ctx.db, { workspaceId: ctx.workspace.id })),

  /** Recomputes the ledger's hash chain ("Nachweis prüfen") and names the first broken link. */
  verify: adminProcedure.mutation(({ ctx }) => verifyLedger(ctx.db, ctx.workspace.id)),

  /** The consent proof of one person as an HTML page (Art. 15 requests, warning letters). */
  proof: adminProcedure
    .input(ZEraseSubjectRequest.extend({ locale: z.enum(["de", "en"]).default("de") }))
    .mutation(({ ctx, input }) =>
      consentProofHtml(ctx.db, { workspaceId: ctx.workspace.id, actorId: ctx.user.id, subject: input.subject, locale: input.locale }),
    ),

  /** GDPR Art. 17: the person's id becomes unreadable (its key is deleted); the proof stays. */
  erase: adminProcedure
    .input(ZEraseSubjectRequest)
    .mutation(({ ctx, input }) =>
      eraseConsentSubject(ctx.db, { workspaceId: ctx.workspace.id, actorId: ctx.user.id, subject: input.subject }),
    ),
});
