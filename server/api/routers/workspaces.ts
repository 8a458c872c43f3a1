import { z } from "zod";
import { ZWorkspaceName } from "@/server/domain/workspace";
import { createWorkspace, listWorkspacesForUser } from "@/server/services/workspaces";
import { createTRPCRouter, protectedProcedure, workspaceProcedure } from "../trpc";

export const ZCreateWorkspaceRequest = z.object({ name: ZWorkspaceName });

export const workspacesRouter = createTRPCRouter({
  list: protectedProcedure.query(({ ctx }) => listWorkspacesForUser(ctx.db, ctx.user.id)),

  create: protectedProcedure
    .input(ZCreateWorkspaceRequest)
    .mutation(({ ctx, input }) => createWorkspace(ctx.db, { userId: ctx.user.id, name: input.name })),

  get: workspaceProcedure.query(({ ctx }) => ({
    id: ctx.workspace.id,
    slug: ctx.workspace.slug,
    name: ctx.workspace.name,
    role: ctx.role,
  })),
});
