/*
 * `npm run db:backup [-- <target file>] [-- --vacuum]`: an online backup of the app's
 * SQLite database (DATABASE_URL, else ./data/flowguard.db) with SQLite's backup API,
 * which copies a consistent snapshot page by page while the app keeps reading and
 * writing. The copy is checked with integrity_check before it is reported.
 * `--vacuum` afterwards rebuilds the live database with incremental auto-vacuum
 * (needed once for databases created before it was switched on; run it when the app
 * is quiet: VACUUM holds the write lock while it runs).
 */
import Database from "better-sqlite3";
import fs from "node:fs";
import path from "node:path";
import { databaseFileFromUrl, isPostgresUrl } from "@/db/client";

async function main() {
  if (isPostgresUrl(process.env.DATABASE_URL)) {
    console.error(
      "DATABASE_URL names a PostgreSQL server: back it up with PostgreSQL's own tools (pg_dump --format=custom, " +
        "or your provider's snapshots and point-in-time recovery). npm run db:backup copies the embedded SQLite file.",
    );
    process.exit(1);
  }
  const args = process.argv.slice(2);
  const vacuum = args.includes("--vacuum");
  const source = databaseFileFromUrl(process.env.DATABASE_URL);
  if (source === ":memory:" || !fs.existsSync(source)) {
    console.error(`No database file at ${source}. Set DATABASE_URL to the app's database.`);
    process.exit(1);
  }
  const stamp = new Date().toISOString().replace(/[:.]/g, "-");
  const target = path.resolve(args.find((a) => !a.startsWith("--")) ?? path.join(path.dirname(source), "backups", `flowguard-${stamp}.db`));
  if (fs.existsSync(target)) {
    console.error(`${target} exists already; choose another file.`);
    process.exit(1);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });

  const db = new Database(source, { fileMustExist: true });
  db.pragma("busy_timeout = 5000");
  const started = Date.now();
  await db.backup(target);
  const copy = new Database(target, { readonly: true });
  const integrity = copy.pragma("integrity_check", { simple: true });
  copy.close();
  if (integrity !== "ok") {
    console.error(`The backup ${target} failed its integrity check: ${String(integrity)}`);
    process.exit(1);
  }
  const size = fs.statSync(target).size;
  console.log(`Backup written: ${target} (${(size / 1024 / 1024).toFixed(1)} MB, ${Date.now() - started} ms, integrity ok)`);

  if (vacuum) {
    db.pragma("auto_vacuum = INCREMENTAL");
    db.exec("VACUUM");
    console.log(`Vacuumed ${source}: auto_vacuum=${String(db.pragma("auto_vacuum", { simple: true }))}`);
  }
  db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
