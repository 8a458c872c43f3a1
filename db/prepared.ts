import type { Db } from "./client";
import { onPostgres } from "./dialect";

/**
 * Statements of a hot path, prepared once per connection and reused: the query
 * builder and SQLite's compiler cost more than running a small indexed query.
 * `prepare` builds them from the connection (drizzle's `.prepare()` with
 * `sql.placeholder`, or raw `$client.prepare`); the statements are kept as long as the
 * connection lives.
 */
export function preparedPerConnection<T>(prepare: (db: Db) => T): (db: Db) => T {
  const byConnection = new WeakMap<object, T>();
  return (db) => {
    let statements = byConnection.get(db.$client);
    if (statements === undefined) byConnection.set(db.$client, (statements = prepare(db)));
    return statements;
  };
}

/** A query built once and run many times with `sql.placeholder` values, on either dialect. */
export interface Statement<Row> {
  /** The first row, or undefined. */
  first(values?: Record<string, unknown>): Promise<Row | undefined>;
  run(values?: Record<string, unknown>): Promise<void>;
}

let statementNames = 0;

/**
 * Prepares a drizzle query (built with `sql.placeholder`) for repeated use: SQLite
 * compiles it once (`.prepare()`); PostgreSQL gets a named prepared statement, which
 * each pooled connection parses once.
 */
export function statement<Row>(query: { prepare: () => { get: (values?: Record<string, unknown>) => Row | undefined } }): Statement<Row> {
  if (onPostgres) {
    const prepared = (query.prepare as unknown as (name: string) => { execute: (values?: Record<string, unknown>) => Promise<unknown> })(
      `flowguard_${++statementNames}`,
    );
    return {
      first: async (values) => {
        const rows = (await prepared.execute(values)) as Row[] | { rows: Row[] };
        return Array.isArray(rows) ? rows[0] : rows.rows[0];
      },
      run: async (values) => {
        await prepared.execute(values);
      },
    };
  }
  const prepared = query.prepare() as unknown as {
    get: (values?: Record<string, unknown>) => Row | undefined;
    run: (values?: Record<string, unknown>) => unknown;
  };
  return {
    first: (values) => Promise.resolve(prepared.get(values)),
    run: (values) => {
      prepared.run(values);
      return Promise.resolve();
    },
  };
}
