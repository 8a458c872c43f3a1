import type Database from "better-sqlite3";

/*
 * Set-based statements for ingestion: one multi-row INSERT or one `IN (…)` lookup per
 * chunk instead of one statement per row. A statement's text depends on the number of
 * rows it carries, so statements are prepared once per connection and text, and kept.
 */

/** Most `?` one statement may hold (SQLITE_MAX_VARIABLE_NUMBER of the bundled SQLite). */
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
export function insertRows(sqlite: Database.Database, insert: string, rows: readonly unknown[][], conflict = ""): void {
  if (rows.length === 0) return;
  const columns = rows[0].length;
  for (const chunk of chunksOf(rows, rowsPerStatement(columns))) {
    cachedStatement(sqlite, `${insert} VALUES ${valueTuples(chunk.length, columns)}${conflict}`).run(chunk.flat());
  }
}

/**
 * The rows of `${select} IN (…)` for all `values`, one statement per chunk; `fixed` are
 * the values of the `?` in `select` before the `IN` (bound again for each chunk). With
 * `width` above 1, `values` holds tuples one after the other, matched as row values
 * (`(a, b) IN (VALUES (?, ?), …)`).
 */
export function selectIn<Row>(
  sqlite: Database.Database,
  select: string,
  fixed: readonly unknown[],
  values: readonly unknown[],
  width = 1,
): Row[] {
  const rows: Row[] = [];
  const perStatement = rowsPerStatement(width, fixed.length) * width;
  for (const chunk of chunksOf(values, perStatement)) {
    const list = width === 1 ? valueTuples(1, chunk.length).slice(1, -1) : `VALUES ${valueTuples(chunk.length / width, width)}`;
    for (const row of cachedStatement(sqlite, `${select} IN (${list})`).all(...fixed, ...chunk)) rows.push(row as Row);
  }
  return rows;
}
