import { afterEach, describe, expect, it } from "vitest";
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import { configuredMailer, invitationMail, smtpMailer } from "./mail";

let server: SMTPServer | null = null;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = null;
});

/** A real SMTP server on a free local port that keeps what it receives. */
async function startSmtpSink(): Promise<{ url: string; received: { to: string[]; data: string }[] }> {
  const received: { to: string[]; data: string }[] = [];
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    onData(stream, session, callback) {
      let data = "";
      stream.on("data", (chunk: Buffer) => (data += chunk.toString("utf8")));
      stream.on("end", () => {
        received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received };
}

describe("mail", () => {
  it("stays off without SMTP_URL and SMTP_FROM (invitations are links to copy)", () => {
    expect(configuredMailer({ NODE_ENV: "test" })).toBeNull();
    expect(configuredMailer({ NODE_ENV: "test", SMTP_URL: "smtp://127.0.0.1:2525" })).toBeNull();
    expect(configuredMailer({ NODE_ENV: "test", SMTP_URL: "smtp://127.0.0.1:2525", SMTP_FROM: "a@b.test" })).not.toBeNull();
  });

  it("delivers the invitation through a real SMTP server, in the inviter's language", async () => {
    const sink = await startSmtpSink();
    const mailer = smtpMailer(sink.url, "Flowguard <noreply@flowguard.test>");
    await mailer.send(
      invitationMail({
        to: "neu@example.test",
        link: "https://app.example/invite/abc123",
        workspaceName: "Muster GmbH",
        inviterName: "Ada",
        locale: "de",
      }),
    );
    expect(sink.received).toHaveLength(1);
    expect(sink.received[0].to).toEqual(["neu@example.test"]);
    expect(sink.received[0].data).toContain("https://app.example/invite/abc123");
    expect(sink.received[0].data).toMatch(/Subject: .*Einladung/);
  });

  it("writes the invitation from the catalogue in both languages, every placeholder filled", () => {
    const options = { to: "x@example.test", link: "https://app.example/invite/xyz", workspaceName: "Muster GmbH", inviterName: "Ada" };
    const de = invitationMail({ ...options, locale: "de" });
    const en = invitationMail({ ...options, locale: "en" });
    expect(de.subject).toBe("Einladung zum Workspace „Muster GmbH“ bei Flowguard");
    expect(en.subject).toBe("Invitation to the workspace “Muster GmbH” on Flowguard");
    for (const mail of [de, en]) {
      expect(mail.text).toContain("Ada");
      expect(mail.text).toContain("https://app.example/invite/xyz");
      expect(mail.text).not.toMatch(/[{}]/);
    }
    expect(de.text).toContain("lädt Sie");
  });

  it("reports a mail server that is not there as a failed send", async () => {
    const mailer = smtpMailer("smtp://127.0.0.1:9", "noreply@flowguard.test");
    await expect(mailer.send({ to: "x@example.test", subject: "s", text: "t" })).rejects.toThrow();
  });
});
