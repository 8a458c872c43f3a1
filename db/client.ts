import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import fs from "node:fs";
import path from "node:path";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * The connection or a transaction opened on it (`transaction(db, async (tx) => …)`,
 * db/transaction.ts): service helpers that only read and write take this, so they run
 * inside a caller's transaction without a cast.
 */
export type DbOrTx = BaseSQLiteDatabase<"sync", Database.RunResult, typeof schema>;

/** The embedded default: a file under ./data next to the project. */
export const DEFAULT_DATABASE_FILE = path.join(process.cwd(), "data", "flowguard.db");
const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations");

/** Whether DATABASE_URL names a PostgreSQL server (`postgres://…` or `postgresql://…`) rather than a SQLite file. */
export function isPostgresUrl(url: string | undefined): boolean {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

/** What a PostgreSQL DATABASE_URL gets from the app itself, until its services run on PostgreSQL. */
export const POSTGRES_NOT_SERVED =
  "DATABASE_URL names a PostgreSQL server. `npm run db:migrate` applies the PostgreSQL migrations to it, but the app " +
  "itself still serves from SQLite only: leave DATABASE_URL unset (or set it to a SQLite file such as file:./data/flowguard.db).";

/**
 * Turns DATABASE_URL (`file:./x.db`, `./x.db`, `/abs/x.db` or `:memory:`) into a
 * filename better-sqlite3 accepts.
 */
export function databaseFileFromUrl(url: string | undefined): string {
  if (!url) return DEFAULT_DATABASE_FILE;
  // Never a file named "postgres:": say what works instead.
  if (isPostgresUrl(url)) throw new Error(POSTGRES_NOT_SERVED);
  const stripped = url.startsWith("file:") ? url.slice("file:".length) : url;
  return stripped === ":memory:" ? stripped : path.resolve(stripped);
}

/** Opens (and creates) a database with the pragmas every connection needs. */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(file), { recursive: true });
  const sqlite = new Database(file);
  // Incremental auto-vacuum lets freed pages (a huge save replaced, rows erased) be
  // returned to the file system without a full VACUUM. It takes effect on a new,
  // empty database; `npm run db:backup -- --vacuum` converts an older one.
  sqlite.pragma("auto_vacuum = INCREMENTAL");
  // WAL lets the app read while a save is writing; the busy timeout rides out
  // short write locks from a second process (CLI, seed) instead of failing.
  sqlite.pragma("journal_mode = WAL");
  // After a checkpoint the WAL file is cut back to this size instead of staying as large as its biggest burst.
  sqlite.pragma("journal_size_limit = 67108864");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("synchronous = NORMAL");
  return drizzle(sqlite, { schema }) as Db;
}

/** Returns up to `pages` free pages to the file system (cheap; for after large deletes or replaced documents). */
export function reclaimFreePages(db: Db, pages = 10_000): void {
  db.$client.pragma(`incremental_vacuum(${Math.max(1, Math.floor(pages))})`);
}

/** Applies the committed drizzle migrations; safe to run on every start. */
export function migrateDatabase(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

const globalForDb = globalThis as unknown as { flowguardDb?: Db };

/** The process-wide connection of the app, opened and migrated on first use. */
export function getDb(): Db {
  if (!globalForDb.flowguardDb) {
    const db = openDatabase(databaseFileFromUrl(process.env.DATABASE_URL));
    migrateDatabase(db);
    globalForDb.flowguardDb = db;
  }
  return globalForDb.flowguardDb;
}
