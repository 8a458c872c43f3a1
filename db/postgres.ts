import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import path from "node:path";
import { Pool } from "pg";
import * as schema from "./schema.pg";

/** The PostgreSQL side of DATABASE_URL (`postgres://…` or `postgresql://…`). */
export type PgDb = NodePgDatabase<typeof schema> & { $client: Pool };

const MIGRATIONS_FOLDER = path.join(process.cwd(), "db", "migrations-pg");

/** A pooled connection; `close` ends the pool. */
export function openPostgres(url: string, options: { max?: number } = {}): PgDb {
  // Like SQLite's WAL with synchronous=NORMAL (db/client.ts): a commit does not wait for the disk, so a
  // server crash may lose the last moments' commits but never corrupts anything. Consent evidence
  // commits with synchronous_commit on (server/services/consent.ts), like SQLite's FULL there.
  const pool = new Pool({ connectionString: url, max: options.max ?? 10, options: "-c synchronous_commit=off" });
  // An idle pooled connection the server ends (a restart, a fail-over) is dropped and replaced by the
  // pool; without a listener its error would end the process. After `end` it is expected.
  pool.on("error", (error) => {
    if (!pool.ending) console.error(`A PostgreSQL connection was lost and will be replaced: ${error.message}`);
  });
  return drizzle(pool, { schema }) as PgDb;
}

/** Applies the committed PostgreSQL migrations (db/migrations-pg); safe to run on every start. */
export async function migratePostgres(db: PgDb): Promise<void> {
  await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
