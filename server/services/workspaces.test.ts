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
});
