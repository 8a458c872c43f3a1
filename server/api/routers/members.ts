import { z } from "zod";
import { findUserById } from "@/server/services/users";
import { ZInvitationFields, ZInvitationSecret, ZRole } from "@/core/domain/members";
import { serverEnv } from "@/server/env";
import { enforceInvitationLookupLimit } from "@/server/auth/rateLimit";
import { configuredMailer, invitationMail } from "@/server/services/mail";
import {
  acceptInvitation,
  changeMemberRole,
  createInvitation,
  declineInvitation,
  leaveWorkspace,
  listMembers,
  listPendingInvitations,
  previewInvitation,
  removeMember,
  revokeInvitation,
} from "@/server/services/members";
import { adminProcedure, createTRPCRouter, protectedProcedure, workspaceProcedure } from "../trpc";

const ZUserId = z.string().min(1).max(64);

export const ZInviteRequest = ZInvitationFields;
export const ZRevokeInvitationRequest = z.object({ invitationId: z.string().min(1).max(64) });
export const ZChangeRoleRequest = z.object({ userId: ZUserId, role: ZRole });
export const ZRemoveMemberRequest = z.object({ userId: ZUserId });
export const ZInvitationSecretRequest = z.object({ secret: ZInvitationSecret });

export const membersRouter = createTRPCRouter({
  list: adminProcedure.query(({ ctx }) => listMembers(ctx.db, { workspaceId: ctx.workspace.id })),

  invitations: adminProcedure.query(({ ctx }) => listPendingInvitations(ctx.db, { workspaceId: ctx.workspace.id })),

  /** Returns the secret of the link once; the link is also mailed when a mailer is configured. */
  invite: adminProcedure.input(ZInviteRequest).mutation(async ({ ctx, input }) => {
    const actor = { id: ctx.user.id, role: ctx.role };
    const { invitation, secret } = await createInvitation(ctx.db, { workspace: ctx.workspace, actor, ...input });
    const mailer = configuredMailer();
    const baseUrl = serverEnv().NEXTAUTH_URL;
    let mailed = false;
    if (mailer && baseUrl) {
      const inviter = await findUserById(ctx.db, ctx.user.id);
      const message = invitationMail({
        to: invitation.email,
        link: new URL(`/invite/${secret}`, baseUrl).toString(),
        workspaceName: ctx.workspace.name,
        inviterName: inviter?.name ?? "",
        locale: inviter?.locale ?? "de",
      });
      // The invitation exists either way; a mail server that is down only means
      // the admin shares the link by hand, as without SMTP.
      mailed = await mailer.send(message).then(
        () => true,
        (error: unknown) => {
          console.error("Invitation mail could not be sent:", error);
          return false;
        },
      );
    }
    return { invitation, secret, mailed };
  }),

  revokeInvitation: adminProcedure
    .input(ZRevokeInvitationRequest)
    .mutation(({ ctx, input }) =>
      revokeInvitation(ctx.db, { workspace: ctx.workspace, actor: { id: ctx.user.id, role: ctx.role }, invitationId: input.invitationId }),
    ),

  changeRole: adminProcedure
    .input(ZChangeRoleRequest)
    .mutation(({ ctx, input }) =>
      changeMemberRole(ctx.db, { workspace: ctx.workspace, actor: { id: ctx.user.id, role: ctx.role }, ...input }),
    ),

  remove: adminProcedure
    .input(ZRemoveMemberRequest)
    .mutation(({ ctx, input }) =>
      removeMember(ctx.db, { workspace: ctx.workspace, actor: { id: ctx.user.id, role: ctx.role }, userId: input.userId }),
    ),

  /** Any member may leave, except the last owner. */
  leave: workspaceProcedure.mutation(({ ctx }) =>
    leaveWorkspace(ctx.db, { workspace: ctx.workspace, actor: { id: ctx.user.id, role: ctx.role } }),
  ),

  /** The invitation behind a link, for its page; the invited address only for the invited account. */
  invitation: protectedProcedure.input(ZInvitationSecretRequest).query(async ({ ctx, input }) => {
    await enforceInvitationLookupLimit(ctx.db, ctx.user.id);
    const viewer = await findUserById(ctx.db, ctx.user.id);
    return previewInvitation(ctx.db, { secret: input.secret, viewerEmail: viewer?.email ?? "" });
  }),

  acceptInvitation: protectedProcedure.input(ZInvitationSecretRequest).mutation(async ({ ctx, input }) => {
    await enforceInvitationLookupLimit(ctx.db, ctx.user.id);
    const user = await findUserById(ctx.db, ctx.user.id);
    return acceptInvitation(ctx.db, { secret: input.secret, user: { id: ctx.user.id, email: user?.email ?? "" } });
  }),

  declineInvitation: protectedProcedure.input(ZInvitationSecretRequest).mutation(async ({ ctx, input }) => {
    await enforceInvitationLookupLimit(ctx.db, ctx.user.id);
    const user = await findUserById(ctx.db, ctx.user.id);
    await declineInvitation(ctx.db, { secret: input.secret, user: { id: ctx.user.id, email: user?.email ?? "" } });
  }),
});
