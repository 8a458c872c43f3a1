import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { nanoid } from "nanoid";
import { Pool } from "pg";
import { inject } from "vitest";
import { closeDatabase, migrateDatabase, openDatabase, openDatabaseUrl, type Db } from "@/db/client";
import { onPostgres } from "@/db/dialect";
import { createCaller } from "@/server/api/root";
import type { SessionUser } from "@/server/api/trpc";

/** A fresh migrated database for one test: `file` is the SQLite file, or the PostgreSQL database's URL. */
export type TestDb = { db: Db; file: string; close: () => Promise<void> };

/*
 * The suites run twice (vitest.config.ts): on SQLite, each test database a migrated file
 * in a temporary folder; on PostgreSQL (the "postgres" project), each a new database
 * copied from a migrated template on the server that server/testing/postgresSetup.ts
 * started for the run.
 */

/** The server's maintenance connection, shared by the tests of one file to create and drop their databases. */
let admin: Pool | undefined;

function adminPool(): Pool {
  return (admin ??= new Pool({ connectionString: inject("postgresUrl"), max: 1 }));
}

async function createPostgresTestDb(): Promise<TestDb> {
  const name = `test_${nanoid(12)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "x")}`;
  await adminPool().query(`CREATE DATABASE ${name} TEMPLATE ${inject("postgresTemplate")}`);
  const url = new URL(inject("postgresUrl"));
  url.pathname = `/${name}`;
  const db = openDatabaseUrl(url.toString(), { max: 4 });
  return {
    db,
    file: url.toString(),
    close: async () => {
      await closeDatabase(db);
      await adminPool().query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/** A migrated database of this run's dialect, removed by `close`. */
export async function createTestDb(): Promise<TestDb> {
  if (onPostgres) return createPostgresTestDb();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-test-"));
  const file = path.join(dir, "test.db");
  const db = openDatabase(file);
  migrateDatabase(db);
  return {
    db,
    file,
    close: async () => {
      await closeDatabase(db);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The real router, called as `user` (or anonymously with null). */
export function callerFor(db: Db, user: SessionUser | null) {
  return createCaller({ db, user });
}
