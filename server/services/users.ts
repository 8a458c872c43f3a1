import { isUniqueViolation } from "@/db/transaction";
import { and, eq, isNull, sql } from "drizzle-orm";
import { nanoid } from "nanoid";
import type { Db } from "@/db/client";
import { users } from "@/db/schema";
import { AppError } from "@/server/errors";
import { dummyPasswordHash, hashPassword, verifyPassword } from "@/server/auth/password";
import { cleanPersonName, ZSignUpRequest, type SignUpRequest } from "@/core/domain/auth";
import { assertStrongPassword } from "@/server/auth/passwordStrength";

export type PublicUser = { id: string; email: string; name: string };

/**
 * Creates an account with a password (its address not yet verified). The password
 * is judged first, so a weak one is refused alike for new and taken addresses.
 * Throws EMAIL_TAKEN when the address is in use, after the same hashing work as a
 * real sign-up (the caller answers both cases the same).
 */
export async function signUp(db: Db, request: SignUpRequest): Promise<PublicUser> {
  const { name, email, password } = ZSignUpRequest.parse(request);
  assertStrongPassword(password, [name, email]);
  const passwordHash = await hashPassword(password);
  if (await findUserByEmail(db, email)) {
    throw new AppError("EMAIL_TAKEN", "This email address already has an account.", { field: "email" });
  }
  const id = nanoid();
  try {
    await db.insert(users).values({ id, email, name, passwordHash });
  } catch (error) {
    // A parallel sign-up with the same address won the race.
    if (isUniqueViolation(error)) {
      throw new AppError("EMAIL_TAKEN", "This email address already has an account.", { field: "email" });
    }
    throw error;
  }
  return { id, email, name };
}

export async function findUserByEmail(db: Db, email: string) {
  return (await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1))[0];
}

export async function findUserById(db: Db, id: string) {
  return (await db.select().from(users).where(eq(users.id, id)).limit(1))[0];
}

/** Checks an email and password; null when either is wrong (never says which). */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<PublicUser | null> {
  const user = await findUserByEmail(db, email);
  if (!user?.passwordHash) {
    await verifyPassword(await dummyPasswordHash(), password);
    return null;
  }
  const ok = await verifyPassword(user.passwordHash, password);
  return ok ? { id: user.id, email: user.email, name: user.name } : null;
}

/** Finds or creates the account behind an OAuth sign-in, matched by verified email. */
export async function upsertOAuthUser(db: Db, profile: { email: string; name?: string | null }): Promise<PublicUser> {
  const email = profile.email.trim().toLowerCase();
  const existing = await findUserByEmail(db, email);
  if (existing) {
    if (!existing.emailVerifiedAt) {
      // The provider proves the mailbox; the account's password never did. Whoever set it may
      // not own the address (an account opened in someone else's name before they arrive), so
      // that password and every session it opened end here; the owner signs in through the provider.
      // One conditional UPDATE counting on from the stored version: a sign-out everywhere (or another
      // sign-in) that landed since the read is built on, not undone.
      await db
        .update(users)
        .set({ emailVerifiedAt: new Date(), passwordHash: null, sessionVersion: sql`${users.sessionVersion} + 1` })
        .where(and(eq(users.id, existing.id), isNull(users.emailVerifiedAt)));
    }
    return { id: existing.id, email: existing.email, name: existing.name };
  }
  const id = nanoid();
  const name = cleanPersonName(profile.name ?? "").slice(0, 100) || email.split("@")[0]!.slice(0, 100);
  // The provider vouched for the address (the sign-in callback refuses those that do not).
  await db.insert(users).values({ id, email, name, passwordHash: null, emailVerifiedAt: new Date() });
  return { id, email, name };
}

export async function setUserLocale(db: Db, userId: string, locale: "de" | "en") {
  await db.update(users).set({ locale }).where(eq(users.id, userId));
}
