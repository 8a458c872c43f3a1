import { afterEach, beforeEach } from "vitest";
import type { Db } from "@/db/client";
import { createTestDb, type TestDb } from "./db";

const app = globalThis as { flowguardDb?: Db };

/** Points the app's own connection (what `getDb()` returns) at `db`, or at none with null. */
export function pointAppAt(db: Db | null): void {
  if (db) app.flowguardDb = db;
  else delete app.flowguardDb;
}

/**
 * For tests of code that opens the app's connection itself (route handlers, next-auth):
 * each test gets a fresh temporary database that `getDb()` returns; `db` and `file` are
 * the current test's.
 */
export function appTestDb(): Pick<TestDb, "db" | "file"> {
  let current: TestDb | null = null;
  beforeEach(async () => {
    current = await createTestDb();
    pointAppAt(current.db);
  });
  afterEach(async () => {
    pointAppAt(null);
    await current?.close();
    current = null;
  });
  const now = (): TestDb => {
    if (!current) throw new Error("The app's test database exists only inside a test.");
    return current;
  };
  return {
    get db() {
      return now().db;
    },
    get file() {
      return now().file;
    },
  };
}
