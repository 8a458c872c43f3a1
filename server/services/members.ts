import { and, asc, count, eq, isNull } from "drizzle-orm";
import { nanoid } from "nanoid";
import type { Db, DbOrTx } from "@/db/client";
import { invitations, memberships, users, workspaces } from "@/db/schema";
import { INVITATION_TTL_DAYS, ZInvitationFields } from "@/core/domain/members";
import { type Role } from "@/core/domain/workspace";
import { AppError } from "@/server/errors";
import { recordAudit } from "./audit";
import { newSecret, sha256Hex } from "./secrets";
import { serialize, transaction } from "@/db/transaction";

/*
 * Who may change whom (decided here, enforced for every path into it):
 * - admins and owners manage members (the routers require admin);
 * - only an owner may invite an owner, make someone owner, or change or remove a
 *   member who is an owner (OWNER_REQUIRED) — otherwise an admin could take over
 *   the workspace or lock its owners out;
 * - the last owner can neither leave, be removed nor be demoted (LAST_OWNER).
 */

type WorkspaceRow = typeof workspaces.$inferSelect;
export type Actor = { id: string; role: Role };

export type Member = { userId: string; name: string; email: string; role: Role; joinedAt: Date };

export type InvitationStatus = "pending" | "expired" | "accepted" | "declined";

export type PendingInvitation = {
  id: string;
  email: string;
  role: Role;
  invitedByName: string | null;
  createdAt: Date;
  expiresAt: Date;
  expired: boolean;
};

/** The workspace's members, owners first, then by name. */
export async function listMembers(db: Db, options: { workspaceId: string }): Promise<Member[]> {
  const rows = await db
    .select({ userId: users.id, name: users.name, email: users.email, role: memberships.role, joinedAt: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.workspaceId, options.workspaceId))
    .orderBy(asc(users.name));
  const rank: Record<Role, number> = { owner: 0, admin: 1, editor: 2, viewer: 3 };
  return rows.sort((a, b) => rank[a.role] - rank[b.role]);
}

/** Invitations nobody has answered yet, expired ones included (flagged) so they can be withdrawn. */
export async function listPendingInvitations(db: Db, options: { workspaceId: string; now?: Date }): Promise<PendingInvitation[]> {
  const now = options.now ?? new Date();
  return (
    await db
      .select({
        id: invitations.id,
        email: invitations.email,
        role: invitations.role,
        invitedByName: users.name,
        createdAt: invitations.createdAt,
        expiresAt: invitations.expiresAt,
      })
      .from(invitations)
      .leftJoin(users, eq(users.id, invitations.invitedBy))
      .where(and(eq(invitations.workspaceId, options.workspaceId), isNull(invitations.acceptedAt), isNull(invitations.declinedAt)))
      .orderBy(asc(invitations.createdAt))
  ).map((row) => ({ ...row, expired: row.expiresAt <= now }));
}

function requireOwnerFor(actor: Actor, what: string): void {
  if (actor.role !== "owner") throw new AppError("OWNER_REQUIRED", `Only an owner can ${what}.`);
}

async function findMembership(db: DbOrTx, workspaceId: string, userId: string) {
  return (
    await db
      .select({ role: memberships.role, email: users.email, name: users.name })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
      .limit(1)
  )[0];
}

async function ownerCount(db: DbOrTx, workspaceId: string): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.role, "owner")))
    .limit(1);
  return row?.n ?? 0;
}

/**
 * Changes of a workspace's members take turns (on PostgreSQL across instances too): two
 * owners stepping down at once would otherwise each still see the other as an owner, and two
 * invitations to one address at once each find no pending one to replace.
 */
const membersKey = (workspaceId: string) => `members:${workspaceId}`;

/**
 * Invites an email address with a role. Returns the secret for the link
 * (`/invite/<secret>`) once; only its SHA-256 is stored. A newer invitation for
 * the same address replaces an unanswered older one.
 */
