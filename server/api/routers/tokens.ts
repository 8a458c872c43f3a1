import { z } from "zod";
import { ZApiTokenFields } from "@/core/domain/tokens";
import { createApiToken, listApiTokens, revokeApiToken } from "@/server/services/tokens";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const ZCreateTokenRequest = ZApiTokenFields;
export const ZRevokeTokenRequest = z.object({ tokenId: z.string().min(1).max(64) });

export const tokensRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listApiTokens(ctx.db, { workspaceId: ctx.workspace.id })),

  /** The answer holds the secret; it is never shown again. */
  create: adminProcedure
    .input(ZCreateTokenRequest)
    .mutation(({ ctx, input }) => createApiToken(ctx.db, { workspaceId: ctx.workspace.id, actorId: ctx.user.id, ...input })),

  revoke: adminProcedure
    .input(ZRevokeTokenRequest)
    .mutation(({ ctx, input }) => revokeApiToken(ctx.db, { workspaceId: ctx.workspace.id, actorId: ctx.user.id, tokenId: input.tokenId })),
});
