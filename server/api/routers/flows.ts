import { z } from "zod";
import { ZFlowName } from "@/core/domain/flow";
import { CHANNELS, LOCALES, TEMPLATE_IDS } from "@/core/flow";
import {
  autofixDocument,
  checkDocument,
  createFlow,
  duplicateFlow,
  getFlow,
  getFlowWithRulebook,
  listFlows,
  renameFlow,
  saveFlow,
  setFlowArchived,
} from "@/server/services/flows";
import { recheckDraftOfOtherRulebook } from "@/server/services/legalSettings";
import { rulebookFingerprint } from "@/server/services/rulebookFingerprint";
import { workspaceLegal } from "@/server/services/workspaces";
import { diffVersions, downloadExport, listVersions, publishFlow, restoreVersion } from "@/server/services/versions";
import { createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

const ZFlowId = z.string().min(1).max(64);

export const ZListFlowsRequest = z.object({ archived: z.boolean().optional() });
export const ZFlowRequest = z.object({ flowId: ZFlowId });
export const ZCreateFlowRequest = z.object({ templateId: z.enum(TEMPLATE_IDS), name: ZFlowName, locale: z.enum(LOCALES) });
/** `locale`: the language of the messages, the editor's; the flow's own by default. */
export const ZSaveFlowRequest = z.object({
  flowId: ZFlowId,
  expectedVersion: z.number().int().positive(),
  document: z.unknown(),
  locale: z.enum(LOCALES).optional(),
});
export const ZCheckDocumentRequest = z.object({ document: z.unknown(), locale: z.enum(LOCALES).optional() });
export const ZRenameFlowRequest = z.object({ flowId: ZFlowId, name: ZFlowName });
export const ZArchiveFlowRequest = z.object({ flowId: ZFlowId, archived: z.boolean() });
const ZVersionNumber = z.number().int().positive();
export const ZPublishFlowRequest = z.object({ flowId: ZFlowId, expectedVersion: z.number().int().positive().optional() });
export const ZVersionDiffRequest = z.object({ flowId: ZFlowId, from: ZVersionNumber, to: z.union([ZVersionNumber, z.literal("draft")]) });
/** `expectedVersion`: the draft version the editor shows, as for a save; a newer draft answers VERSION_CONFLICT. */
export const ZRestoreVersionRequest = z.object({ flowId: ZFlowId, number: ZVersionNumber, expectedVersion: z.number().int().positive() });
/** `channel: null` is the channel-neutral canonical export; `number` defaults to the latest version. */
export const ZExportFlowRequest = z.object({ flowId: ZFlowId, channel: z.enum(CHANNELS).nullable(), number: ZVersionNumber.optional() });

const editorProcedure = workspaceProcedure.use(requireRole("editor"));

export const flowsRouter = createTRPCRouter({
  /** Each flow with its stored "live, but blocked" findings (`liveBlockedBy`); nothing is validated per request. */
  list: workspaceProcedure
    .input(ZListFlowsRequest)
    .query(({ ctx, input }) => listFlows(ctx.db, { workspaceId: ctx.workspace.id, archived: input.archived })),

  /**
   * The draft with its stored findings, and the legal settings the editor's live check reads. No validation
   * here, except for a draft whose findings another release's rulebook made (saved by an older instance).
   */
  get: workspaceProcedure.input(ZFlowRequest).query(async ({ ctx, input }) => {
    const options = { workspaceId: ctx.workspace.id, flowId: input.flowId };
    const opened = await getFlowWithRulebook(ctx.db, options);
    let flow = opened.flow;
    if (opened.findingsRulebook !== rulebookFingerprint() && (await recheckDraftOfOtherRulebook(ctx.db, ctx.workspace, input.flowId))) {
      flow = await getFlow(ctx.db, options);
    }
    return { ...flow, canEdit: ctx.role !== "viewer", legal: workspaceLegal(ctx.workspace) };
  }),

  create: editorProcedure
    .input(ZCreateFlowRequest)
    .mutation(({ ctx, input }) => createFlow(ctx.db, { workspace: ctx.workspace, userId: ctx.user.id, ...input })),

  save: editorProcedure
    .input(ZSaveFlowRequest)
    .mutation(({ ctx, input }) => saveFlow(ctx.db, { workspace: ctx.workspace, userId: ctx.user.id, ...input })),

  /** Checks a document without storing it; viewers may check what they preview. */
  validate: workspaceProcedure
    .input(ZCheckDocumentRequest)
    .mutation(({ ctx, input }) => checkDocument(input.document, ctx.workspace, input.locale)),

  autofix: editorProcedure.input(ZCheckDocumentRequest).mutation(({ ctx, input }) => autofixDocument(input.document, ctx.workspace)),

  rename: editorProcedure
    .input(ZRenameFlowRequest)
    .mutation(({ ctx, input }) => renameFlow(ctx.db, { workspace: ctx.workspace, userId: ctx.user.id, ...input })),

  duplicate: editorProcedure
    .input(ZRenameFlowRequest)
    .mutation(({ ctx, input }) => duplicateFlow(ctx.db, { workspace: ctx.workspace, userId: ctx.user.id, ...input })),

  archive: editorProcedure
    .input(ZArchiveFlowRequest)
    .mutation(({ ctx, input }) => setFlowArchived(ctx.db, { workspace: ctx.workspace, userId: ctx.user.id, ...input })),

  /** Re-validates with the current legal settings; errors refuse with COMPLIANCE_ERRORS and details.diagnostics. */
  publish: editorProcedure
    .input(ZPublishFlowRequest)
    .mutation(({ ctx, input }) => publishFlow(ctx.db, { workspace: ctx.workspace, userId: ctx.user.id, ...input })),

  versions: workspaceProcedure
    .input(ZFlowRequest)
    .query(({ ctx, input }) => listVersions(ctx.db, { workspaceId: ctx.workspace.id, flowId: input.flowId })),

  versionDiff: workspaceProcedure
    .input(ZVersionDiffRequest)
    .query(({ ctx, input }) => diffVersions(ctx.db, { workspaceId: ctx.workspace.id, ...input })),

  restoreVersion: editorProcedure
    .input(ZRestoreVersionRequest)
    .mutation(({ ctx, input }) => restoreVersion(ctx.db, { workspace: ctx.workspace, userId: ctx.user.id, ...input })),

  /** A published version's export for download (recorded in the audit log). */
  export: workspaceProcedure.input(ZExportFlowRequest).mutation(async ({ ctx, input }) => {
    const result = await downloadExport(ctx.db, { workspace: ctx.workspace, userId: ctx.user.id, ...input });
    return { export: result.export, number: result.number };
  }),
});
