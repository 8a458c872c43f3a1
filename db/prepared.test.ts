import { eq, sql } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "@/server/testing/db";
import type { Db } from "./client";
import { preparedPerConnection } from "./prepared";
import { users } from "./schema";
import { transaction } from "./transaction";

/* Prepared hot-path queries on the connection and inside a transaction, on either database (run on both). */

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

const statementsOf = preparedPerConnection((db: Db, statement) => ({
  nameById: statement(
    db
      .select({ name: users.name })
      .from(users)
      .where(eq(users.id, sql.placeholder("id"))),
  ),
}));

describe("statement", () => {
  it("runs again and again on the connection with new values", async () => {
    await t.db.insert(users).values([
      { id: "u1", email: "a@example.com", name: "Ada" },
      { id: "u2", email: "b@example.com", name: "Bea" },
    ]);
    expect(statementsOf(t.db)).toBe(statementsOf(t.db));
    for (let i = 0; i < 3; i++) {
      expect(await statementsOf(t.db).nameById.first({ id: "u1" })).toEqual({ name: "Ada" });
      expect(await statementsOf(t.db).nameById.first({ id: "u2" })).toEqual({ name: "Bea" });
      expect(await statementsOf(t.db).nameById.first({ id: "nobody" })).toBeUndefined();
    }
  });

  it("inside a transaction reads what the transaction wrote before it commits", async () => {
    const seen = await transaction(t.db, async (tx) => {
      await tx.insert(users).values({ id: "u3", email: "c@example.com", name: "Cem" });
      return statementsOf(tx).nameById.first({ id: "u3" });
    });
    expect(seen).toEqual({ name: "Cem" });
    await expect(
      transaction(t.db, async (tx) => {
        await tx.insert(users).values({ id: "u4", email: "d@example.com", name: "Dee" });
        expect(await statementsOf(tx).nameById.first({ id: "u4" })).toEqual({ name: "Dee" });
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect(await statementsOf(t.db).nameById.first({ id: "u4" })).toBeUndefined();
  });
});
