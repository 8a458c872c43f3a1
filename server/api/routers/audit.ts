import { z } from "zod";
import { listAuditActors, listAuditEntries } from "@/server/services/audit";
import { createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

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

const adminProcedure = workspaceProcedure.use(requireRole("admin"));

export const auditRouter = createTRPCRouter({
  list: adminProcedure
    .input(ZListAuditRequest)
    .query(({ ctx, input }) => listAuditEntries(ctx.db, { workspaceId: ctx.workspace.id, ...input, limit: AUDIT_PAGE_SIZE })),

  actors: adminProcedure.query(({ ctx }) => listAuditActors(ctx.db, { workspaceId: ctx.workspace.id })),
});
