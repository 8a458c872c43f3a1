import type { Db } from "./client";
import { onPostgres } from "./dialect";

/**
 * Statements of a hot path, prepared once per connection and reused: the query
 * builder and SQLite's compiler cost more than running a small indexed query.
 * `prepare` builds them from the connection with the `statement` it is handed (a drizzle
 * query with `sql.placeholder` values), or with raw `$client.prepare`; the statements are kept as long as the
 * connection lives. A PostgreSQL transaction (which has no `$client` of its own) gets
 * its statements built on it for this call, run unnamed on the transaction's connection.
 */
export function preparedPerConnection<T>(prepare: (db: Db, statement: StatementBuilder) => T): (db: Db) => T {
  const byConnection = new WeakMap<object, T>();
  return (db) => {
    if ((db as { $client?: object }).$client === undefined) return prepare(db, unnamedStatement);
    let statements = byConnection.get(db.$client);
    if (statements === undefined) byConnection.set(db.$client, (statements = prepare(db, namedStatement)));
    return statements;
  };
}

/** A query built once and run many times with `sql.placeholder` values, on either dialect. */
export interface Statement<Row> {
  /** The first row, or undefined. */
  first(values?: Record<string, unknown>): Promise<Row | undefined>;
  run(values?: Record<string, unknown>): Promise<void>;
}

/** A drizzle query built with `sql.placeholder` values, before it is prepared. */
export type PreparableQuery<Row> = { prepare: () => { get: (values?: Record<string, unknown>) => Row | undefined } };

/**
 * What `preparedPerConnection` hands its `prepare`: turns a drizzle query into a
 * `Statement` for the connection being prepared for.
 */
export type StatementBuilder = <Row>(query: PreparableQuery<Row>) => Statement<Row>;

let statementNames = 0;

/**
 * For a connection: SQLite compiles the query once (`.prepare()`); PostgreSQL gets a
 * named prepared statement, which each pooled connection parses once.
 */
const namedStatement: StatementBuilder = (query) => build(query, true);
/** For a PostgreSQL transaction: the query runs unnamed on the transaction's own connection. */
const unnamedStatement: StatementBuilder = (query) => build(query, false);

function build<Row>(query: PreparableQuery<Row>, named: boolean): Statement<Row> {
  if (onPostgres && !named) {
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
