import nodemailer from "nodemailer";
import { serverEnv, type ServerEnv } from "@/server/env";

/** One plain-text email. */
export type MailMessage = { to: string; subject: string; text: string };

/** Sends email; the app only needs this much of a mail library. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * The mailer configured by SMTP_URL (e.g. `smtps://user:pass@mail.example.com:465`)
 * and SMTP_FROM, or null without them (the default: invitations are then links
 * to copy). The link is shown either way, so a mail that goes astray loses nothing.
 */
export function configuredMailer(env: ServerEnv = serverEnv()): Mailer | null {
  if (!env.SMTP_URL || !env.SMTP_FROM) return null;
  return smtpMailer(env.SMTP_URL, env.SMTP_FROM);
}

/** A mailer that delivers through one SMTP server. */
export function smtpMailer(url: string, from: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
  };
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
