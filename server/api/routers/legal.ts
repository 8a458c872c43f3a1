import { ZLegalSettings } from "@/core/domain/legal";
import { legalSettingsOf, saveLegalSettings } from "@/server/services/legalSettings";
import { liveFlowsStoppedBy } from "@/server/services/liveStatus";
import { adminProcedure, createTRPCRouter, workspaceProcedure } from "../trpc";

export const ZSaveLegalSettingsRequest = ZLegalSettings;

export const legalRouter = createTRPCRouter({
  /** Every member may read them: editors need the declared processors for webhooks. */
  get: workspaceProcedure.query(({ ctx }) => legalSettingsOf(ctx.workspace)),

  /** Before saving: the live flows these settings would stop (the bot API would refuse their export). Stores nothing. */
  stoppedLiveFlows: adminProcedure
    .input(ZSaveLegalSettingsRequest)
    .mutation(({ ctx, input }) => liveFlowsStoppedBy(ctx.db, ctx.workspace, ZLegalSettings.parse(input))),

  /** Saves and re-validates every flow; answers with the flows the legal rules now block. */
  save: adminProcedure
    .input(ZSaveLegalSettingsRequest)
    .mutation(({ ctx, input }) => saveLegalSettings(ctx.db, { workspace: ctx.workspace, actorId: ctx.user.id, settings: input })),
});
