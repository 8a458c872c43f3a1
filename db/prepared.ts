import type { Db } from "./client";
import { onPostgres } from "./dialect";

/**
 * Statements of a hot path, prepared once per connection and reused: the query
 * builder and SQLite's compiler cost more than running a small indexed query.
 * `prepare` builds them from the connection (drizzle's `.prepare()` with
 * `sql.placeholder`, or raw `$client.prepare`); the statements are kept as long as the
 * connection lives. A PostgreSQL transaction (which has no `$client` of its own) gets
 * its statements built on it for this call, run unnamed on the transaction's connection.
 */
export function preparedPerConnection<T>(prepare: (db: Db) => T): (db: Db) => T {
  const byConnection = new WeakMap<object, T>();
  return (db) => {
    if ((db as { $client?: object }).$client === undefined) {
      building = "unnamed";
      try {
        return prepare(db);
      } finally {
        building = "named";
      }
    }
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
/** Whether `statement` is building for a pool (named statements, parsed once per connection) or a transaction. */
let building: "named" | "unnamed" = "named";

/**
 * Prepares a drizzle query (built with `sql.placeholder`) for repeated use: SQLite
 * compiles it once (`.prepare()`); PostgreSQL gets a named prepared statement, which
 * each pooled connection parses once.
 */
export function statement<Row>(query: { prepare: () => { get: (values?: Record<string, unknown>) => Row | undefined } }): Statement<Row> {
  if (onPostgres && building === "unnamed") {
    const query_ = query as unknown as { execute: (values?: Record<string, unknown>) => Promise<Row[]> };
    return {
      first: async (values) => (await query_.execute(values))[0],
      run: async (values) => {
        await query_.execute(values);
      },
    };
  }
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
