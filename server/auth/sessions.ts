import { randomBytes } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/db/client";
import { preparedPerConnection } from "@/db/prepared";
import { sessionMarks, users } from "@/db/schema";
import { AppError } from "@/server/errors";
import { hashPassword, verifyPassword } from "./password";
import { assertStrongPassword } from "./passwordStrength";
import { transaction } from "@/db/transaction";

/*
 * Revocable JWT sessions. Every session token carries the user's session version
 * (`sv`) and a session id (`sid`); each request compares them with the database:
 *  - sign out marks this `sid` revoked;
 *  - "sign out everywhere" raises the user's version, which ends every token issued before;
 *  - a password change raises the version too, but carries the session that made the
 *    change over to the new version.
 */

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;

export type SessionClaims = { uid?: string; sv?: number; sid?: string };

export function newSessionId(): string {
  return randomBytes(18).toString("base64url");
}

export async function currentSessionVersion(db: DbOrTx, userId: string): Promise<number | null> {
  return (await db.select({ v: users.sessionVersion }).from(users).where(eq(users.id, userId)).limit(1))[0]?.v ?? null;
}

/**
 * The claims to keep for this request, or null when the session has ended. A session
 * carried over by a password change moves up to the new version here.
 */
export async function checkSession(db: Db, claims: SessionClaims): Promise<{ sv: number } | null> {
  if (!claims.uid || !claims.sid || typeof claims.sv !== "number") return null;
  const statements = sessionStatements(db);
  const version = (await statements.version.first({ userId: claims.uid }))?.v ?? null;
  if (version === null) return null;
  const mark = await statements.mark.first({ sid: claims.sid });
  if (mark?.revoked || (mark && mark.userId !== claims.uid)) return null;
  if (claims.sv === version) return { sv: version };
  if (mark?.renewedTo === version) return { sv: version };
  return null;
}

/** The two reads of every signed-in request, prepared once per connection. */
const sessionStatements = preparedPerConnection((db, statement) => ({
  version: statement(
    db
      .select({ v: users.sessionVersion })
      .from(users)
      .where(eq(users.id, sql.placeholder("userId"))),
  ),
  mark: statement(
    db
      .select()
      .from(sessionMarks)
      .where(eq(sessionMarks.sid, sql.placeholder("sid"))),
  ),
}));

function expiry(): Date {
  return new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000);
}

/** Sign-out: this session ends for good, even if its cookie was copied. */
export async function revokeSession(db: DbOrTx, userId: string, sid: string): Promise<void> {
  await db
    .insert(sessionMarks)
    .values({ sid, userId, revoked: true, expiresAt: expiry() })
    .onConflictDoUpdate({ target: sessionMarks.sid, set: { revoked: true } });
}

/** Ends every session of the user, this one included. */
export async function endAllSessions(db: DbOrTx, userId: string): Promise<number> {
  const [row] = await db
    .update(users)
    .set({ sessionVersion: sql`${users.sessionVersion} + 1` })
    .where(eq(users.id, userId))
    .returning({ v: users.sessionVersion });
  if (!row) throw new AppError("NOT_FOUND", "Account not found.");
  return row.v;
}

/** Changes the password after checking the current one; every other session ends, `keepSid` stays signed in. */
export async function changePassword(
  db: Db,
  options: { userId: string; keepSid: string | null; currentPassword: string; newPassword: string },
): Promise<void> {
  const [user] = await db.select().from(users).where(eq(users.id, options.userId)).limit(1);
  if (!user) throw new AppError("NOT_FOUND", "Account not found.");
  if (!user.passwordHash || !(await verifyPassword(user.passwordHash, options.currentPassword))) {
    throw new AppError("INVALID_INPUT", "validation.currentPasswordWrong", { field: "currentPassword" });
  }
  assertStrongPassword(options.newPassword, [user.name, user.email]);
  const passwordHash = await hashPassword(options.newPassword);
  await transaction(db, async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    const version = await endAllSessions(tx, user.id);
    if (options.keepSid) {
      await tx
        .insert(sessionMarks)
        .values({ sid: options.keepSid, userId: user.id, renewedTo: version, expiresAt: expiry() })
        .onConflictDoUpdate({ target: sessionMarks.sid, set: { renewedTo: version } });
    }
  });
}
