import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import { migrate as migrateSqlite } from "drizzle-orm/better-sqlite3/migrator";
import fs from "node:fs";
import path from "node:path";
import * as schema from "./schema.sqlite";
import { isPostgresUrl, onPostgres } from "./dialect";
import { migratePostgres, openPostgres, type PgDb } from "./postgres";

export { isPostgresUrl } from "./dialect";

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

/**
 * Turns DATABASE_URL (`file:./x.db`, `./x.db`, `/abs/x.db` or `:memory:`) into a
 * filename better-sqlite3 accepts.
 */
export function databaseFileFromUrl(url: string | undefined): string {
  if (!url) return DEFAULT_DATABASE_FILE;
  // Never a file named "postgres:": a PostgreSQL URL has no file.
  if (isPostgresUrl(url)) throw new Error("DATABASE_URL names a PostgreSQL server, not a SQLite file.");
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
  migrateSqlite(db, { migrationsFolder: MIGRATIONS_FOLDER });
}

/**
 * A PostgreSQL pool typed as the app's `Db`. The services are written once, against
 * the SQLite types; drizzle's PostgreSQL builders take the same calls (db/schema.ts
 * hands them the PostgreSQL tables), and the few dialect-specific statements ask
 * `onPostgres` (db/dialect.ts).
 */
export function asDb(db: PgDb): Db {
  return db as unknown as Db;
}

/** The PostgreSQL pool behind a `Db` opened on PostgreSQL. */
export function poolOf(db: Db): PgDb["$client"] {
  return (db as unknown as PgDb).$client;
}

/** Opens the database DATABASE_URL names (a PostgreSQL server or a SQLite file, default ./data/flowguard.db). */
export function openDatabaseUrl(url: string | undefined, options: { max?: number } = {}): Db {
  if (isPostgresUrl(url) !== onPostgres) {
    throw new Error(
      `This process serves from ${onPostgres ? "PostgreSQL" : "SQLite"} (DATABASE_URL when it started) and cannot open ${url ?? "the default SQLite file"}.`,
    );
  }
  return onPostgres ? asDb(openPostgres(url!, options)) : openDatabase(databaseFileFromUrl(url));
}

/** Applies the committed migrations of the connection's dialect; safe to run on every start. */
export async function migrate(db: Db): Promise<void> {
  if (onPostgres) await migratePostgres(db as unknown as PgDb);
  else migrateDatabase(db);
}

/** Closes the connection (the SQLite file, or the PostgreSQL pool). */
export async function closeDatabase(db: Db): Promise<void> {
  if (onPostgres) await poolOf(db).end();
  else db.$client.close();
}

const globalForDb = globalThis as unknown as { flowguardDb?: Db };

/**
 * The process-wide connection of the app, opened on first use. SQLite is migrated
 * here; a PostgreSQL database is migrated by `npm run db:migrate` / `npm start`
 * before instances serve (several instances never race to migrate), and /api/ready
 * says when it is not.
 */
export function getDb(): Db {
  if (!globalForDb.flowguardDb) {
    const db = openDatabaseUrl(process.env.DATABASE_URL, { max: Number(process.env.DATABASE_POOL_SIZE) || 10 });
    if (!onPostgres) migrateDatabase(db);
    globalForDb.flowguardDb = db;
  }
  return globalForDb.flowguardDb;
}
