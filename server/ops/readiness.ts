import fs from "node:fs";
import path from "node:path";
import { selectRows } from "@/db/batch";
import type { Db } from "@/db/client";
import { onPostgres } from "@/db/dialect";
import { isDraining } from "./lifecycle";

export type Readiness =
  | { ready: true; migrations: { applied: number; expected: number } }
  | { ready: false; reason: "draining" | "database" | "migrations"; detail: string };

/** The committed migrations of this process's dialect, and where the migrator records the applied ones. */
const JOURNAL = path.join(process.cwd(), "db", onPostgres ? "migrations-pg" : "migrations", "meta", "_journal.json");
const APPLIED = onPostgres ? "drizzle.__drizzle_migrations" : "__drizzle_migrations";

/** The timestamp of the newest committed migration: the migrator stores it as `created_at`. */
function expectedMigrations(): { count: number; newest: number } {
  const journal = JSON.parse(fs.readFileSync(JOURNAL, "utf8")) as { entries: { when: number }[] };
  return { count: journal.entries.length, newest: Math.max(...journal.entries.map((entry) => entry.when)) };
}

/**
 * Whether this instance should get traffic: not shutting down, the database answers,
 * and every committed migration is applied. Cheap enough for a probe every second.
 */
export async function checkReadiness(db: Db): Promise<Readiness> {
  if (isDraining()) return { ready: false, reason: "draining", detail: "This instance is shutting down." };
  let applied: { count: number; newest: number | null };
  try {
    const [row] = await selectRows<{ count: number | string; newest: number | string | null }>(
      db,
      `select count(*) as count, max(created_at) as newest from ${APPLIED}`,
      [],
    );
    applied = { count: Number(row?.count ?? 0), newest: row?.newest === null || row?.newest === undefined ? null : Number(row.newest) };
  } catch (error) {
    return { ready: false, reason: "database", detail: error instanceof Error ? error.message : String(error) };
  }
  const expected = expectedMigrations();
  if (applied.newest === null || Number(applied.newest) < expected.newest || applied.count < expected.count) {
    return {
      ready: false,
      reason: "migrations",
      detail: `${applied.count} of ${expected.count} migrations applied; run npm run db:migrate.`,
    };
  }
  return { ready: true, migrations: { applied: applied.count, expected: expected.count } };
}
