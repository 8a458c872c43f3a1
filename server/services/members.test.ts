import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { and, eq, inArray } from "drizzle-orm";
import { auditLog, invitations, memberships } from "@/db/schema";
import type { Role } from "@/core/domain/workspace";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { addMember, insertTestUser, workspaceRow } from "@/server/testing/fixtures";
import { interleave, type Outcome } from "@/server/testing/interleave";
import { isAppError } from "@/server/errors";
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
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

async function setup() {
  const owner = await insertTestUser(t.db, "Olga");
  const { id } = await createWorkspace(t.db, { userId: owner.id, name: "Team Shop" });
  const workspace = () => workspaceRow(t.db, id);
  const join = async (name: string, role: Role) => {
    const user = await insertTestUser(t.db, name);
    await addMember(t.db, id, user.id, role);
    return { ...user, actor: { id: user.id, role } };
  };
  return { owner: { ...owner, actor: { id: owner.id, role: "owner" as Role } }, workspace, join };
}

async function roleOf(workspaceId: string, userId: string) {
  return (
    await t.db
      .select({ role: memberships.role })
      .from(memberships)
      .where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)))
      .limit(1)
  )[0]?.role;
}

async function actions(workspaceId: string) {
  return (await t.db.select().from(auditLog).where(eq(auditLog.workspaceId, workspaceId)).orderBy(auditLog.id)).map((e) => e.action);
}

