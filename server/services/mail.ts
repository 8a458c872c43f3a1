import { serverEnv, type ServerEnv } from "@/server/env";

/** One plain-text email. */
export type MailMessage = { to: string; subject: string; text: string };

/** Sends email; the app only needs this much of a mail library. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * The mailer configured by SMTP_URL and SMTP_FROM, or null without them (the
 * default: invitations are then links to copy).
 *
 * The SMTP transport itself is not part of the app yet: it needs a mail library
 * (nodemailer) that is not installed. Until it is, a configured SMTP server also
 * yields null and the invitation link is shown to copy, so nothing is lost.
 */
export function configuredMailer(env: ServerEnv = serverEnv()): Mailer | null {
  if (!env.SMTP_URL || !env.SMTP_FROM) return null;
  // The transport is left out until a mail library is added (see above).
  return null;
}

/** The invitation email in the invitee's likely language (the inviter's). */
export function invitationMail(options: {
  to: string;
  link: string;
  workspaceName: string;
  inviterName: string;
  locale: "de" | "en";
}): MailMessage {
  const { to, link, workspaceName, inviterName } = options;
  if (options.locale === "de") {
    return {
      to,
      subject: `Einladung zum Workspace „${workspaceName}“ bei Flowguard`,
      text: `Hallo,\n\n${inviterName} lädt Sie in den Workspace „${workspaceName}“ bei Flowguard ein.\n\nÜber diesen Link nehmen Sie die Einladung an (gültig 7 Tage):\n${link}\n\nWenn Sie diese Einladung nicht erwartet haben, können Sie diese E-Mail ignorieren.`,
    };
  }
  return {
    to,
    subject: `Invitation to the workspace “${workspaceName}” on Flowguard`,
    text: `Hello,\n\n${inviterName} invites you to the workspace “${workspaceName}” on Flowguard.\n\nOpen this link to accept the invitation (valid for 7 days):\n${link}\n\nIf you did not expect this invitation, you can ignore this email.`,
  };
}
