import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, invitations, memberships } from "@/db/schema";
import type { Role } from "@/core/domain/workspace";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { addMember, insertTestUser, workspaceRow } from "@/server/testing/fixtures";
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
} from "./members";
import { sha256Hex } from "./secrets";
import { createWorkspace } from "./workspaces";

let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.close());

function setup() {
  const owner = insertTestUser(t.db, "Olga");
  const { id } = createWorkspace(t.db, { userId: owner.id, name: "Team Shop" });
  const workspace = () => workspaceRow(t.db, id);
  const join = (name: string, role: Role) => {
    const user = insertTestUser(t.db, name);
    addMember(t.db, id, user.id, role);
    return { ...user, actor: { id: user.id, role } };
  };
  return { owner: { ...owner, actor: { id: owner.id, role: "owner" as Role } }, workspace, join };
}

function roleOf(workspaceId: string, userId: string) {
  return t.db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
    .get()?.role;
}

function actions(workspaceId: string) {
  return t.db
    .select()
    .from(auditLog)
    .where(eq(auditLog.workspaceId, workspaceId))
    .all()
    .map((e) => e.action);
}

describe("invitations", () => {
  it("stores only the SHA-256 of the link's secret and lets the invited person join with the role", () => {
    const { owner, workspace } = setup();
    const invitee = insertTestUser(t.db, "Ina");
    const { invitation, secret } = createInvitation(t.db, {
      workspace: workspace(),
      actor: owner.actor,
      email: " INA@example.com ",
      role: "editor",
    });
    expect(invitation.email).toBe("ina@example.com");
    const row = t.db.select().from(invitations).where(eq(invitations.id, invitation.id)).get()!;
    expect(row.tokenHash).toBe(sha256Hex(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(7 * 24 * 3600 * 1000);

    expect(previewInvitation(t.db, { secret, viewerEmail: invitee.email })).toMatchObject({
      workspaceName: "Team Shop",
      role: "editor",
      status: "pending",
      invitedByName: "Olga",
    });
    expect(acceptInvitation(t.db, { secret, user: invitee })).toEqual({ workspaceSlug: workspace().slug });
    expect(roleOf(workspace().id, invitee.id)).toBe("editor");
    expect(previewInvitation(t.db, { secret, viewerEmail: invitee.email }).status).toBe("accepted");
    expect(listPendingInvitations(t.db, { workspaceId: workspace().id })).toEqual([]);
    expect(actions(workspace().id)).toEqual(["workspace.create", "member.invite", "invitation.accept"]);
  });

  it("refuses a used, declined, expired, withdrawn or unknown link, and a link sent to someone else", () => {
    const { owner, workspace } = setup();
    const ina = insertTestUser(t.db, "Ina");
    const eve = insertTestUser(t.db, "Eve");
    const send = (email: string, now?: Date) =>
      createInvitation(t.db, { workspace: workspace(), actor: owner.actor, email, role: "viewer", now }).secret;

    const forIna = send(ina.email);
    expect(() => acceptInvitation(t.db, { secret: forIna, user: eve })).toThrow(
      expect.objectContaining({ code: "INVITATION_WRONG_EMAIL" }),
    );
    expect(() => declineInvitation(t.db, { secret: forIna, user: eve })).toThrow(
      expect.objectContaining({ code: "INVITATION_WRONG_EMAIL" }),
    );
    declineInvitation(t.db, { secret: forIna, user: ina });
    expect(() => acceptInvitation(t.db, { secret: forIna, user: ina })).toThrow(expect.objectContaining({ code: "INVITATION_USED" }));
    expect(roleOf(workspace().id, ina.id)).toBeUndefined();

    const old = send(ina.email, new Date(Date.now() - 8 * 24 * 3600 * 1000));
    expect(previewInvitation(t.db, { secret: old, viewerEmail: ina.email }).status).toBe("expired");
    expect(() => acceptInvitation(t.db, { secret: old, user: ina })).toThrow(expect.objectContaining({ code: "INVITATION_EXPIRED" }));

    const withdrawn = send(ina.email);
    const [pending] = listPendingInvitations(t.db, { workspaceId: workspace().id });
    revokeInvitation(t.db, { workspace: workspace(), actor: owner.actor, invitationId: pending.id });
    expect(() => acceptInvitation(t.db, { secret: withdrawn, user: ina })).toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    expect(() => previewInvitation(t.db, { secret: "x".repeat(43), viewerEmail: ina.email })).toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
    expect(actions(workspace().id)).toContain("invitation.decline");
    expect(actions(workspace().id)).toContain("invitation.revoke");
  });

  it("replaces an unanswered invitation to the same address and refuses to invite a member", () => {
    const { owner, workspace, join } = setup();
    const first = createInvitation(t.db, { workspace: workspace(), actor: owner.actor, email: "ina@example.com", role: "viewer" });
    const second = createInvitation(t.db, { workspace: workspace(), actor: owner.actor, email: "ina@example.com", role: "editor" });
    expect(listPendingInvitations(t.db, { workspaceId: workspace().id }).map((i) => i.role)).toEqual(["editor"]);
    expect(() => previewInvitation(t.db, { secret: first.secret, viewerEmail: "ina@example.com" })).toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
    expect(previewInvitation(t.db, { secret: second.secret, viewerEmail: "ina@example.com" }).role).toBe("editor");

    const ed = join("Ed", "editor");
    expect(() => createInvitation(t.db, { workspace: workspace(), actor: owner.actor, email: ed.email, role: "admin" })).toThrow(
      expect.objectContaining({ code: "ALREADY_MEMBER" }),
    );
  });

  it("lets only an owner invite an owner", () => {
    const { workspace, join } = setup();
    const admin = join("Ada", "admin");
    expect(() => createInvitation(t.db, { workspace: workspace(), actor: admin.actor, email: "new@example.com", role: "owner" })).toThrow(
      expect.objectContaining({ code: "OWNER_REQUIRED" }),
    );
    expect(
      createInvitation(t.db, { workspace: workspace(), actor: admin.actor, email: "new@example.com", role: "admin" }).invitation.role,
    ).toBe("admin");
  });
});

describe("roles and the last owner", () => {
  it("changes a role with before and after in the audit log", () => {
    const { owner, workspace, join } = setup();
    const ed = join("Ed", "editor");
    expect(changeMemberRole(t.db, { workspace: workspace(), actor: owner.actor, userId: ed.id, role: "viewer" }).role).toBe("viewer");
    const entry = t.db.select().from(auditLog).where(eq(auditLog.action, "member.role")).get()!;
    expect(entry).toMatchObject({ actorId: owner.id, targetId: ed.id, before: { role: "editor" }, after: { role: "viewer" } });
  });

  it("keeps the last owner: cannot leave, be removed or be demoted", () => {
    const { owner, workspace } = setup();
    expect(() => leaveWorkspace(t.db, { workspace: workspace(), actor: owner.actor })).toThrow(
      expect.objectContaining({ code: "LAST_OWNER" }),
    );
    expect(() => removeMember(t.db, { workspace: workspace(), actor: owner.actor, userId: owner.id })).toThrow(
      expect.objectContaining({ code: "LAST_OWNER" }),
    );
    expect(() => changeMemberRole(t.db, { workspace: workspace(), actor: owner.actor, userId: owner.id, role: "admin" })).toThrow(
      expect.objectContaining({ code: "LAST_OWNER" }),
    );
    expect(roleOf(workspace().id, owner.id)).toBe("owner");
  });

  it("lets an owner step down once there is a second owner", () => {
    const { owner, workspace, join } = setup();
    const second = join("Sam", "admin");
    changeMemberRole(t.db, { workspace: workspace(), actor: owner.actor, userId: second.id, role: "owner" });
    changeMemberRole(t.db, { workspace: workspace(), actor: owner.actor, userId: owner.id, role: "editor" });
    expect(roleOf(workspace().id, owner.id)).toBe("editor");
    expect(() => leaveWorkspace(t.db, { workspace: workspace(), actor: { id: second.id, role: "owner" } })).toThrow(
      expect.objectContaining({ code: "LAST_OWNER" }),
    );
  });

  it("does not let an admin touch owners or make owners, but lets them manage others", () => {
    const { owner, workspace, join } = setup();
    const admin = join("Ada", "admin");
    const ed = join("Ed", "editor");
    for (const attempt of [
      () => changeMemberRole(t.db, { workspace: workspace(), actor: admin.actor, userId: owner.id, role: "viewer" }),
      () => changeMemberRole(t.db, { workspace: workspace(), actor: admin.actor, userId: ed.id, role: "owner" }),
      () => changeMemberRole(t.db, { workspace: workspace(), actor: admin.actor, userId: admin.id, role: "owner" }),
      () => removeMember(t.db, { workspace: workspace(), actor: admin.actor, userId: owner.id }),
    ]) {
      expect(attempt).toThrow(expect.objectContaining({ code: "OWNER_REQUIRED" }));
    }
    changeMemberRole(t.db, { workspace: workspace(), actor: admin.actor, userId: ed.id, role: "admin" });
    removeMember(t.db, { workspace: workspace(), actor: admin.actor, userId: ed.id });
    expect(listMembers(t.db, { workspaceId: workspace().id }).map((m) => [m.name, m.role])).toEqual([
      ["Olga", "owner"],
      ["Ada", "admin"],
    ]);
    expect(actions(workspace().id)).toEqual(["workspace.create", "member.role", "member.remove"]);
  });

  it("lets any member leave, recorded as leaving", () => {
    const { workspace, join } = setup();
    const viewer = join("Vic", "viewer");
    leaveWorkspace(t.db, { workspace: workspace(), actor: viewer.actor });
    expect(roleOf(workspace().id, viewer.id)).toBeUndefined();
    expect(actions(workspace().id)).toContain("member.leave");
  });
});