export async function createInvitation(
  db: Db,
  options: { workspace: WorkspaceRow; actor: Actor; email: string; role: Role; now?: Date },
): Promise<{ invitation: PendingInvitation; secret: string }> {
  const { email, role } = ZInvitationFields.parse({ email: options.email, role: options.role });
  if (role === "owner") requireOwnerFor(options.actor, "invite another owner");
  const now = options.now ?? new Date();
  const secret = newSecret();
  const id = nanoid();
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * 24 * 60 * 60 * 1000);
  await transaction(db, async (tx) => {
    await serialize(tx, membersKey(options.workspace.id));
    const [existing] = await tx
      .select({ userId: users.id })
      .from(users)
      .innerJoin(memberships, and(eq(memberships.userId, users.id), eq(memberships.workspaceId, options.workspace.id)))
      .where(eq(users.email, email))
      .limit(1);
    if (existing) throw new AppError("ALREADY_MEMBER", "This person is already a member.", { field: "email" });
    await tx
      .delete(invitations)
      .where(
        and(
          eq(invitations.workspaceId, options.workspace.id),
          eq(invitations.email, email),
          isNull(invitations.acceptedAt),
          isNull(invitations.declinedAt),
        ),
      );
    await tx.insert(invitations).values({
      id,
      workspaceId: options.workspace.id,
      email,
      role,
      tokenHash: sha256Hex(secret),
      invitedBy: options.actor.id,
      createdAt: now,
      expiresAt,
    });
    await recordAudit(tx, {
      workspaceId: options.workspace.id,
      actorId: options.actor.id,
      action: "member.invite",
      targetType: "invitation",
      targetId: id,
      after: { email, role, expiresAt: expiresAt.toISOString() },
    });
  });
  const invitedByName = (await db.select({ name: users.name }).from(users).where(eq(users.id, options.actor.id)).limit(1))[0]?.name ?? null;
  return { invitation: { id, email, role, invitedByName, createdAt: now, expiresAt, expired: false }, secret };
}

/**
 * Accepting, declining and withdrawing one invitation take turns (on PostgreSQL across
 * instances too), so each sees what the other did: a withdrawal never reports success for
 * an invitation that was just accepted, nor an accept for one just withdrawn.
 */
const invitationKey = (tokenHash: string) => `invitation:${tokenHash}`;

/**
 * Withdraws an unanswered invitation; its link stops working at once. An invitation
 * answered meanwhile (accepted or declined, also at the same moment on another instance)
 * is not withdrawn: INVITATION_USED. One withdrawn already is NOT_FOUND, as an unknown one.
 */
export async function revokeInvitation(db: Db, options: { workspace: WorkspaceRow; actor: Actor; invitationId: string }): Promise<void> {
  await transaction(db, async (tx) => {
    const find = async () =>
      (
        await tx
          .select()
          .from(invitations)
          .where(and(eq(invitations.id, options.invitationId), eq(invitations.workspaceId, options.workspace.id)))
          .limit(1)
      )[0];
    const seen = await find();
    if (!seen) throw new AppError("NOT_FOUND", "Invitation not found.");
    await serialize(tx, invitationKey(seen.tokenHash));
    // Read again after the turn: an answer or a withdrawal that committed meanwhile is seen now.
    const invitation = await find();
    if (!invitation) throw new AppError("NOT_FOUND", "Invitation not found.");
    if (invitation.acceptedAt || invitation.declinedAt) {
      throw new AppError(
        "INVITATION_USED",
        `This invitation was already ${invitation.acceptedAt ? "accepted" : "declined"}; it can no longer be withdrawn.`,
      );
    }
    if (invitation.role === "owner") requireOwnerFor(options.actor, "withdraw an owner invitation");
    const deleted = await tx
      .delete(invitations)
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt), isNull(invitations.declinedAt)))
      .returning({ id: invitations.id });
    if (deleted.length === 0) throw new AppError("NOT_FOUND", "Invitation not found.");
    await recordAudit(tx, {
      workspaceId: options.workspace.id,
      actorId: options.actor.id,
      action: "invitation.revoke",
      targetType: "invitation",
      targetId: invitation.id,
      before: { email: invitation.email, role: invitation.role },
    });
  });
}

export type InvitationPreview = {
  workspaceName: string;
  workspaceSlug: string;
  /** The invited address; null unless the viewer's account is the one invited. */
  email: string | null;
  forViewer: boolean;
  role: Role;
  invitedByName: string | null;
  expiresAt: Date;
  status: InvitationStatus;
};

async function findInvitationBySecret(db: DbOrTx, secret: string) {
  return (
    await db
      .select({ invitation: invitations, workspaceName: workspaces.name, workspaceSlug: workspaces.slug, invitedByName: users.name })
      .from(invitations)
      .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
      .leftJoin(users, eq(users.id, invitations.invitedBy))
      .where(eq(invitations.tokenHash, sha256Hex(secret)))
      .limit(1)
  )[0];
}

