import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { apiTokens, auditLog } from "@/db/schema";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { ownedWorkspace } from "@/server/testing/fixtures";
import { interleave } from "@/server/testing/interleave";
import { isAppError } from "@/server/errors";
import { sha256Hex } from "./secrets";
import { authenticateApiToken, createApiToken, listApiTokens, revokeApiToken } from "./tokens";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

function setup(name = "Bot Shop") {
  return ownedWorkspace(t.db, name);
}

describe("API tokens", () => {
  it("shows the secret once, stores its SHA-256 and lists who created it", async () => {
    const { user, workspace } = await setup();
    const { token, secret } = await createApiToken(t.db, {
      workspaceId: workspace.id,
      actorId: user.id,
      name: "Messenger bot",
      scopes: ["exports:read"],
    });
    expect(secret).toMatch(/^fg_[A-Za-z0-9_-]{43}$/);
    const row = (await t.db.select().from(apiTokens).where(eq(apiTokens.id, token.id)).limit(1))[0]!;
    expect(row.tokenHash).toBe(sha256Hex(secret));
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(secret.startsWith(row.prefix)).toBe(true);
    expect(await listApiTokens(t.db, { workspaceId: workspace.id })).toEqual([
      expect.objectContaining({
        name: "Messenger bot",
        scopes: ["exports:read"],
        createdByName: "Olga",
        lastUsedAt: null,
        revokedAt: null,
      }),
    ]);
    const entry = (await t.db.select().from(auditLog).where(eq(auditLog.action, "token.create")).limit(1))[0]!;
    expect(entry).toMatchObject({ actorId: user.id, targetId: token.id, after: { name: "Messenger bot", scopes: ["exports:read"] } });
    expect(JSON.stringify(entry)).not.toContain(secret);
  });

  it("authenticates with the right scope, records the last use, and refuses the rest", async () => {
    const { user, workspace } = await setup();
    const { token, secret } = await createApiToken(t.db, {
      workspaceId: workspace.id,
      actorId: user.id,
      name: "Bot",
      scopes: ["consent:write"],
    });
    expect(await authenticateApiToken(t.db, `Bearer ${secret}`, "consent:write")).toBe(workspace.id);
    expect(await authenticateApiToken(t.db, secret, "consent:write")).toBe(workspace.id);
    expect((await listApiTokens(t.db, { workspaceId: workspace.id }))[0].lastUsedAt).toBeInstanceOf(Date);

    await expect(authenticateApiToken(t.db, secret, "exports:read")).rejects.toThrow(expect.objectContaining({ code: "API_TOKEN_SCOPE" }));
    for (const bad of [undefined, "", "Bearer", `Bearer ${secret}x`, secret.replace("fg_", "xx_"), "fg_unknown"]) {
      await expect(authenticateApiToken(t.db, bad, "consent:write")).rejects.toThrow(
        expect.objectContaining({ code: "API_TOKEN_INVALID" }),
      );
    }

    await revokeApiToken(t.db, { workspaceId: workspace.id, actorId: user.id, tokenId: token.id });
    await expect(authenticateApiToken(t.db, secret, "consent:write")).rejects.toThrow(
      expect.objectContaining({ code: "API_TOKEN_INVALID" }),
    );
    expect((await listApiTokens(t.db, { workspaceId: workspace.id }))[0].revokedAt).toBeInstanceOf(Date);
    await expect(revokeApiToken(t.db, { workspaceId: workspace.id, actorId: user.id, tokenId: token.id })).rejects.toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
    const revoked = await t.db.select().from(auditLog).where(eq(auditLog.action, "token.revoke"));
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toMatchObject({ targetId: token.id, before: { name: "Bot", scopes: ["consent:write"], prefix: token.prefix } });
  });

  it("writes the last use at most once a minute", async () => {
    const { user, workspace } = await setup();
    const { token, secret } = await createApiToken(t.db, {
      workspaceId: workspace.id,
      actorId: user.id,
      name: "Bot",
      scopes: ["exports:read"],
    });
    const lastUsed = async () => (await t.db.select().from(apiTokens).where(eq(apiTokens.id, token.id)).limit(1))[0]!.lastUsedAt!.getTime();
    const recent = new Date(Date.now() - 30_000);
    await t.db.update(apiTokens).set({ lastUsedAt: recent }).where(eq(apiTokens.id, token.id));
    await authenticateApiToken(t.db, secret, "exports:read");
    expect(await lastUsed()).toBe(recent.getTime());
    await t.db
      .update(apiTokens)
      .set({ lastUsedAt: new Date(Date.now() - 120_000) })
      .where(eq(apiTokens.id, token.id));
    const before = Date.now();
    await authenticateApiToken(t.db, secret, "exports:read");
    expect(await lastUsed()).toBeGreaterThanOrEqual(before);
    expect(await lastUsed()).toBeLessThanOrEqual(Date.now());
  });

  it("of two revokes at once (two admins, two instances) one revokes and is recorded; the other is told it is gone", async () => {
    const { user, workspace } = await setup();
    const { token } = await createApiToken(t.db, { workspaceId: workspace.id, actorId: user.id, name: "Bot", scopes: ["exports:read"] });
    const revoke = (db = t.db) => revokeApiToken(db, { workspaceId: workspace.id, actorId: user.id, tokenId: token.id });
    const { first, between } = await interleave(
      t.db,
      () => revoke(),
      (db) => revoke(db),
    );
    const outcomes = [first, between];
    expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
    const refused = outcomes.flatMap((o) => (o.ok ? [] : [o.error]));
    expect(refused.map((e) => isAppError(e) && e.code)).toEqual(["NOT_FOUND"]);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "token.revoke"))).toHaveLength(1);
  });

  it("does not revoke another workspace's token", async () => {
    const a = await setup("Shop A");
    const b = await setup("Shop B");
    const { token, secret } = await createApiToken(t.db, {
      workspaceId: a.workspace.id,
      actorId: a.user.id,
      name: "Bot",
      scopes: ["exports:read"],
    });
    await expect(revokeApiToken(t.db, { workspaceId: b.workspace.id, actorId: b.user.id, tokenId: token.id })).rejects.toThrow(
      expect.objectContaining({ code: "NOT_FOUND" }),
    );
    expect(await authenticateApiToken(t.db, secret, "exports:read")).toBe(a.workspace.id);
  });

  it("refuses a token without a name or scope", async () => {
    const { user, workspace } = await setup();
    await expect(
      createApiToken(t.db, { workspaceId: workspace.id, actorId: user.id, name: " ", scopes: ["exports:read"] }),
    ).rejects.toThrow("validation.tokenNameRequired");
    await expect(createApiToken(t.db, { workspaceId: workspace.id, actorId: user.id, name: "Bot", scopes: [] })).rejects.toThrow(
      "validation.tokenScopeRequired",
    );
    expect(await listApiTokens(t.db, { workspaceId: workspace.id })).toEqual([]);
  });
});
