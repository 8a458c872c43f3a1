import { z } from "zod";

/** Workspace roles from least to most powerful. */
export const ROLES = ["viewer", "editor", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

const ROLE_RANK = Object.fromEntries(ROLES.map((role, rank) => [role, rank])) as Record<Role, number>;

/** True when `role` may do what `minimum` may (owner > admin > editor > viewer). */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLE_RANK[role] >= ROLE_RANK[minimum];
}

export const WORKSPACE_NAME_MAX = 80;

export const ZWorkspaceName = z
  .string()
  .trim()
  .min(2, "validation.workspaceNameTooShort")
  .max(WORKSPACE_NAME_MAX, "validation.workspaceNameTooLong");