function statusOf(invitation: typeof invitations.$inferSelect, now: Date): InvitationStatus {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.declinedAt) return "declined";
  return invitation.expiresAt <= now ? "expired" : "pending";
}

/**
 * What the invitation page shows before the invitee answers. Unknown links answer
 * NOT_FOUND. The invited address is shown only to the account it was sent to
 * (`viewerEmail`); anyone else holding the link sees `email: null`.
 */
export async function previewInvitation(db: Db, options: { secret: string; viewerEmail: string; now?: Date }): Promise<InvitationPreview> {
  const found = await findInvitationBySecret(db, options.secret);
  if (!found) throw new AppError("NOT_FOUND", "Invitation not found.");
  const { invitation } = found;
  const forViewer = invitation.email === options.viewerEmail.trim().toLowerCase();
  return {
    workspaceName: found.workspaceName,
    workspaceSlug: found.workspaceSlug,
    email: forViewer ? invitation.email : null,
    forViewer,
    role: invitation.role,
    invitedByName: found.invitedByName,
    expiresAt: invitation.expiresAt,
    status: statusOf(invitation, options.now ?? new Date()),
  };
}

/**
 * Checks that the signed-in user may answer this invitation: it exists, is still
 * open, and was sent to the user's own email address (a forwarded link does not
 * let someone else in).
 */
async function openInvitationFor(db: DbOrTx, secret: string, user: { id: string; email: string }, now: Date) {
  const found = await findInvitationBySecret(db, secret);
  if (!found) throw new AppError("NOT_FOUND", "Invitation not found.");
  const status = statusOf(found.invitation, now);
  if (status === "accepted" || status === "declined") throw new AppError("INVITATION_USED", "This invitation was already answered.");
  if (status === "expired") throw new AppError("INVITATION_EXPIRED", "This invitation has expired.");
  if (found.invitation.email !== user.email.trim().toLowerCase()) {
    // The invited address is not named: only its own account learns it.
    throw new AppError("INVITATION_WRONG_EMAIL", "This invitation was sent to another email address.");
  }
  // Holding the link is not enough: the account must have proved it reads the invited mailbox.
  const verified = (await db.select({ at: users.emailVerifiedAt }).from(users).where(eq(users.id, user.id)).limit(1))[0]?.at;
  if (!verified) throw new AppError("EMAIL_UNVERIFIED", "Please confirm your email address first: follow the link we mailed you.");
  return found;
}

/**
 * Marks the invitation answered if it still is open: one conditional UPDATE, so of two
 * answers at once (on any instance) exactly one gets it; the other is INVITATION_USED,
 * and one that finds it withdrawn meanwhile is NOT_FOUND, as a withdrawn link is.
 */
async function answerInvitation(tx: DbOrTx, id: string, answer: { acceptedAt: Date } | { declinedAt: Date }): Promise<void> {
  const answered = await tx
    .update(invitations)
    .set(answer)
    .where(and(eq(invitations.id, id), isNull(invitations.acceptedAt), isNull(invitations.declinedAt)))
    .returning({ id: invitations.id });
  if (answered.length > 0) return;
  const [still] = await tx.select({ id: invitations.id }).from(invitations).where(eq(invitations.id, id)).limit(1);
  if (!still) throw new AppError("NOT_FOUND", "Invitation not found.");
  throw new AppError("INVITATION_USED", "This invitation was already answered.");
}

/** Joins the workspace with the invited role. Returns the workspace's slug. */
export async function acceptInvitation(
  db: Db,
  options: { secret: string; user: { id: string; email: string }; now?: Date },
): Promise<{ workspaceSlug: string }> {
  const now = options.now ?? new Date();
  return transaction(db, async (tx) => {
    // One link followed twice at once (two tabs, two instances): the second finds it accepted; a
    // withdrawal at the same moment waits for the accept, or the accept finds the link gone.
    await serialize(tx, invitationKey(sha256Hex(options.secret)));
    const { invitation, workspaceSlug } = await openInvitationFor(tx, options.secret, options.user, now);
    await answerInvitation(tx, invitation.id, { acceptedAt: now });
    const current = await findMembership(tx, invitation.workspaceId, options.user.id);
    // Someone who joined another way meanwhile keeps the role they have.
    if (!current)
      await tx.insert(memberships).values({ workspaceId: invitation.workspaceId, userId: options.user.id, role: invitation.role });
    await recordAudit(tx, {
      workspaceId: invitation.workspaceId,
      actorId: options.user.id,
      action: "invitation.accept",
      targetType: "member",
      targetId: options.user.id,
      after: { email: invitation.email, role: current?.role ?? invitation.role },
    });
    return { workspaceSlug };
  });
}

