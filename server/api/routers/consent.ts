import { purposeLabels } from "@/server/services/purposeLabels";
import { z } from "zod";
import { CONSENT_OUTCOMES } from "@/core/domain/consent";
import { consentLedgerCsv, consentLedgerFacets, consentProofHtml, eraseConsentSubject, listConsentEvents } from "@/server/services/consent";
import { verifyLedger } from "@/server/services/consentLedger";
import { adminProcedure, createTRPCRouter } from "../trpc";

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
/** The CSV download's filter arrives as query-string text: dates are coerced. */
export const ZConsentCsvRequest = ZConsentFilter.extend({
  from: z.coerce.date({ error: "from must be a date such as 2026-12-01" }).optional(),
  to: z.coerce.date({ error: "to must be a date such as 2026-12-31" }).optional(),
});
export const ZEraseSubjectRequest = z.object({ subject: ZSubject });

export const consentRouter = createTRPCRouter({
  list: adminProcedure
    .input(ZListConsentRequest)
    .query(({ ctx, input }) => listConsentEvents(ctx.db, { workspaceId: ctx.workspace.id, ...input, limit: CONSENT_PAGE_SIZE })),

  /** Flows and purposes for the filters; `purposeLabels` names each purpose as the flows do. */
  facets: adminProcedure.query(async ({ ctx }) => ({
    ...(await consentLedgerFacets(ctx.db, { workspaceId: ctx.workspace.id })),
    purposeLabels: await purposeLabels(ctx.db, ctx.workspace.id),
  })),

  /** The ledger as CSV, for the download route (server/api/csvDownload.ts); a mutation because the export is audited. */
  csv: adminProcedure
    .input(ZConsentCsvRequest)
    .mutation(({ ctx, input }) => consentLedgerCsv(ctx.db, { workspaceId: ctx.workspace.id, actorId: ctx.user.id, ...input })),

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
