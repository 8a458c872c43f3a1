import { createHash } from "node:crypto";
import fs from "node:fs";
import superjson from "superjson";
import { selectRows } from "@/db/batch";
import type { Db } from "@/db/client";
import { onPostgres } from "@/db/dialect";
import type { SessionUser } from "@/server/api/trpc";
import { createTrpcHandler } from "@/server/http/trpcHandler";

/** The /api/trpc handler as the app mounts it, with `user` signed in. */
export function trpcHttp(db: Db, user: SessionUser | null, clientAddress: string | null = null) {
  const handler = createTrpcHandler(() => Promise.resolve({ db, user, clientAddress }));
  return {
    /** A mutation with `body` as the raw request text. */
    async postRaw(path: string, body: string | ReadableStream<Uint8Array>, headers: Record<string, string> = {}) {
      const response = await handler(
        new Request(`http://localhost/api/trpc/${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", ...headers },
          body,
          duplex: "half",
        } as RequestInit),
      );
      const text = await response.text();
      return { status: response.status, text, json: safeJson(text), headers: response.headers };
    },
    /** A mutation as the app's client sends it. */
    post(path: string, input: unknown) {
      return this.postRaw(path, JSON.stringify(superjson.serialize(input)));
    },
    /** A query with `input` as the raw text of its `input` parameter. */
    async getRaw(path: string, input: string | undefined) {
      const query = input === undefined ? "" : `?input=${encodeURIComponent(input)}`;
      const response = await handler(new Request(`http://localhost/api/trpc/${path}${query}`));
      const text = await response.text();
      return { status: response.status, text, json: safeJson(text) };
    },
    get(path: string, input: unknown) {
      return this.getRaw(path, input === undefined ? undefined : JSON.stringify(superjson.serialize(input)));
    },
  };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The tRPC error data of a response (`appCode`, `params`, …). */
export function errorData(json: unknown): { appCode?: string; params?: Record<string, unknown>; code?: string; stack?: string } {
  const error = (json as { error?: { json?: { data?: object } } } | undefined)?.error?.json?.data;
  return (error ?? {}) as never;
}

/** The columns of each table, in table order; the schema does not change during a run. */
const columnsByTable = new Map<string, string[]>();

async function columnsOf(db: Db, table: string): Promise<string[]> {
  let columns = columnsByTable.get(table);
  if (!columns) {
    const rows = onPostgres
      ? await selectRows<{ name: string }>(
          db,
          "SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = ? ORDER BY ordinal_position",
          [table],
        )
      : await selectRows<{ name: string }>(db, "SELECT name FROM pragma_table_info(?) ORDER BY cid", [table]);
    columns = rows.map((row) => row.name);
    columnsByTable.set(table, columns);
  }
  return columns;
}

/**
 * Every row of every table of the app (but `except`), ordered by all its columns
 * (the key first where it leads), hashed: equal before and after a request means the
 * request changed no row, on either database.
 */
export async function tableRowsHash(db: Db, except: readonly string[] = []): Promise<string> {
  const tables = (
    onPostgres
      ? await selectRows<{ name: string }>(
          db,
          "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
          [],
        )
      : await selectRows<{ name: string }>(
          db,
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
          [],
        )
  )
    .map((row) => row.name)
    .filter((name) => !except.includes(name));
  const hash = createHash("sha256");
  for (const table of tables) {
    const columns = await columnsOf(db, table);
    hash.update(`${table}(${columns.join(",")})`);
    const order = columns.map((column) => `"${column}"`).join(", ");
    for (const row of await selectRows<Record<string, unknown>>(db, `SELECT * FROM "${table}" ORDER BY ${order}`, [])) {
      hash.update(JSON.stringify(Object.values(row)));
    }
  }
  return hash.digest("hex");
}

/**
 * What a refused request must leave exactly as it was: on SQLite the database file's
 * bytes after a checkpoint (hashed); on PostgreSQL, whose files are the server's, every
 * table's rows (`tableRowsHash`).
 */
export async function databaseState(db: Db, file: string): Promise<string> {
  if (onPostgres) return tableRowsHash(db);
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  return createHash("sha256").update(fs.readFileSync(file)).digest("hex");
}
