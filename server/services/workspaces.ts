import { and, asc, eq, sql } from "drizzle-orm";
import { nanoid } from "nanoid";
import type { Db } from "@/db/client";
import { preparedPerConnection } from "@/db/prepared";
import { memberships, workspaces } from "@/db/schema";
import { ZWorkspaceName, type Role } from "@/core/domain/workspace";
import { AppError } from "@/server/errors";
import type { WorkspaceLegal } from "@/core/flow";
import { recordAudit } from "./audit";
import { serialize, transaction } from "@/db/transaction";

/** A URL-safe slug: lower case ASCII, German umlauts spelled out. */
export function slugify(name: string): string {
  const base = name
    .toLowerCase()
    .replace(/ä/g, "ae")
    .replace(/ö/g, "oe")
    .replace(/ü/g, "ue")
    .replace(/ß/g, "ss")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40)
    .replace(/-+$/g, "");
  return base || "workspace";
}

export type WorkspaceSummary = { id: string; slug: string; name: string; role: Role };

export async function listWorkspacesForUser(db: Db, userId: string): Promise<WorkspaceSummary[]> {
  return db
    .select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name, role: memberships.role })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(workspaces.name));
}

/** Creates a workspace with its creator as owner, in one transaction. */
export async function createWorkspace(db: Db, options: { userId: string; name: string }): Promise<WorkspaceSummary> {
  const name = ZWorkspaceName.parse(options.name);
  return transaction(db, async (tx) => {
    const base = slugify(name);
    // New workspaces take turns finding a free slug (two instances at once): one key for all, since
    // "Shop" may fall back to the slug "Shop 2" asks for. Creating a workspace is rare; the wait is short.
    await serialize(tx, "workspace-slugs");
    let slug = base;
    for (let n = 2; (await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug)).limit(1))[0]; n++) {
      slug = `${base}-${n}`;
    }
    const id = nanoid();
    // The company name usually is the controller; the admin can change it in the legal settings.
    await tx.insert(workspaces).values({ id, slug, name, controllerName: name });
    await tx.insert(memberships).values({ workspaceId: id, userId: options.userId, role: "owner" });
    await recordAudit(tx, {
      workspaceId: id,
      actorId: options.userId,
      action: "workspace.create",
      targetType: "workspace",
      targetId: id,
      after: { name, slug },
    });
    return { id, slug, name, role: "owner" as const };
  });
}

export type MembershipContext = {
  workspace: typeof workspaces.$inferSelect;
  role: Role;
};

/** The caller's membership in the workspace with this slug, or null for non-members. */
export async function findMembershipBySlug(db: Db, options: { userId: string; slug: string }): Promise<MembershipContext | null> {
  return (await workspaceStatements(db).membershipBySlug.first(options)) ?? null;
}

/** A workspace by id (an API token's), or undefined. */
export async function findWorkspaceById(db: Db, id: string): Promise<typeof workspaces.$inferSelect | undefined> {
  return workspaceStatements(db).byId.first({ id });
}

/** The look-ups of every workspace procedure and /api/v1 request, prepared once per connection. */
const workspaceStatements = preparedPerConnection((db, statement) => ({
  membershipBySlug: statement(
    db
      .select({ workspace: workspaces, role: memberships.role })
      .from(workspaces)
      .innerJoin(memberships, and(eq(memberships.workspaceId, workspaces.id), eq(memberships.userId, sql.placeholder("userId"))))
      .where(eq(workspaces.slug, sql.placeholder("slug"))),
  ),
  byId: statement(
    db
      .select()
      .from(workspaces)
      .where(eq(workspaces.id, sql.placeholder("id"))),
  ),
}));

/** The workspace's legal settings in the shape the rulebook reads. */
export function workspaceLegal(workspace: typeof workspaces.$inferSelect): WorkspaceLegal {
  return {
    controller: { name: workspace.controllerName, address: workspace.controllerAddress },
    impressumUrl: workspace.impressumUrl,
    privacyPolicyUrl: workspace.privacyPolicyUrl,
    privacyContact: workspace.privacyContact,
    processors: workspace.processors,
  };
}

/**
 * Deletes the workspace and, by cascade, everything in it: members, invitations,
 * flows and their versions, API tokens, the audit log and the consent ledger.
 * `confirmName` must repeat the workspace's name (typed confirmation).
 */
export async function deleteWorkspace(
  db: Db,
  options: { workspace: typeof workspaces.$inferSelect; actorId: string; confirmName: string },
): Promise<void> {
  if (options.confirmName.trim() !== options.workspace.name.trim()) {
    throw new AppError("CONFIRMATION_MISMATCH", "The typed name does not match the workspace's name.", { field: "confirmName" });
  }
  await transaction(db, async (tx) => {
    // Recorded like every other change, although the cascade removes the entry with
    // the rest of the workspace's data: erasing the workspace erases its log too.
    await recordAudit(tx, {
      workspaceId: options.workspace.id,
      actorId: options.actorId,
      action: "workspace.delete",
      targetType: "workspace",
      targetId: options.workspace.id,
      before: { name: options.workspace.name, slug: options.workspace.slug },
    });
    await tx.delete(workspaces).where(eq(workspaces.id, options.workspace.id));
  });
}
