import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { migrateDatabase, openDatabase, type Db } from "@/db/client";
import { createCaller } from "@/server/api/root";
import type { SessionUser } from "@/server/api/trpc";

export type TestDb = { db: Db; file: string; close: () => void };

/** A migrated SQLite database in a fresh temporary file, removed by `close`. */
export function createTestDb(): TestDb {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-test-"));
  const file = path.join(dir, "test.db");
  const db = openDatabase(file);
  migrateDatabase(db);
  return {
    db,
    file,
    close: () => {
      db.$client.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The real router, called as `user` (or anonymously with null). */
export function callerFor(db: Db, user: SessionUser | null) {
  return createCaller({ db, user });
}
