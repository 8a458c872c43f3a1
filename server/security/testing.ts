import fs from "node:fs";
import superjson from "superjson";
import type { Db } from "@/db/client";
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
      return { status: response.status, text, json: safeJson(text) };
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

/** The database file's bytes after a checkpoint, to prove a refused request wrote nothing. */
export function databaseBytes(db: Db, file: string): Buffer {
  db.$client.pragma("wal_checkpoint(TRUNCATE)");
  return fs.readFileSync(file);
}
