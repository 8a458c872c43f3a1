/*
 * Migrates the database, seeds the demo workspace when it is empty and makes
 * sure a session secret exists. Run by `npm start` and `npm run dev`.
 */
import { closeDatabase, databaseFileFromUrl, isPostgresUrl, migrate, openDatabaseUrl } from "@/db/client";
import { DEMO_LOGIN, seedIfEmpty } from "@/db/seed";
import { resolveAuthSecret } from "@/server/auth/secret";
import { recheckStoredFindings } from "@/server/services/legalSettings";
import { refreshAllLiveBlocked } from "@/server/services/liveStatus";

/** Where the data lives, for the console: the SQLite file, or the PostgreSQL server and database without the password. */
function describeDatabase(url: string | undefined): string {
  if (!isPostgresUrl(url)) return databaseFileFromUrl(url);
  const parsed = new URL(url!);
  parsed.password = "";
  return `PostgreSQL ${parsed.host}${parsed.pathname}`;
}

export async function prepareDatabase(): Promise<{ file: string; secret: string; seeded: boolean }> {
  const url = process.env.DATABASE_URL;
  const db = openDatabaseUrl(url, { max: 1 });
  try {
    await migrate(db);
    // Versions published before the live-blocked state was stored, or judged by an older rulebook, get it now.
    await refreshAllLiveBlocked(db);
    // Drafts' stored findings (shown when a flow is opened) judged by an older rulebook get this one's.
    await recheckStoredFindings(db);
    const { seeded } = await seedIfEmpty(db);
    return { file: describeDatabase(url), secret: resolveAuthSecret(), seeded };
  } finally {
    await closeDatabase(db);
  }
}

export function demoLoginBanner(url: string): string {
  return ["", `  Flowguard  ${url}`, `  Demo login: ${DEMO_LOGIN.email}  /  ${DEMO_LOGIN.password}`, ""].join("\n");
}

if (process.argv[1]?.endsWith("prepare-db.ts")) {
  prepareDatabase()
    .then(({ file, seeded }) => {
      console.log(`Database ready: ${file}${seeded ? " (demo workspace seeded)" : ""}`);
      console.log(demoLoginBanner(process.env.NEXTAUTH_URL ?? "http://localhost:3000"));
    })
    .catch((error) => {
      console.error(`Could not prepare the database: ${error instanceof Error ? error.message : error}`);
      process.exit(1);
    });
}
