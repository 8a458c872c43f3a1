import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callerFor, createTestDb, type TestDb } from "@/server/testing/db";
import { addMember, codeOf, signUpTestUser } from "@/server/testing/fixtures";
import { createCallerFactory, createTRPCRouter, requireRole, workspaceProcedure } from "../trpc";

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

function newUser(name: string) {
  return signUpTestUser(t.db, name);
}

describe("workspaces router", () => {
  it("refuses anonymous callers", async () => {
    const anonymous = callerFor(t.db, null);
    expect(await codeOf(anonymous.workspaces.list())).toBe("UNAUTHORIZED");
    expect(await codeOf(anonymous.workspaces.create({ name: "Shop" }))).toBe("UNAUTHORIZED");
    expect(await codeOf(anonymous.workspaces.get({ workspaceSlug: "shop" }))).toBe("UNAUTHORIZED");
  });

  it("makes the creator owner and lists only the caller's workspaces", async () => {
    const ada = await newUser("Ada");
    const bob = await newUser("Bob");
    const created = await callerFor(t.db, ada).workspaces.create({ name: "Bäckerei Süß" });
    expect(created).toMatchObject({ slug: "baeckerei-suess", role: "owner" });
    const again = await callerFor(t.db, bob).workspaces.create({ name: "Bäckerei Süß" });
    expect(again.slug).toBe("baeckerei-suess-2");
    expect((await callerFor(t.db, ada).workspaces.list()).map((w) => w.slug)).toEqual(["baeckerei-suess"]);
  });

  it("answers NOT_FOUND to non-members, never forbidden", async () => {
    const ada = await newUser("Ada");
    const eve = await newUser("Eve");
    await callerFor(t.db, ada).workspaces.create({ name: "Secret Shop" });
    expect(await codeOf(callerFor(t.db, eve).workspaces.get({ workspaceSlug: "secret-shop" }))).toBe("NOT_FOUND");
    expect(await codeOf(callerFor(t.db, eve).workspaces.get({ workspaceSlug: "does-not-exist" }))).toBe("NOT_FOUND");
  });

  it("refuses an over-long or empty name with a message naming the problem, creating nothing", async () => {
    const ada = await newUser("Ada");
    const caller = callerFor(t.db, ada);
    await expect(caller.workspaces.create({ name: "x".repeat(81) })).rejects.toThrow("validation.workspaceNameTooLong");
    await expect(caller.workspaces.create({ name: " " })).rejects.toThrow("validation.workspaceNameTooShort");
    expect(await caller.workspaces.list()).toEqual([]);
  });
});

describe("requireRole", () => {
  const probe = createTRPCRouter({
    editorOnly: workspaceProcedure.use(requireRole("editor")).query(() => "done"),
    adminOnly: workspaceProcedure.use(requireRole("admin")).query(() => "done"),
  });
  const probeCaller = createCallerFactory(probe);

  it.each([
    ["viewer", "FORBIDDEN", "FORBIDDEN"],
    ["editor", "OK", "FORBIDDEN"],
    ["admin", "OK", "OK"],
    ["owner", "OK", "OK"],
  ] as const)("a %s gets editor=%s admin=%s", async (role, editor, admin) => {
    const owner = await newUser("Owner");
    const member = role === "owner" ? owner : await newUser("Member");
    const ws = await callerFor(t.db, owner).workspaces.create({ name: "Roles Shop" });
    if (role !== "owner") await addMember(t.db, ws.id, member.id, role);
    const caller = probeCaller({ db: t.db, user: member });
    expect(await codeOf(caller.editorOnly({ workspaceSlug: ws.slug }))).toBe(editor);
    expect(await codeOf(caller.adminOnly({ workspaceSlug: ws.slug }))).toBe(admin);
  });
});