/** Declines the invitation; its link stops working. */
export async function declineInvitation(
  db: Db,
  options: { secret: string; user: { id: string; email: string }; now?: Date },
): Promise<void> {
  const now = options.now ?? new Date();
  await transaction(db, async (tx) => {
    await serialize(tx, invitationKey(sha256Hex(options.secret)));
    const { invitation } = await openInvitationFor(tx, options.secret, options.user, now);
    await answerInvitation(tx, invitation.id, { declinedAt: now });
    await recordAudit(tx, {
      workspaceId: invitation.workspaceId,
      actorId: options.user.id,
      action: "invitation.decline",
      targetType: "invitation",
      targetId: invitation.id,
      before: { email: invitation.email, role: invitation.role },
    });
  });
}

/** Gives a member another role, under the owner rules above. */
export async function changeMemberRole(
  db: Db,
  options: { workspace: WorkspaceRow; actor: Actor; userId: string; role: Role },
): Promise<Member> {
  await transaction(db, async (tx) => {
    await serialize(tx, membersKey(options.workspace.id));
    const target = await findMembership(tx, options.workspace.id, options.userId);
    if (!target) throw new AppError("NOT_FOUND", "Member not found.");
    if (target.role === options.role) return;
    if (target.role === "owner" || options.role === "owner") requireOwnerFor(options.actor, "change an owner's role or make someone owner");
    if (target.role === "owner" && (await ownerCount(tx, options.workspace.id)) <= 1) {
      throw new AppError("LAST_OWNER", "The last owner cannot be demoted.");
    }
    await tx
      .update(memberships)
      .set({ role: options.role })
      .where(and(eq(memberships.workspaceId, options.workspace.id), eq(memberships.userId, options.userId)));
    await recordAudit(tx, {
      workspaceId: options.workspace.id,
      actorId: options.actor.id,
      action: "member.role",
      targetType: "member",
      targetId: options.userId,
      before: { email: target.email, role: target.role },
      after: { email: target.email, role: options.role },
    });
  });
  return (await listMembers(db, { workspaceId: options.workspace.id })).find((m) => m.userId === options.userId)!;
}

async function deleteMembership(
  db: Db,
  options: { workspace: WorkspaceRow; actor: Actor; userId: string; action: "member.remove" | "member.leave" },
): Promise<void> {
  await transaction(db, async (tx) => {
    await serialize(tx, membersKey(options.workspace.id));
    const target = await findMembership(tx, options.workspace.id, options.userId);
    if (!target) throw new AppError("NOT_FOUND", "Member not found.");
    if (target.role === "owner" && options.actor.id !== options.userId) requireOwnerFor(options.actor, "remove an owner");
    if (target.role === "owner" && (await ownerCount(tx, options.workspace.id)) <= 1) {
      throw new AppError("LAST_OWNER", "The last owner cannot leave the workspace.");
    }
    await tx.delete(memberships).where(and(eq(memberships.workspaceId, options.workspace.id), eq(memberships.userId, options.userId)));
    await recordAudit(tx, {
      workspaceId: options.workspace.id,
      actorId: options.actor.id,
      action: options.action,
      targetType: "member",
      targetId: options.userId,
      before: { email: target.email, role: target.role },
    });
  });
}

/** Removes a member (an owner only by an owner; never the last owner). */
export async function removeMember(db: Db, options: { workspace: WorkspaceRow; actor: Actor; userId: string }): Promise<void> {
  await deleteMembership(db, { ...options, action: options.userId === options.actor.id ? "member.leave" : "member.remove" });
}

/** The caller leaves the workspace; the last owner cannot. */
export async function leaveWorkspace(db: Db, options: { workspace: WorkspaceRow; actor: Actor }): Promise<void> {
  await deleteMembership(db, { ...options, userId: options.actor.id, action: "member.leave" });
}

/**
 * The address an open invitation was sent to, for prefilling the sign-up form of
 * whoever follows its link (the link went to that mailbox); null for anything else.
 */
export async function invitedAddressForSignUp(db: Db, secret: string, now = new Date()): Promise<string | null> {
  if (secret.length < 20 || secret.length > 100) return null;
  const found = await findInvitationBySecret(db, secret);
  return found && statusOf(found.invitation, now) === "pending" ? found.invitation.email : null;
}
