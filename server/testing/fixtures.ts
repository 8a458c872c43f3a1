import { TRPCError } from "@trpc/server";
import { eq } from "drizzle-orm";
import { nanoid } from "nanoid";
import type { Db } from "@/db/client";
import { memberships, users, workspaces } from "@/db/schema";
import type { Role } from "@/core/domain/workspace";
import { EXAMPLE_LEGAL } from "@/core/flow";
import { signUp } from "@/server/services/users";
import { createFlow } from "@/server/services/flows";
import { saveLegalSettings } from "@/server/services/legalSettings";
import { publishFlow } from "@/server/services/versions";
import { createWorkspace } from "@/server/services/workspaces";
import { callerFor } from "./db";
import { legalSavesAfterReads } from "./legalRace";

/** A password the sign-up rules accept. */
export const TEST_PASSWORD = "correct-horse-7";

/** Legal settings with every field filled, as the example flows expect them. */
export const COMPLETE_LEGAL_SETTINGS = {
  controllerName: EXAMPLE_LEGAL.controller.name,
  controllerAddress: EXAMPLE_LEGAL.controller.address,
  impressumUrl: EXAMPLE_LEGAL.impressumUrl,
  privacyPolicyUrl: EXAMPLE_LEGAL.privacyPolicyUrl,
  privacyContact: EXAMPLE_LEGAL.privacyContact,
  processors: EXAMPLE_LEGAL.processors,
};

/**
 * Signs a user up through the real service (with a password hash), email `name@example.com`
 * unless given, and marks the address verified (as after following the mailed link) unless
 * `verified` is false.
 */
export async function signUpTestUser(db: Db, name: string, email = `${name.toLowerCase()}@example.com`, verified = true) {
  const user = await signUp(db, { name, email, password: TEST_PASSWORD });
  if (verified) await db.update(users).set({ emailVerifiedAt: new Date() }).where(eq(users.id, user.id));
  return user;
}

/** Inserts a user row without a password (address verified), for tests that never sign in. */
export async function insertTestUser(db: Db, name: string, email = `${name.toLowerCase()}@example.com`) {
  const user = { id: nanoid(), name, email, emailVerifiedAt: new Date() };
  await db.insert(users).values(user);
  return user;
}

/** Makes `userId` a member of the workspace with `role`, bypassing invitations. */
export async function addMember(db: Db, workspaceId: string, userId: string, role: Role): Promise<void> {
  await db.insert(memberships).values({ workspaceId, userId, role });
}

/** Writes the legal settings straight into the workspace row (no audit, no re-validation). */
export async function setWorkspaceLegal(db: Db, workspaceId: string, settings = COMPLETE_LEGAL_SETTINGS): Promise<void> {
  await db.update(workspaces).set(settings).where(eq(workspaces.id, workspaceId));
}

/** The workspace row as stored now. */
export async function workspaceRow(db: Db, workspaceId: string) {
  return (await db.select().from(workspaces).where(eq(workspaces.id, workspaceId)).limit(1))[0]!;
}

/** A workspace created by a fresh user (inserted without password) named "Olga". */
export async function ownedWorkspace(db: Db, name: string) {
  const user = await insertTestUser(db, "Olga", `${nanoid()}@example.com`);
  return { user, workspace: await createWorkspace(db, { userId: user.id, name }) };
}

/**
 * A workspace created through the router by a signed-up "Owner", with complete
 * legal settings unless `legal` is false; `member` signs up another user with a role.
 */
export async function workspaceWithOwner(db: Db, options: { name: string; legal?: boolean }) {
  const ownerUser = await signUpTestUser(db, "Owner");
  const owner = callerFor(db, ownerUser);
  const ws = await owner.workspaces.create({ name: options.name });
  if (options.legal !== false) await setWorkspaceLegal(db, ws.id);
  const member = async (role: Role, name: string) => {
    const user = await signUpTestUser(db, name);
    await addMember(db, ws.id, user.id, role);
    return callerFor(db, user);
  };
  return { owner, ownerUser, ws, slug: ws.slug, member };
}

/** The tRPC error code a call ends with, or "OK". Other errors are rethrown. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

/** A workspace with complete legal settings whose lead flow (from the template, in `locale`) is published. */
export async function publishedLeadFlow(db: Db, name: string, locale: "de" | "en" = "en") {
  const { user, workspace: created } = await ownedWorkspace(db, name);
  await setWorkspaceLegal(db, created.id);
  const workspace = await workspaceRow(db, created.id);
  const flow = await createFlow(db, { workspace, userId: user.id, templateId: "leadCapture", name: "Leads", locale });
  await publishFlow(db, { workspace, userId: user.id, flowId: flow.id });
  return { user, workspace, flow };
}

/** Complete legal settings without the processors: the lead template's webhook is then undeclared (an error). */
export const LEGAL_SETTINGS_WITHOUT_PROCESSORS = { ...COMPLETE_LEGAL_SETTINGS, processors: [] };

/**
 * The next `count` reads of the workspace (a request's own, then each re-read after a refused write)
 * are each followed by a legal-settings save by `actorId` through the service, alternately without the
 * processors and complete; `also(index)` runs after the save of that index. Needs the workspace
 * look-ups routed through `withLegalSavesAfterReads` (see legalRace.ts).
 */
export function legalSettingsSavesAfterReads(
  db: Db,
  target: { workspaceId: string; actorId: string },
  count: number,
  also?: (index: number) => Promise<unknown>,
) {
  return legalSavesAfterReads(target.workspaceId, count, async (index) => {
    await saveLegalSettings(db, {
      workspace: await workspaceRow(db, target.workspaceId),
      actorId: target.actorId,
      settings: index % 2 === 0 ? LEGAL_SETTINGS_WITHOUT_PROCESSORS : COMPLETE_LEGAL_SETTINGS,
    });
    await also?.(index);
  });
}
