import { z } from "zod";
import { CHANNELS } from "@/core/flow/constants";
import { MAX_RAW_RETENTION_DAYS } from "@/core/domain/analytics";
import {
  analyticsCsv,
  analyticsRetentionDays,
  analyticsVersions,
  flowAnalytics,
  recordTestEvents,
  setAnalyticsRetention,
  workspaceAnalytics,
} from "@/server/services/analytics";
import { adminProcedure, createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

/*
 * Analytics hold no personal data, so every member may read them (viewer and up);
 * changing the raw retention is an admin's decision; the preview's test traffic is
 * recorded by editors, who run the preview.
 */

const ZDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a day as YYYY-MM-DD");
/** Query-string text ("true"/"false") from the CSV download, or a boolean from the page. */
const ZTestFlag = z.union([z.boolean(), z.enum(["true", "false"]).transform((value) => value === "true")]).default(false);

export const ZAnalyticsPeriod = z.object({ from: ZDay.optional(), to: ZDay.optional(), test: ZTestFlag });
export const ZFlowAnalyticsRequest = ZAnalyticsPeriod.extend({
  flowId: z.string().min(1).max(64),
  /** 0: the draft (test traffic from the preview). */
  version: z.coerce.number().int().nonnegative(),
  channel: z.enum(CHANNELS).nullable().optional(),
});
export const ZWorkspaceAnalyticsRequest = ZAnalyticsPeriod.extend({ flowId: z.string().min(1).max(64).optional() });

const viewerProcedure = workspaceProcedure.use(requireRole("viewer"));
const editorProcedure = workspaceProcedure.use(requireRole("editor"));

export const analyticsRouter = createTRPCRouter({
  /** The overlay of one published version on the canvas. */
  flow: viewerProcedure
    .input(ZFlowAnalyticsRequest)
    .query(({ ctx, input }) => flowAnalytics(ctx.db, { workspaceId: ctx.workspace.id, ...input })),

  versions: viewerProcedure
    .input(z.object({ flowId: z.string().min(1).max(64) }))
    .query(({ ctx, input }) => analyticsVersions(ctx.db, { workspaceId: ctx.workspace.id, flowId: input.flowId })),

  /** The workspace dashboard. */
  dashboard: viewerProcedure
    .input(ZWorkspaceAnalyticsRequest)
    .query(({ ctx, input }) => workspaceAnalytics(ctx.db, { workspaceId: ctx.workspace.id, ...input })),

  /** The counts as CSV, for the download route (server/api/csvDownload.ts); a mutation because the export is audited. */
  csv: viewerProcedure
    .input(ZWorkspaceAnalyticsRequest)
    .mutation(({ ctx, input }) => analyticsCsv(ctx.db, { workspaceId: ctx.workspace.id, actorId: ctx.user.id, ...input })),

  settings: viewerProcedure.query(async ({ ctx }) => ({ rawRetentionDays: await analyticsRetentionDays(ctx.db, ctx.workspace.id) })),

  setRetention: adminProcedure
    .input(z.object({ days: z.number().int().min(0).max(MAX_RAW_RETENTION_DAYS) }))
    .mutation(({ ctx, input }) => setAnalyticsRetention(ctx.db, { workspaceId: ctx.workspace.id, actorId: ctx.user.id, days: input.days })),

  /** The preview's events, counted as test traffic (kept apart, shown only with "Testdaten zeigen"). */
  recordTest: editorProcedure
    .input(z.object({ events: z.array(z.unknown()).min(1).max(500) }))
    .mutation(({ ctx, input }) => recordTestEvents(ctx.db, { workspaceId: ctx.workspace.id, events: input.events })),
});
