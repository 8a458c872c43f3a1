import type { Db } from "@/db/client";
import { auditLog } from "@/db/schema";

/** Drizzle's transaction object shares the query API of the database. */
export type DbOrTx = Pick<Db, "select" | "insert" | "update" | "delete">;

export type AuditEntry = {
  workspaceId: string;
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
};

/** Appends one line to the workspace's audit log (never updated or deleted). */
export function recordAudit(db: DbOrTx, entry: AuditEntry): void {
  db.insert(auditLog)
    .values({
      workspaceId: entry.workspaceId,
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      before: entry.before ?? null,
      after: entry.after ?? null,
    })
    .run();
}