describe("invitations", () => {
  it("stores only the SHA-256 of the link's secret and lets the invited person join with the role", async () => {
    const { owner, workspace } = await setup();
    const invitee = await insertTestUser(t.db, "Ina");
    const { invitation, secret } = await createInvitation(t.db, {
      workspace: await workspace(),
      actor: owner.actor,
      email: " INA@example.com ",
      role: "editor",
    });
    expect(invitation.email).toBe("ina@example.com");
    const row = (await t.db.select().from(invitations).where(eq(invitations.id, invitation.id)).limit(1))[0]!;
    expect(row.tokenHash).toBe(sha256Hex(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(7 * 24 * 3600 * 1000);

    expect(await previewInvitation(t.db, { secret, viewerEmail: invitee.email })).toMatchObject({
      workspaceName: "Team Shop",
      role: "editor",
      status: "pending",
      invitedByName: "Olga",
    });
    expect(await acceptInvitation(t.db, { secret, user: invitee })).toEqual({ workspaceSlug: (await workspace()).slug });
    expect(await roleOf((await workspace()).id, invitee.id)).toBe("editor");
    expect((await previewInvitation(t.db, { secret, viewerEmail: invitee.email })).status).toBe("accepted");
    expect(await listPendingInvitations(t.db, { workspaceId: (await workspace()).id })).toEqual([]);
    expect(await actions((await workspace()).id)).toEqual(["workspace.create", "member.invite", "invitation.accept"]);
  });

  it("refuses a used, declined, expired, withdrawn or unknown link, and a link sent to someone else", async () => {
    const { owner, workspace } = await setup();
    const ina = await insertTestUser(t.db, "Ina");
    const eve = await insertTestUser(t.db, "Eve");
    const send = async (email: string, now?: Date) =>
      (await createInvitation(t.db, { workspace: await workspace(), actor: owner.actor, email, role: "viewer", now })).secret;

    const forIna = await send(ina.email);
    await expect(acceptInvitation(t.db, { secret: forIna, user: eve })).rejects.toThrow(
      expect.objectContaining({ code: "INVITATION_WRONG_EMAIL" }),
    );
    await expect(declineInvitation(t.db, { secret: forIna, user: eve })).rejects.toThrow(
      expect.objectContaining({ code: "INVITATION_WRONG_EMAIL" }),
    );
    await declineInvitation(t.db, { secret: forIna, user: ina });
    await expect(acceptInvitation(t.db, { secret: forIna, user: ina })).rejects.toThrow(
      expect.objectContaining({ code: "INVITATION_USED" }),
    );
    expect(await roleOf((await workspace()).id, ina.id)).toBeUndefined();

    const old = await send(ina.email, new Date(Date.now() - 8 * 24 * 3600 * 1000));
    expect((await previewInvitation(t.db, { secret: old, viewerEmail: ina.email })).status).toBe("expired");
    await expect(acceptInvitation(t.db, { secret: old, user: ina })).rejects.toThrow(
      expect.objectContaining({ code: "INVITATION_EXPIRED" }),
    );

    const withdrawn = await send(ina.email);
    const [pending] = await listPendingInvitations(t.db, { workspaceId: (await workspace()).id });
    await revokeInvitation(t.db, { workspace: await workspace(), actor: owner.actor, invitationId: pending.id });
    await expect(acceptInvitation(t.db, { secret: withdrawn, user: ina })).rejects.toThrow(expect.objectContaining({ code: "NOT_FOUND" }));
    await expect(previewInvitation(t.db, { secret: "x".repeat(43), viewerEmail: ina.email })).rejects.toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
    expect(await actions((await workspace()).id)).toContain("invitation.decline");
    expect(await actions((await workspace()).id)).toContain("invitation.revoke");
  });

  it("replaces an unanswered invitation to the same address and refuses to invite a member", async () => {
    const { owner, workspace, join } = await setup();
    const first = await createInvitation(t.db, {
      workspace: await workspace(),
      actor: owner.actor,
      email: "ina@example.com",
      role: "viewer",
    });
    const second = await createInvitation(t.db, {
      workspace: await workspace(),
      actor: owner.actor,
      email: "ina@example.com",
      role: "editor",
    });
    expect((await listPendingInvitations(t.db, { workspaceId: (await workspace()).id })).map((i) => i.role)).toEqual(["editor"]);
    await expect(previewInvitation(t.db, { secret: first.secret, viewerEmail: "ina@example.com" })).rejects.toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
    expect((await previewInvitation(t.db, { secret: second.secret, viewerEmail: "ina@example.com" })).role).toBe("editor");

    const ed = await join("Ed", "editor");
    await expect(
      createInvitation(t.db, { workspace: await workspace(), actor: owner.actor, email: ed.email, role: "admin" }),
    ).rejects.toThrow(expect.objectContaining({ code: "ALREADY_MEMBER" }));
  });

  it("lets only an owner invite an owner", async () => {
    const { workspace, join } = await setup();
    const admin = await join("Ada", "admin");
    await expect(
      createInvitation(t.db, { workspace: await workspace(), actor: admin.actor, email: "new@example.com", role: "owner" }),
    ).rejects.toThrow(expect.objectContaining({ code: "OWNER_REQUIRED" }));
    expect(
      (await createInvitation(t.db, { workspace: await workspace(), actor: admin.actor, email: "new@example.com", role: "admin" }))
        .invitation.role,
    ).toBe("admin");
  });
});

describe("invitations answered at once (as on two instances)", () => {
  it("keeps one pending invitation when the same address is invited several times at once", async () => {
    const { owner, workspace } = await setup();
    const ws = await workspace();
    const sent = await Promise.all(
      ["viewer", "editor", "admin"].map((role) =>
        createInvitation(t.db, { workspace: ws, actor: owner.actor, email: "ina@example.com", role: role as Role }),
      ),
    );
    const pending = await listPendingInvitations(t.db, { workspaceId: ws.id });
    expect(pending).toHaveLength(1);
    expect(sent.map((s) => s.invitation.id)).toContain(pending[0].id);
  });

  it("lets one answer win: the other is told the invitation was already answered; an accept makes one membership", async () => {
    const { owner, workspace } = await setup();
    const ina = await insertTestUser(t.db, "Ina");
    for (const second of [acceptInvitation, declineInvitation]) {
      const { secret } = await createInvitation(t.db, {
        workspace: await workspace(),
        actor: owner.actor,
        email: ina.email,
        role: "editor",
      });
      const outcomes = await Promise.allSettled([acceptInvitation(t.db, { secret, user: ina }), second(t.db, { secret, user: ina })]);
      const refused = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason as unknown] : []));
      expect(refused).toEqual([expect.objectContaining({ code: "INVITATION_USED" })]);
      const answers = (await actions((await workspace()).id)).filter((a) => a === "invitation.accept" || a === "invitation.decline");
      expect(answers).toHaveLength(second === acceptInvitation ? 1 : 2);
      const accepted = outcomes[0].status === "fulfilled" || (second === acceptInvitation && outcomes[1].status === "fulfilled");
      const rows = await t.db.select().from(memberships).where(eq(memberships.userId, ina.id));
      expect(rows.map((row) => row.role)).toEqual(accepted ? ["editor"] : []);
      if (accepted) await removeMember(t.db, { workspace: await workspace(), actor: owner.actor, userId: ina.id });
    }
  });
});

