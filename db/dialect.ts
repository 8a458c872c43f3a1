/*
 * Which database this process serves from, decided once by DATABASE_URL: a
 * `postgres://…` or `postgresql://…` URL means PostgreSQL, anything else (a SQLite
 * file, or nothing) the embedded SQLite default. One process serves one dialect; the
 * tables (db/schema.ts) and the connection (db/client.ts) follow this choice.
 */

/** Whether DATABASE_URL names a PostgreSQL server (`postgres://…` or `postgresql://…`) rather than a SQLite file. */
export function isPostgresUrl(url: string | undefined): boolean {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}

export type Dialect = "sqlite" | "postgres";

/** The dialect of this process. */
export const DIALECT: Dialect = isPostgresUrl(process.env.DATABASE_URL) ? "postgres" : "sqlite";

/** Whether this process serves from PostgreSQL. */
export const onPostgres = DIALECT === "postgres";
