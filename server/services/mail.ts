import { createTranslator } from "next-intl";
import nodemailer from "nodemailer";
import deAuth from "@/i18n/messages/de/auth.json";
import deSettings from "@/i18n/messages/de/settings.json";
import enAuth from "@/i18n/messages/en/auth.json";
import enSettings from "@/i18n/messages/en/settings.json";
import { serverEnv, type ServerEnv } from "@/server/env";

// Static imports: the mail is built synchronously, outside a request's next-intl setup.
const SETTINGS_MESSAGES = { de: deSettings, en: enSettings };
const AUTH_MESSAGES = { de: deAuth, en: enAuth };

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

/** The invitation email in the invitee's likely language (the inviter's), from the settings catalogue. */
export function invitationMail(options: {
  to: string;
  link: string;
  workspaceName: string;
  inviterName: string;
  locale: "de" | "en";
}): MailMessage {
  const { to, link, workspaceName, inviterName, locale } = options;
  const t = createTranslator({ locale, messages: SETTINGS_MESSAGES[locale], namespace: "invitationMail" });
  return { to, subject: t("subject", { workspaceName }), text: t("text", { workspaceName, inviterName, link }) };
}

/** Mails about the account itself (verification link, sign-up with a taken address), from the auth catalogue. */
export function accountMail(
  kind: "verification" | "accountExists",
  options: { to: string; link: string; locale: "de" | "en" },
): MailMessage {
  const t = createTranslator({ locale: options.locale, messages: AUTH_MESSAGES[options.locale], namespace: `accountMail.${kind}` });
  return { to: options.to, subject: t("subject"), text: t("text", { link: options.link }) };
}
