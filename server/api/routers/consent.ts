import { z } from "zod";
import { CONSENT_OUTCOMES } from "@/core/domain/consent";
import { consentLedgerFacets, eraseConsentSubject, listConsentEvents } from "@/server/services/consent";
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

  /** GDPR Art. 17: removes every event of one pseudonymous user. */
  erase: adminProcedure
    .input(ZEraseSubjectRequest)
    .mutation(({ ctx, input }) =>
      eraseConsentSubject(ctx.db, { workspaceId: ctx.workspace.id, actorId: ctx.user.id, subject: input.subject }),
    ),
});