describe("withdrawing an invitation while it is answered (as on two instances)", () => {
  const codeOf = (outcome: Outcome<unknown>) =>
    outcome.ok ? "ok" : isAppError(outcome.error) ? outcome.error.code : String(outcome.error);

  it("lets either the answer or the withdrawal win, and tells the other what happened", async () => {
    const { owner, workspace } = await setup();
    const rounds = [
      { answer: "accept", answerFirst: false },
      { answer: "accept", answerFirst: true },
      { answer: "decline", answerFirst: false },
      { answer: "decline", answerFirst: true },
    ] as const;
    for (const [i, round] of rounds.entries()) {
      const invitee = await insertTestUser(t.db, `Ina${i}`);
      const ws = await workspace();
      const { invitation, secret } = await createInvitation(t.db, {
        workspace: ws,
        actor: owner.actor,
        email: invitee.email,
        role: "editor",
      });
      const revoke = (db = t.db) => revokeInvitation(db, { workspace: ws, actor: owner.actor, invitationId: invitation.id });
      const answer = (db = t.db): Promise<unknown> =>
        round.answer === "accept" ? acceptInvitation(db, { secret, user: invitee }) : declineInvitation(db, { secret, user: invitee });
      const raced = round.answerFirst
        ? await interleave(
            t.db,
            () => answer(),
            (db) => revoke(db),
          )
        : await interleave(
            t.db,
            () => revoke(),
            (db) => answer(db),
          );
      const [answered, revoked] = round.answerFirst ? [raced.first, raced.between] : [raced.between, raced.first];
      const logged = (
        await t.db
          .select()
          .from(auditLog)
          .where(inArray(auditLog.targetId, [invitee.id, invitation.id]))
      )
        .map((e) => e.action)
        .filter((action) => ["invitation.accept", "invitation.decline", "invitation.revoke"].includes(action));
      const member = await roleOf(ws.id, invitee.id);
      if (answered.ok) {
        // The answer came first: the withdrawal is refused as for an answered invitation, and nothing says "withdrawn".
        expect(codeOf(revoked)).toBe("INVITATION_USED");
        expect(logged).toEqual([`invitation.${round.answer}`]);
        expect(member).toBe(round.answer === "accept" ? "editor" : undefined);
      } else {
        // The withdrawal came first: the link is gone, as for any withdrawn invitation.
        expect(revoked.ok).toBe(true);
        expect(codeOf(answered)).toBe("NOT_FOUND");
        expect(logged).toEqual(["invitation.revoke"]);
        expect(member).toBeUndefined();
      }
    }
  });

  it("of two withdrawals at once one withdraws and is recorded; the other is told it is gone", async () => {
    const { owner, workspace } = await setup();
    const ws = await workspace();
    const { invitation } = await createInvitation(t.db, { workspace: ws, actor: owner.actor, email: "ina@example.com", role: "viewer" });
    const revoke = (db = t.db) => revokeInvitation(db, { workspace: ws, actor: owner.actor, invitationId: invitation.id });
    const { first, between } = await interleave(
      t.db,
      () => revoke(),
      (db) => revoke(db),
    );
    expect([first, between].map(codeOf).sort()).toEqual(["NOT_FOUND", "ok"]);
    expect((await actions(ws.id)).filter((a) => a === "invitation.revoke")).toHaveLength(1);
  });
});

