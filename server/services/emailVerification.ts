import { and, eq, gt } from "drizzle-orm";
import type { Db } from "@/db/client";
import { emailVerifications, users } from "@/db/schema";
import { AppError } from "@/server/errors";
import { log } from "@/server/log";
import { configuredMailer, accountMail, type Mailer } from "./mail";
import { newSecret, sha256Hex } from "./secrets";
import { transaction } from "@/db/transaction";

/*
 * E-mail verification: a mailed link proves the account's owner reads the mailbox.
 * Invitations are accepted only by verified accounts, so holding an invitation
 * link is not enough to join as the invited address. Without SMTP the link is
 * written to the server log (a self-hosted single-user setup reads it there).
 */

export const VERIFICATION_VALID_MS = 48 * 60 * 60 * 1000;

export type MailContext = { baseUrl: string; locale: "de" | "en"; mailer?: Mailer | null };

/** Creates a fresh verification link for the user's current address (older links stay valid until they expire). */
export async function createEmailVerification(db: Db, userId: string, now = new Date()): Promise<{ secret: string; email: string }> {
  const [user] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId)).limit(1);
  if (!user) throw new AppError("NOT_FOUND", "Account not found.");
  const secret = newSecret();
  await db
    .insert(emailVerifications)
    .values({ tokenHash: sha256Hex(secret), userId, email: user.email, expiresAt: new Date(now.getTime() + VERIFICATION_VALID_MS) });
  return { secret, email: user.email };
}

/** The link in the mail; `next` (a same-origin path) is where the page offers to go on. */
export function verificationLink(baseUrl: string, secret: string, next?: string): string {
  const url = new URL(`/verify-email/${secret}`, baseUrl);
  if (next) url.searchParams.set("next", next);
  return url.toString();
}

/**
 * Marks the address verified when the link is valid and still names the account's
 * current address. Returns false for unknown, expired or outdated links.
 */
export async function confirmEmailVerification(db: Db, secret: string, now = new Date()): Promise<boolean> {
  if (typeof secret !== "string" || secret.length < 20 || secret.length > 100) return false;
  return transaction(db, async (tx) => {
    const [row] = await tx
      .select()
      .from(emailVerifications)
      .where(and(eq(emailVerifications.tokenHash, sha256Hex(secret)), gt(emailVerifications.expiresAt, now)))
      .limit(1);
    if (!row) return false;
    const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, row.userId)).limit(1);
    if (!user || user.email !== row.email) return false;
    await tx.update(users).set({ emailVerifiedAt: now }).where(eq(users.id, row.userId));
    // One confirmation uses up every open link of the account.
    await tx.delete(emailVerifications).where(eq(emailVerifications.userId, row.userId));
    return true;
  });
}

export async function isEmailVerified(db: Db, userId: string): Promise<boolean> {
  return Boolean((await db.select({ at: users.emailVerifiedAt }).from(users).where(eq(users.id, userId)).limit(1))[0]?.at);
}

/** Mails the message, or writes it to the server log when no mailer is configured or sending fails. */
async function deliver(kind: string, message: { to: string; subject: string; text: string }, mailer: Mailer | null): Promise<void> {
  if (mailer) {
    try {
      await mailer.send(message);
      return;
    } catch (error) {
      log.error({ err: error, kind }, "Mail could not be sent; the message follows in the log");
    }
  }
  log.info({ kind, to: message.to, subject: message.subject, text: message.text }, "Mail (no SMTP configured)");
}

/** Sends a new account its verification link. */
export async function sendVerificationMail(db: Db, userId: string, context: MailContext & { next?: string }): Promise<void> {
  const { secret, email } = await createEmailVerification(db, userId);
  const link = verificationLink(context.baseUrl, secret, context.next);
  await deliver(
    "email-verification",
    accountMail("verification", { to: email, link, locale: context.locale }),
    context.mailer ?? configuredMailer(),
  );
}

/**
 * Sign-up with an address that already has an account answers like any sign-up;
 * the owner learns about the attempt by mail instead of the visitor on screen.
 */
export async function sendAccountExistsMail(email: string, context: MailContext): Promise<void> {
  const link = new URL("/signin", context.baseUrl).toString();
  await deliver(
    "account-exists",
    accountMail("accountExists", { to: email, link, locale: context.locale }),
    context.mailer ?? configuredMailer(),
  );
}
