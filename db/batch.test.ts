import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { drizzle } from "drizzle-orm/better-sqlite3";
import type { Db } from "./client";
import { MAX_ROWS_PER_STATEMENT, SQLITE_MAX_VARIABLES, chunksOf, insertRows, rowsPerStatement, selectIn } from "./batch";

/* Multi-row statements on a real SQLite file: every row arrives, whatever the chunking. */

let dir: string;
let sqlite: Database.Database;
let db: Db;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-batch-"));
  sqlite = new Database(path.join(dir, "batch.db"));
  sqlite.exec("CREATE TABLE t (a TEXT NOT NULL, b INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (a, b))");
  db = drizzle(sqlite) as unknown as Db;
});
afterEach(() => {
  sqlite.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("set-based statements", () => {
  it("cuts rows into chunks that stay under SQLite's variable limit", () => {
    expect(chunksOf([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunksOf([], 3)).toEqual([]);
    expect(rowsPerStatement(21)).toBe(MAX_ROWS_PER_STATEMENT);
    for (const columns of [1, 21, 500, 20_000]) {
      const rows = rowsPerStatement(columns, 1);
      expect(rows).toBeGreaterThanOrEqual(1);
      expect(rows * columns + 1).toBeLessThanOrEqual(SQLITE_MAX_VARIABLES);
    }
    // SQLite itself refuses one variable more than the limit the chunks are cut under.
    expect(() => sqlite.prepare(`SELECT 1 WHERE 1 IN (${new Array(SQLITE_MAX_VARIABLES + 1).fill("?").join(",")})`)).toThrow(
      /too many SQL variables/,
    );
  });

  it("inserts and upserts more rows than one statement carries, and finds them again by values and by row values", async () => {
    const rows = Array.from({ length: 2 * MAX_ROWS_PER_STATEMENT + 37 }, (_, i) => [`k${i % 50}`, i, 1]);
    await insertRows(db, "INSERT INTO t (a, b, n)", rows);
    expect(sqlite.prepare("SELECT COUNT(*) AS c FROM t").get()).toEqual({ c: rows.length });
    await insertRows(db, "INSERT INTO t (a, b, n)", rows.slice(0, 300), " ON CONFLICT (a, b) DO UPDATE SET n = n + excluded.n");
    expect(sqlite.prepare("SELECT SUM(n) AS s FROM t").get()).toEqual({ s: rows.length + 300 });
    await insertRows(db, "INSERT INTO t (a, b, n)", []);

    const keys = rows.map(([a]) => a).concat(["absent"]);
    const found = await selectIn<{ a: string }>(db, "SELECT DISTINCT a FROM t WHERE n >= ? AND a", [1], keys);
    expect(new Set(found.map((row) => row.a))).toEqual(new Set(rows.map(([a]) => a)));
    const pairs = rows.filter((_, i) => i % 2 === 0).flatMap(([a, b]) => [a, b]);
    const byPair = await selectIn<{ b: number; n: number }>(
      db,
      "SELECT b, n FROM t WHERE n > ? AND (a, b)",
      [0],
      [...pairs, "absent", 1],
      2,
    );
    expect(byPair.map((row) => row.b).sort((x, y) => x - y)).toEqual(rows.filter((_, i) => i % 2 === 0).map(([, b]) => b));
    expect(byPair.filter((row) => row.b < 300).every((row) => row.n === 2)).toBe(true);
  });
});
