/*
 * Migrates the database, seeds the demo workspace when it is empty and makes
 * sure a session secret exists. Run by `npm start` and `npm run dev`.
 */
import { databaseFileFromUrl, isPostgresUrl, migrateDatabase, openDatabase, POSTGRES_NOT_SERVED } from "@/db/client";
import { DEMO_LOGIN, seedIfEmpty } from "@/db/seed";
import { resolveAuthSecret } from "@/server/auth/secret";
import { refreshAllLiveBlocked } from "@/server/services/liveStatus";

export async function prepareDatabase(): Promise<{ file: string; secret: string; seeded: boolean }> {
  const file = databaseFileFromUrl(process.env.DATABASE_URL);
  const db = openDatabase(file);
  try {
    migrateDatabase(db);
    // Versions published before the live-blocked state was stored, or judged by an older rulebook, get it now.
    await refreshAllLiveBlocked(db);
    const { seeded } = await seedIfEmpty(db);
    return { file, secret: resolveAuthSecret(), seeded };
  } finally {
    db.$client.close();
  }
}

export function demoLoginBanner(url: string): string {
  return ["", `  Flowguard  ${url}`, `  Demo login: ${DEMO_LOGIN.email}  /  ${DEMO_LOGIN.password}`, ""].join("\n");
}

/** `npm run db:migrate` with a PostgreSQL DATABASE_URL: the PostgreSQL migrations, nothing else. */
async function migratePostgresOnly(url: string): Promise<void> {
  const { migratePostgres, openPostgres } = await import("@/db/postgres");
  const db = openPostgres(url, { max: 1 });
  try {
    await migratePostgres(db);
    console.log("PostgreSQL migrations applied.");
    console.log(POSTGRES_NOT_SERVED);
  } finally {
    await db.$client.end();
  }
}

if (process.argv[1]?.endsWith("prepare-db.ts") && isPostgresUrl(process.env.DATABASE_URL)) {
  migratePostgresOnly(process.env.DATABASE_URL!).catch((error) => {
    console.error(`Could not migrate the PostgreSQL database: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
} else if (process.argv[1]?.endsWith("prepare-db.ts")) {
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
