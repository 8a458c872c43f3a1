import fs from "node:fs";
import path from "node:path";
import { expect } from "@playwright/test";
import { SMTPServer } from "smtp-server";

/*
 * The app under test sends its mails (verification links, invitations) over SMTP to
 * this sink; each mail lands as a file, so tests in any worker can read the links
 * a person would find in their mailbox.
 */

export function mailSinkDir(): string {
  return path.join(path.dirname(process.env.E2E_DATABASE_URL!), "mail");
}

export async function startMailSink(port: number, dir = mailSinkDir()): Promise<() => Promise<void>> {
  fs.mkdirSync(dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const to = session.envelope.rcptTo.map((r) => r.address.toLowerCase());
        const file = path.join(dir, `${Date.now()}-${Math.random().toString(36).slice(2)}.json`);
        fs.writeFileSync(file, JSON.stringify({ to, data: Buffer.concat(chunks).toString("utf8") }));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return () => new Promise<void>((resolve) => server.close(() => resolve()));
}

/** Undoes quoted-printable soft breaks and escapes, as a mail program shows the text. */
function decodeQuotedPrintable(data: string): string {
  return data.replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The first link to `pathPrefix` in a mail to `email`, waiting for the mail to arrive. */
export async function linkInMail(email: string, pathPrefix: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      () => {
        const dir = mailSinkDir();
        const files = fs.existsSync(dir) ? fs.readdirSync(dir).sort() : [];
        for (const file of files) {
          const mail = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as { to: string[]; data: string };
          if (!mail.to.includes(email.toLowerCase())) continue;
          const match = new RegExp(`https?://[^\\s]+${pathPrefix.replace(/[/]/g, "\\/")}[^\\s]+`).exec(decodeQuotedPrintable(mail.data));
          if (match) link = match[0];
        }
        return link;
      },
      { timeout: 15_000 },
    )
    .toBeTruthy();
  return link!;
}
