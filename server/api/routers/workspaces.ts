import { z } from "zod";
import { ZWorkspaceName } from "@/core/domain/workspace";
import { createWorkspace, deleteWorkspace, listWorkspacesForUser } from "@/server/services/workspaces";
import { createTRPCRouter, protectedProcedure, requireRole, workspaceProcedure } from "../trpc";

export const ZCreateWorkspaceRequest = z.object({ name: ZWorkspaceName });
export const ZDeleteWorkspaceRequest = z.object({ confirmName: z.string().max(200) });

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

  /** Owner only, with the workspace's name typed as confirmation. */
  delete: workspaceProcedure
    .use(requireRole("owner"))
    .input(ZDeleteWorkspaceRequest)
    .mutation(({ ctx, input }) =>
      deleteWorkspace(ctx.db, { workspace: ctx.workspace, actorId: ctx.user.id, confirmName: input.confirmName }),
    ),
});