describe("roles and the last owner", () => {
  it("changes a role with before and after in the audit log", async () => {
    const { owner, workspace, join } = await setup();
    const ed = await join("Ed", "editor");
    expect((await changeMemberRole(t.db, { workspace: await workspace(), actor: owner.actor, userId: ed.id, role: "viewer" })).role).toBe(
      "viewer",
    );
    const entry = (await t.db.select().from(auditLog).where(eq(auditLog.action, "member.role")).limit(1))[0]!;
    expect(entry).toMatchObject({ actorId: owner.id, targetId: ed.id, before: { role: "editor" }, after: { role: "viewer" } });
  });

  it("keeps the last owner: cannot leave, be removed or be demoted", async () => {
    const { owner, workspace } = await setup();
    await expect(leaveWorkspace(t.db, { workspace: await workspace(), actor: owner.actor })).rejects.toThrow(
      expect.objectContaining({ code: "LAST_OWNER" }),
    );
    await expect(removeMember(t.db, { workspace: await workspace(), actor: owner.actor, userId: owner.id })).rejects.toThrow(
      expect.objectContaining({ code: "LAST_OWNER" }),
    );
    await expect(
      changeMemberRole(t.db, { workspace: await workspace(), actor: owner.actor, userId: owner.id, role: "admin" }),
    ).rejects.toThrow(expect.objectContaining({ code: "LAST_OWNER" }));
    expect(await roleOf((await workspace()).id, owner.id)).toBe("owner");
  });

  it("lets an owner step down once there is a second owner", async () => {
    const { owner, workspace, join } = await setup();
    const second = await join("Sam", "admin");
    await changeMemberRole(t.db, { workspace: await workspace(), actor: owner.actor, userId: second.id, role: "owner" });
    await changeMemberRole(t.db, { workspace: await workspace(), actor: owner.actor, userId: owner.id, role: "editor" });
    expect(await roleOf((await workspace()).id, owner.id)).toBe("editor");
    await expect(leaveWorkspace(t.db, { workspace: await workspace(), actor: { id: second.id, role: "owner" } })).rejects.toThrow(
      expect.objectContaining({ code: "LAST_OWNER" }),
    );
  });

  it("keeps one owner when the last two step down at once (as on two instances)", async () => {
    const { owner, workspace, join } = await setup();
    const second = await join("Sam", "owner");
    const ws = await workspace();
    for (let round = 0; round < 5; round++) {
      const outcomes = await Promise.allSettled([
        changeMemberRole(t.db, { workspace: ws, actor: owner.actor, userId: owner.id, role: "editor" }),
        leaveWorkspace(t.db, { workspace: ws, actor: second.actor }),
      ]);
      const refused = outcomes.flatMap((outcome) => (outcome.status === "rejected" ? [outcome.reason as unknown] : []));
      expect(refused).toEqual([expect.objectContaining({ code: "LAST_OWNER" })]);
      const owners = (await listMembers(t.db, { workspaceId: ws.id })).filter((m) => m.role === "owner");
      expect(owners).toHaveLength(1);
      // Back to two owners for the next round.
      if (outcomes[0].status === "fulfilled")
        await changeMemberRole(t.db, { workspace: ws, actor: second.actor, userId: owner.id, role: "owner" });
      else await addMember(t.db, ws.id, second.id, "owner");
    }
  });

  it("does not let an admin touch owners or make owners, but lets them manage others", async () => {
    const { owner, workspace, join } = await setup();
    const admin = await join("Ada", "admin");
    const ed = await join("Ed", "editor");
    for (const attempt of [
      async () => changeMemberRole(t.db, { workspace: await workspace(), actor: admin.actor, userId: owner.id, role: "viewer" }),
      async () => changeMemberRole(t.db, { workspace: await workspace(), actor: admin.actor, userId: ed.id, role: "owner" }),
      async () => changeMemberRole(t.db, { workspace: await workspace(), actor: admin.actor, userId: admin.id, role: "owner" }),
      async () => removeMember(t.db, { workspace: await workspace(), actor: admin.actor, userId: owner.id }),
    ]) {
      await expect(attempt()).rejects.toThrow(expect.objectContaining({ code: "OWNER_REQUIRED" }));
    }
    await changeMemberRole(t.db, { workspace: await workspace(), actor: admin.actor, userId: ed.id, role: "admin" });
    await removeMember(t.db, { workspace: await workspace(), actor: admin.actor, userId: ed.id });
    expect((await listMembers(t.db, { workspaceId: (await workspace()).id })).map((m) => [m.name, m.role])).toEqual([
      ["Olga", "owner"],
      ["Ada", "admin"],
    ]);
    expect(await actions((await workspace()).id)).toEqual(["workspace.create", "member.role", "member.remove"]);
  });

  it("lets any member leave, recorded as leaving", async () => {
    const { workspace, join } = await setup();
    const viewer = await join("Vic", "viewer");
    await leaveWorkspace(t.db, { workspace: await workspace(), actor: viewer.actor });
    expect(await roleOf((await workspace()).id, viewer.id)).toBeUndefined();
    expect(await actions((await workspace()).id)).toContain("member.leave");
  });
});
