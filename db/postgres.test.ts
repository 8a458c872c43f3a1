import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseFileFromUrl } from "./client";
import { migratePostgres, openPostgres, type PgDb } from "./postgres";
import { startPostgres, type PgServer } from "@/server/testing/postgres";
import { createTestDb } from "@/server/testing/db";

/* The PostgreSQL schema and migrations, on a real server this test starts and stops itself. */

let server: PgServer;
let db: PgDb;

beforeAll(async () => {
  server = await startPostgres();
  db = openPostgres(server.url(), { max: 2 });
  await migratePostgres(db);
}, 120_000);

afterAll(async () => {
  await db?.$client.end();
  server?.stop();
});

/** table → its column names, sorted, from either database. */
type Columns = Record<string, string[]>;

async function postgresColumns(): Promise<Columns> {
  const { rows } = await db.$client.query<{ table_name: string; column_name: string }>(
    "select table_name, column_name from information_schema.columns where table_schema = 'public' order by table_name, column_name",
  );
  const tables: Columns = {};
  for (const row of rows) (tables[row.table_name] ??= []).push(row.column_name);
  return tables;
}

async function sqliteColumns(): Promise<Columns> {
  const t = await createTestDb();
  try {
    const names = t.db.$client
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%'")
      .pluck()
      .all() as string[];
    const tables: Columns = {};
    for (const name of names) {
      tables[name] = (t.db.$client.prepare(`select name from pragma_table_info('${name}')`).pluck().all() as string[]).sort();
    }
    return tables;
  } finally {
    await t.close();
  }
}

describe("PostgreSQL migrations", () => {
  it("create the same tables with the same columns as the SQLite migrations", async () => {
    const postgres = await postgresColumns();
    const sqlite = await sqliteColumns();
    expect(Object.keys(postgres).sort()).toEqual(Object.keys(sqlite).sort());
    for (const table of Object.keys(sqlite)) expect({ table, columns: postgres[table] }).toEqual({ table, columns: sqlite[table] });
  });

  it("are safe to apply twice", async () => {
    await expect(migratePostgres(db)).resolves.toBeUndefined();
  });

  it("keep the consent ledger append-only: chained rows refuse UPDATE and DELETE; deleting the workspace still cascades", async () => {
    const client = db.$client;
    await client.query("insert into workspaces (id, slug, name) values ('w1', 'w1', 'Shop')");
    await client.query(
      `insert into consent_events (workspace_id, event_id, flow_id, flow_version, subject, channel, purpose, outcome, text_hash, occurred_at, seq, row_hash)
       values ('w1', 'e1', 'f1', 1, 's', 'telegram', 'lead', 'accept', 'h', now(), 1, 'r')`,
    );
    await expect(client.query("update consent_events set outcome = 'withdraw' where event_id = 'e1'")).rejects.toThrow(/append-only/);
    await expect(client.query("update consent_events set subject = 'other' where event_id = 'e1'")).rejects.toThrow(/append-only/);
    await expect(client.query("delete from consent_events where event_id = 'e1'")).rejects.toThrow(/append-only/);
    await client.query("delete from workspaces where id = 'w1'");
    const { rows } = await client.query("select count(*)::int as n from consent_events");
    expect(rows[0].n).toBe(0);
  });

  it("store timestamps with milliseconds and JSON as JSON", async () => {
    const client = db.$client;
    await client.query("insert into workspaces (id, slug, name, processors) values ('w2', 'w2', 'Shop', $1)", [
      JSON.stringify([{ name: "CRM", domain: "crm.example.com" }]),
    ]);
    const row = await db.query.workspaces.findFirst({ where: (w, { eq }) => eq(w.id, "w2") });
    expect(row?.processors).toEqual([{ name: "CRM", domain: "crm.example.com" }]);
    expect(row?.createdAt).toBeInstanceOf(Date);
    expect(Math.abs(row!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
  });
});

describe("DATABASE_URL", () => {
  it("never turns a PostgreSQL address into a SQLite file name; it says what works", () => {
    for (const url of ["postgres://u@h/db", "postgresql://u@h:5432/db", "POSTGRES://u@h/db"])
      expect(() => databaseFileFromUrl(url)).toThrow(/PostgreSQL.*SQLite/);
    expect(databaseFileFromUrl("file:./x.db")).toMatch(/x\.db$/);
  });
});
