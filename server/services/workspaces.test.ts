import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { workspaces } from "@/db/schema";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { insertTestUser } from "@/server/testing/fixtures";
import { createWorkspace } from "./workspaces";

/* Workspace creation on a real database (SQLite file or PostgreSQL), several at once. */

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

describe("createWorkspace", () => {
  it("gives workspaces of one name created at once (as on several instances) each its own slug", async () => {
    const people = await Promise.all(["Ada", "Ben", "Cem", "Dan"].map((name) => insertTestUser(t.db, name)));
    const created = await Promise.all(people.map((person) => createWorkspace(t.db, { userId: person.id, name: "Team Shop" })));
    const expected = ["team-shop", "team-shop-2", "team-shop-3", "team-shop-4"];
    expect(created.map((w) => w.slug).sort()).toEqual(expected);
    expect((await t.db.select({ slug: workspaces.slug }).from(workspaces)).map((w) => w.slug).sort()).toEqual(expected);
  });

  it('gives distinct slugs to names whose slugs meet ("Shop" falling back to the slug of "Shop 2") created at once', async () => {
    await createWorkspace(t.db, { userId: (await insertTestUser(t.db, "Eve")).id, name: "Shop" });
    const people = await Promise.all(["Fay", "Gus", "Hal", "Ida"].map((name) => insertTestUser(t.db, name)));
    const names = ["Shop", "Shop 2", "Shop", "Shop 2"];
    const created = await Promise.all(people.map((person, i) => createWorkspace(t.db, { userId: person.id, name: names[i] })));
    const slugs = created.map((w) => w.slug);
    expect(new Set(slugs).size).toBe(4);
    expect((await t.db.select({ slug: workspaces.slug }).from(workspaces)).map((w) => w.slug).sort()).toEqual(["shop", ...slugs].sort());
  });
});
