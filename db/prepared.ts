import type { Db } from "./client";

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
