import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { afterEach, expect, it } from "vitest";
import { closeDatabase, openDatabaseUrl } from "@/db/client";
import { flows } from "@/db/schema";
import { prepareDatabase } from "./prepare-db";

const saved = process.env.DATABASE_URL;
let dir: string | undefined;
afterEach(() => {
  process.env.DATABASE_URL = saved;
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

async function withDb<T>(url: string, body: (db: ReturnType<typeof openDatabaseUrl>) => Promise<T>): Promise<T> {
  const db = openDatabaseUrl(url);
  try {
    return await body(db);
  } finally {
    await closeDatabase(db);
  }
}

it("start-up gives the demo flows' stored findings back when an older release left others", async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "flowguard-prepare-"));
  const url = path.join(dir, "flowguard.db");
  process.env.DATABASE_URL = url;
  expect((await prepareDatabase()).seeded).toBe(true);

  const [first] = await withDb(url, (db) => db.select().from(flows).limit(1));
  expect(first).toBeDefined();
  const stale = [{ rule: "graph.retired", severity: "error" as const, nodeId: null, path: [], params: {} }];
  await withDb(url, (db) =>
    db
      .update(flows)
      .set({ diagnostics: stale as never, findingsRulebook: "older release" })
      .where(eq(flows.id, first!.id)),
  );

  expect((await prepareDatabase()).seeded).toBe(false);
  const [after] = await withDb(url, (db) => db.select().from(flows).where(eq(flows.id, first!.id)));
  expect(after!.diagnostics).toEqual(first!.diagnostics);
  expect(after!.version).toBe(first!.version);
});
