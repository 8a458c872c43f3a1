import { and, asc, desc, eq, gte, like, lt } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { auditLog, users } from "@/db/schema";
import { toCsv } from "./csv";

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
export async function recordAudit(db: DbOrTx, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    workspaceId: entry.workspaceId,
    actorId: entry.actorId,
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    before: entry.before ?? null,
    after: entry.after ?? null,
  });
}

export type AuditLogEntry = {
  id: number;
  createdAt: Date;
  actorId: string | null;
  actorName: string | null;
  actorEmail: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  before: unknown;
  after: unknown;
};

export type AuditFilter = {
  workspaceId: string;
  /** An exact action (`member.role`) or a group (`member`, matching `member.*`). */
  action?: string;
  actorId?: string;
  from?: Date;
  /** Exclusive upper bound. */
  to?: Date;
};

function auditConditions(filter: AuditFilter) {
  const conditions = [eq(auditLog.workspaceId, filter.workspaceId)];
  if (filter.action) {
    conditions.push(filter.action.includes(".") ? eq(auditLog.action, filter.action) : like(auditLog.action, `${filter.action}.%`));
  }
  if (filter.actorId) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.from) conditions.push(gte(auditLog.createdAt, filter.from));
  if (filter.to) conditions.push(lt(auditLog.createdAt, filter.to));
  return and(...conditions);
}

/** Audit entries matching the filter, newest first; `hasMore` tells whether another page exists. */
export async function listAuditEntries(
  db: Db,
  options: AuditFilter & { limit: number; offset?: number },
): Promise<{ entries: AuditLogEntry[]; hasMore: boolean }> {
  const rows = await db
    .select({
      id: auditLog.id,
      createdAt: auditLog.createdAt,
      actorId: auditLog.actorId,
      actorName: users.name,
      actorEmail: users.email,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      before: auditLog.before,
      after: auditLog.after,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(auditConditions(options))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(options.limit + 1)
    .offset(options.offset ?? 0);
  return { entries: rows.slice(0, options.limit), hasMore: rows.length > options.limit };
}

/** People who appear in the workspace's audit log, for the filter menu. */
export async function listAuditActors(db: Db, options: { workspaceId: string }): Promise<{ id: string; name: string; email: string }[]> {
  return db
    .selectDistinct({ id: users.id, name: users.name, email: users.email })
    .from(auditLog)
    .innerJoin(users, eq(users.id, auditLog.actorId))
    .where(eq(auditLog.workspaceId, options.workspaceId))
    .orderBy(asc(users.name));
}

/** The filtered audit log as CSV (newest first, at most `AUDIT_CSV_MAX_ROWS` lines). */
export async function auditLogCsv(db: Db, filter: AuditFilter): Promise<string> {
  const { entries } = await listAuditEntries(db, { ...filter, limit: AUDIT_CSV_MAX_ROWS });
  return toCsv(
    ["time", "actor_name", "actor_email", "action", "target_type", "target_id", "before", "after"],
    entries.map((e) => [
      e.createdAt,
      e.actorName,
      e.actorEmail,
      e.action,
      e.targetType,
      e.targetId,
      e.before == null ? "" : JSON.stringify(e.before),
      e.after == null ? "" : JSON.stringify(e.after),
    ]),
  );
}

export const AUDIT_CSV_MAX_ROWS = 100_000;
