import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { emailVerifications, users } from "@/db/schema";
import type { MailMessage } from "@/server/services/mail";
import { confirmEmailVerification, sendVerificationMail } from "@/server/services/emailVerification";
import { callerFor } from "@/server/testing/db";
import { appTestDb } from "@/server/testing/appDb";
import { codeOf, TEST_PASSWORD, workspaceWithOwner } from "@/server/testing/fixtures";
import { errorData, trpcHttp } from "./testing";

/*
 * Findings 4 and 8 (accounts) against the real router over HTTP and a real database file.
 */

const t = appTestDb();

function capturingMailer() {
  const sent: MailMessage[] = [];
  return { sent, mailer: { send: async (message: MailMessage) => void sent.push(message) } };
}

async function signUpOverHttp(email: string, password = TEST_PASSWORD, name = "Ina", address = "198.51.100.1") {
  return trpcHttp(t.db, null, address).post("auth.signUp", { name, email, password, locale: "en" });
}

describe("finding 4: invitations taken over without the mailbox", () => {
  it("an account that has not confirmed the invited address cannot accept or decline; after the mailed link it can", async () => {
    const { owner, slug } = await workspaceWithOwner(t.db, { name: "Team Shop" });
    const { secret } = await owner.members.invite({ workspaceSlug: slug, email: "ina@example.com", role: "admin" });
    // Whoever holds the link signs up with the invited address…
    expect((await signUpOverHttp("ina@example.com")).status).toBe(200);
    const ina = (await t.db.select().from(users).where(eq(users.email, "ina@example.com")).limit(1))[0]!;
    expect(ina.emailVerifiedAt).toBeNull();
    const asIna = callerFor(t.db, { id: ina.id, email: ina.email });
    expect(await codeOf(asIna.members.acceptInvitation({ secret }))).toBe("PRECONDITION_FAILED");
    expect(await codeOf(asIna.members.declineInvitation({ secret }))).toBe("PRECONDITION_FAILED");
    expect(await asIna.members.list({ workspaceSlug: slug }).catch((e: { code: string }) => e.code)).toBe("NOT_FOUND");

    // …but only the mailbox's reader gets the link that verifies it.
    const { sent, mailer } = capturingMailer();
    await sendVerificationMail(t.db, ina.id, { baseUrl: "http://localhost:3000", locale: "en", mailer, next: `/invite/${secret}` });
    expect(sent).toHaveLength(1);
    expect(sent[0]!.to).toBe("ina@example.com");
    const link = new URL(/https?:\/\/\S+/.exec(sent[0]!.text)![0]);
    expect(link.searchParams.get("next")).toBe(`/invite/${secret}`);
    const token = link.pathname.split("/").pop()!;
    expect(await confirmEmailVerification(t.db, token)).toBe(true);
    expect(await confirmEmailVerification(t.db, token)).toBe(false);
    expect(await asIna.members.acceptInvitation({ secret })).toEqual({ workspaceSlug: slug });
  });

  it("the invitation page shows the invited address only to the invited account", async () => {
    const { owner, slug, member } = await workspaceWithOwner(t.db, { name: "Team Shop" });
    const { secret } = await owner.members.invite({ workspaceSlug: slug, email: "ina@example.com", role: "editor" });
    const stranger = await member("viewer", "Stranger");
    const seenByStranger = await stranger.members.invitation({ secret });
    expect(seenByStranger.email).toBeNull();
    expect(seenByStranger.forViewer).toBe(false);
    expect(JSON.stringify(seenByStranger)).not.toContain("ina@example.com");
    const refused = await stranger.members.acceptInvitation({ secret }).catch((e: Error) => e);
    expect(String((refused as Error).message)).not.toContain("ina@example.com");
  });

  it("a verification link for an address the account no longer has does nothing", async () => {
    await signUpOverHttp("old@example.com");
    const user = (await t.db.select().from(users).where(eq(users.email, "old@example.com")).limit(1))[0]!;
    const { sent, mailer } = capturingMailer();
    await sendVerificationMail(t.db, user.id, { baseUrl: "http://localhost:3000", locale: "de", mailer });
    await t.db.update(users).set({ email: "new@example.com" }).where(eq(users.id, user.id));
    const token = new URL(/https?:\/\/\S+/.exec(sent[0]!.text)![0]).pathname.split("/").pop()!;
    expect(await confirmEmailVerification(t.db, token)).toBe(false);
    expect((await t.db.select().from(users).where(eq(users.id, user.id)).limit(1))[0]!.emailVerifiedAt).toBeNull();
  });
});

describe("finding 8: sign-up enumeration, weak passwords and unsafe names", () => {
  it("sign-up answers the same for a new and a taken address", async () => {
    const first = await signUpOverHttp("anna@example.com", TEST_PASSWORD, "Anna", "198.51.100.2");
    const again = await signUpOverHttp("anna@example.com", "another-Pass-phrase-9", "Eve", "198.51.100.3");
    const fresh = await signUpOverHttp("bert@example.com", "another-Pass-phrase-9", "Bert", "198.51.100.4");
    expect([first.status, again.status, fresh.status]).toEqual([200, 200, 200]);
    expect(again.text).toBe(fresh.text);
    expect(again.text).not.toContain("EMAIL_TAKEN");
    // The taken address kept its owner and password; nothing was added.
    expect(await t.db.select().from(users).where(eq(users.email, "anna@example.com"))).toHaveLength(1);
    expect((await t.db.select().from(users).where(eq(users.email, "anna@example.com")).limit(1))[0]!.name).toBe("Anna");
  });

  it.each(["password12", "Password1!", "Passwort2026!", "qwertzuiop-1"])(
    "refuses the guessable password %j, for new and taken addresses alike",
    async (password) => {
      await signUpOverHttp("taken@example.com", TEST_PASSWORD, "Owner", "198.51.100.5");
      const forNew = await signUpOverHttp("new@example.com", password, "New", "198.51.100.6");
      const forTaken = await signUpOverHttp("taken@example.com", password, "New", "198.51.100.7");
      expect(forNew.status).toBe(400);
      expect(errorData(forNew.json).appCode).toBe("INVALID_INPUT");
      expect(forTaken.text).toBe(forNew.text);
      expect((await t.db.select().from(users).where(eq(users.email, "new@example.com")).limit(1))[0]).toBeUndefined();
    },
  );

  it("removes control and bidi-override characters from names and refuses names of only invisible characters", async () => {
    expect((await signUpOverHttp("rlo@example.com", TEST_PASSWORD, "Anna\u202Egpj.exe\u0000")).status).toBe(200);
    expect((await t.db.select().from(users).where(eq(users.email, "rlo@example.com")).limit(1))[0]!.name).toBe("Annagpj.exe");
    for (const name of ["\u200B\u200B", "\u200D \uFEFF", "\u0000\u0001", "\u202E"]) {
      const response = await signUpOverHttp(`zw-${name.codePointAt(0)}@example.com`, TEST_PASSWORD, name);
      expect(response.status).toBe(400);
      expect(response.text).toContain("validation.nameRequired");
    }
  });

  it("stores a verification link hash for a new account, never the link itself", async () => {
    await signUpOverHttp("hash@example.com");
    const user = (await t.db.select().from(users).where(eq(users.email, "hash@example.com")).limit(1))[0]!;
    const rows = await t.db.select().from(emailVerifications).where(eq(emailVerifications.userId, user.id));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
  });
});
