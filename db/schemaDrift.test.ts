import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

/*
 * db/schema.sqlite.ts and db/schema.pg.ts must agree with their committed migrations: drizzle-kit
 * generates against a copy of each migrations folder and must find nothing to add.
 * A changed schema without `npm run db:generate` (both dialects) fails here.
 */
const DIALECTS = [
  { dialect: "sqlite", schema: "./db/schema.sqlite.ts", migrations: "db/migrations", generate: "npm run db:generate" },
  { dialect: "postgresql", schema: "./db/schema.pg.ts", migrations: "db/migrations-pg", generate: "npm run db:generate:pg" },
] as const;

const DRIZZLE_KIT = path.join(process.cwd(), "node_modules", ".bin", "drizzle-kit");

describe("schemas and committed migrations agree", () => {
  for (const { dialect, schema, migrations, generate } of DIALECTS) {
    it(`${dialect}: ${schema} needs no new migration (else run ${generate})`, () => {
      const copy = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-drift-"));
      try {
        fs.cpSync(migrations, copy, { recursive: true });
        const before = fs.readdirSync(copy).sort();
        // drizzle-kit reads --out relative to the working directory.
        const output = execFileSync(
          DRIZZLE_KIT,
          ["generate", "--dialect", dialect, "--schema", schema, "--out", path.relative(process.cwd(), copy)],
          { encoding: "utf8", timeout: 60_000 },
        );
        const added = fs.readdirSync(copy).filter((name) => !before.includes(name));
        const sql = added.map((name) => fs.readFileSync(path.join(copy, name), "utf8")).join("\n");
        expect({ added, sql }).toEqual({ added: [], sql: "" });
        expect(output).toMatch(/No schema changes/);
      } finally {
        fs.rmSync(copy, { recursive: true, force: true });
      }
    });
  }
});
