import { defineConfig } from "drizzle-kit";

/** PostgreSQL: `npx drizzle-kit generate --config drizzle.pg.config.ts` writes its migrations. */
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.pg.ts",
  out: "./db/migrations-pg",
});
