import { ZLegalSettings } from "@/core/domain/legal";
import { legalSettingsOf, saveLegalSettings } from "@/server/services/legalSettings";
import { adminProcedure, createTRPCRouter, workspaceProcedure } from "../trpc";

export const ZSaveLegalSettingsRequest = ZLegalSettings;

export const legalRouter = createTRPCRouter({
  /** Every member may read them: editors need the declared processors for webhooks. */
  get: workspaceProcedure.query(({ ctx }) => legalSettingsOf(ctx.workspace)),

  /** Saves and re-validates every flow; answers with the flows the legal rules now block. */
  save: adminProcedure
    .input(ZSaveLegalSettingsRequest)
    .mutation(({ ctx, input }) => saveLegalSettings(ctx.db, { workspace: ctx.workspace, actorId: ctx.user.id, settings: input })),
});
