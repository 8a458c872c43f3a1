import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";

/*
 * Two projects: every suite on the embedded SQLite default, and the suites that touch the
 * database through the services (services, routers, /api/v1, auth, security, ops, the
 * HTTP front, the CLI, seed) once more on a real PostgreSQL server that
 * server/testing/postgresSetup.ts starts and stops for the run.
 */

const ALL = [
  "core/**/*.test.ts",
  "server/**/*.test.ts",
  "db/**/*.test.ts",
  "components/**/*.test.ts",
  "i18n/**/*.test.ts",
  "scripts/**/*.test.ts",
  "packages/*/*.test.ts",
  "bot/**/*.test.ts",
  "bench/**/*.test.ts",
];

/** The database suites that run on PostgreSQL as well. */
const ON_POSTGRES = ["server/**/*.test.ts", "db/seed.test.ts", "db/transaction.test.ts", "db/prepared.test.ts"];

/** Suites about SQLite itself (its file, WAL, pragmas, backup, crash recovery): SQLite only. */
const SQLITE_ONLY: string[] = [];

export default defineConfig({
  resolve: {
    alias: {
      "@": fileURLToPath(new URL("./", import.meta.url)),
      "server-only": fileURLToPath(new URL("./server/testing/empty.ts", import.meta.url)),
    },
  },
  test: {
    environment: "node",
    pool: "forks",
    testTimeout: 30_000,
    projects: [
      { extends: true, test: { name: "sqlite", include: ALL } },
      {
        extends: true,
        test: {
          name: "postgres",
          include: ON_POSTGRES,
          exclude: SQLITE_ONLY,
          // The dialect is chosen by DATABASE_URL when the modules load (db/dialect.ts); the test databases
          // themselves are created on the server the global set-up started (server/testing/db.ts).
          env: { DATABASE_URL: "postgres://server-started-by-the-test-run" },
          globalSetup: ["server/testing/postgresSetup.ts"],
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
