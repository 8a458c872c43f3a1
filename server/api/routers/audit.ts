import { z } from "zod";
import { auditLogCsv, listAuditActors, listAuditEntries } from "@/server/services/audit";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const AUDIT_PAGE_SIZE = 50;

/** Shared by the page and the CSV download, so both filter alike. */
export const ZAuditFilter = z.object({
  action: z
    .string()
    .trim()
    .max(60)
    .regex(/^[a-z.]*$/)
    .optional(),
  actorId: z.string().min(1).max(64).optional(),
  from: z.date().optional(),
  to: z.date().optional(),
});
export const ZListAuditRequest = ZAuditFilter.extend({ offset: z.number().int().min(0).default(0) });
/** The CSV download's filter arrives as query-string text: dates are coerced. */
export const ZAuditCsvRequest = ZAuditFilter.extend({
  from: z.coerce.date({ error: "from must be a date such as 2026-12-01" }).optional(),
  to: z.coerce.date({ error: "to must be a date such as 2026-12-31" }).optional(),
});

export const auditRouter = createTRPCRouter({
  list: adminProcedure
    .input(ZListAuditRequest)
    .query(({ ctx, input }) => listAuditEntries(ctx.db, { workspaceId: ctx.workspace.id, ...input, limit: AUDIT_PAGE_SIZE })),

  actors: adminProcedure.query(({ ctx }) => listAuditActors(ctx.db, { workspaceId: ctx.workspace.id })),

  /** The page's entries as CSV, for the download route (server/api/csvDownload.ts). */
  csv: adminProcedure.input(ZAuditCsvRequest).query(({ ctx, input }) => auditLogCsv(ctx.db, { workspaceId: ctx.workspace.id, ...input })),
});
