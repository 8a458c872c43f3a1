import type Database from "better-sqlite3";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "./client";
import { onPostgres } from "./dialect";

/*
 * Set-based statements for ingestion: one multi-row INSERT or one `IN (…)` lookup per
 * chunk instead of one statement per row. A statement's text depends on the number of
 * rows it carries, so statements are prepared once per connection and text, and kept.
 *
 * The statements are written once, with `?` for each value, in SQL both databases
 * understand; on PostgreSQL they run through drizzle's `execute` on the connection or
 * transaction given (values bound as parameters, never spliced into the text).
 */

/** `text` with its `?` bound to `values`, as drizzle SQL (for PostgreSQL, which numbers its parameters). */
function boundSql(text: string, values: readonly unknown[]): SQL {
  const parts = text.split("?");
  if (parts.length - 1 !== values.length) throw new Error(`The statement has ${parts.length - 1} "?" but ${values.length} values.`);
  return sql(Object.assign([...parts], { raw: parts }) as unknown as TemplateStringsArray, ...values);
}

type Executes = { execute: (query: SQL) => Promise<{ rows: unknown[]; rowCount: number | null }> };

/** The rows `text` (with `?` for `values`) selects, on the connection or transaction `db`. */
export async function selectRows<Row>(db: Db, text: string, values: readonly unknown[]): Promise<Row[]> {
  if (!onPostgres) return cachedStatement(db.$client, text).all(...values) as Row[];
  return (await (db as unknown as Executes).execute(boundSql(text, values))).rows as Row[];
}

/** Runs `text` (with `?` for `values`) on `db`; the number of rows it changed. */
export async function runStatement(db: Db, text: string, values: readonly unknown[]): Promise<number> {
  if (!onPostgres) return cachedStatement(db.$client, text).run(...values).changes;
  return (await (db as unknown as Executes).execute(boundSql(text, values))).rowCount ?? 0;
}

/** A point in time as a raw statement binds it: milliseconds on SQLite, a Date for PostgreSQL's timestamptz. */
export function timeValue(ms: number): number | Date {
  return onPostgres ? new Date(ms) : ms;
}

/**
 * Milliseconds since the epoch of a time a raw statement read: SQLite gives a number; PostgreSQL a
 * Date, a bigint's text, or (drizzle's connection reads timestamptz as text) `2026-12-01 09:30:00.123+00`.
 */
export function msOf(value: number | string | Date): number {
  if (value instanceof Date) return value.getTime();
  const ms = typeof value === "number" || /^-?\d+$/.test(value) ? Number(value) : Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`"${String(value)}" is not a point in time.`);
  return ms;
}

/** Most `?` one statement may hold (SQLITE_MAX_VARIABLE_NUMBER of the bundled SQLite; PostgreSQL allows 65,535). */
export const SQLITE_MAX_VARIABLES = 32_766;
/** Most rows (or `IN` values) one statement carries: long enough for a whole batch of a bot, short enough to prepare quickly. */
export const MAX_ROWS_PER_STATEMENT = 200;
/** Statements kept per connection; the oldest prepared is dropped beyond this. */
const STATEMENTS_KEPT = 256;

const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** The statement for `sql`, prepared once per connection. */
export function cachedStatement(sqlite: Database.Database, sql: string): Database.Statement {
  let kept = statements.get(sqlite);
  if (!kept) statements.set(sqlite, (kept = new Map()));
  let statement = kept.get(sql);
  if (!statement) {
    if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value!);
    kept.set(sql, (statement = sqlite.prepare(sql)));
  }
  return statement;
}

/** Rows per statement for rows of `columns` values (plus `fixed` values bound once per statement), under SQLite's limit. */
export function rowsPerStatement(columns: number, fixed = 0): number {
  return Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor((SQLITE_MAX_VARIABLES - fixed) / columns)));
}

/** `items` cut into consecutive pieces of at most `size`. */
export function chunksOf<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}

/** `(?, ?), (?, ?)` for `rows` rows of `columns` values. */
function valueTuples(rows: number, columns: number): string {
  const tuple = `(${new Array<string>(columns).fill("?").join(", ")})`;
  return new Array<string>(rows).fill(tuple).join(", ");
}

/**
 * Inserts `rows` (each an array of `columns` values in the column order of `insert`)
 * with as few statements as SQLite allows: `${insert} VALUES (…), (…)${conflict}`.
 * `conflict` is an optional `ON CONFLICT …` clause, applied row by row as usual.
 */
export async function insertRows(db: Db, insert: string, rows: readonly unknown[][], conflict = ""): Promise<void> {
  if (rows.length === 0) return;
  const columns = rows[0].length;
  for (const chunk of chunksOf(rows, rowsPerStatement(columns))) {
    await runStatement(db, `${insert} VALUES ${valueTuples(chunk.length, columns)}${conflict}`, chunk.flat());
  }
}

/**
 * The rows of `${select} IN (…)` for all `values`, one statement per chunk; `fixed` are
 * the values of the `?` in `select` before the `IN` (bound again for each chunk). With
 * `width` above 1, `values` holds tuples one after the other, matched as row values
 * (`(a, b) IN (VALUES (?, ?), …)`).
 */
export async function selectIn<Row>(
  db: Db,
  select: string,
  fixed: readonly unknown[],
  values: readonly unknown[],
  width = 1,
): Promise<Row[]> {
  const rows: Row[] = [];
  const perStatement = rowsPerStatement(width, fixed.length) * width;
  for (const chunk of chunksOf(values, perStatement)) {
    // Row values: SQLite takes them as `VALUES (…), (…)`; PostgreSQL as a plain list, which also types the parameters.
    const tuples = width === 1 ? "" : valueTuples(chunk.length / width, width);
    const list = width === 1 ? valueTuples(1, chunk.length).slice(1, -1) : onPostgres ? tuples : `VALUES ${tuples}`;
    for (const row of await selectRows<Row>(db, `${select} IN (${list})`, [...fixed, ...chunk])) rows.push(row);
  }
  return rows;
}
