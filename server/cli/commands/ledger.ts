import { existsSync } from "node:fs";
import { closeDatabase, databaseFileFromUrl, openDatabase, openDatabaseUrl, type Db } from "@/db/client";
import { onPostgres } from "@/db/dialect";
import { workspaces } from "@/db/schema";
import { verifyLedger } from "@/server/services/consentLedger";
import { EXIT, parseArgs, type CliCommand } from "../io";

const USAGE = `Usage: flowguard ledger verify [--workspace SLUG] [--database FILE] [--json]

Recomputes the hash chain of the consent ledger of every workspace (or one) and
reports the first broken link: a changed row, a missing row or a cut-off tail.

  --workspace SLUG  only this workspace
  --database FILE   the SQLite file (default: DATABASE_URL, else ./data/flowguard.db)
  --json            one JSON object per workspace

Exit code: 0 every chain holds, 1 a chain is broken, 2 wrong options or no database.`;

export const ledgerCommand: CliCommand = {
  name: "ledger",
  summary: "verify the consent ledger's hash chain",
  usage: USAGE,
  async run(args, io) {
    const { flags, positional, unknown } = parseArgs(args, {
      booleans: ["--help", "-h", "--json"],
      values: ["--workspace", "--database"],
    });
    if (flags.has("--help") || flags.has("-h")) {
      io.out(USAGE);
      return EXIT.ok;
    }
    if (unknown.length > 0 || positional.length !== 1 || positional[0] !== "verify") {
      if (unknown.length > 0) io.err(`Unknown option: ${unknown.join(", ")}`);
      else io.err(positional.length === 0 ? "Say what to do: ledger verify." : `Unknown ledger command: ${positional.join(" ")}`);
      io.err(USAGE);
      return EXIT.unreadable;
    }
    const named = flags.get("--database") as string | undefined;
    // On PostgreSQL (DATABASE_URL) the server's database; else a SQLite file, by default DATABASE_URL's.
    if (onPostgres && named !== undefined) {
      io.err(
        "DATABASE_URL names a PostgreSQL server: ledger verify checks that database; --database (a SQLite file) cannot be used with it.",
      );
      return EXIT.unreadable;
    }
    const postgres = onPostgres;
    const file = postgres ? "the PostgreSQL database" : (named ?? databaseFileFromUrl(process.env.DATABASE_URL));
    if (!postgres && file !== ":memory:" && !existsSync(file)) {
      io.err(`${file}: no such database file.`);
      return EXIT.unreadable;
    }
    let opened: Db | undefined;
    try {
      // Read as it is: verifying must not migrate or otherwise change the file it checks.
      opened = postgres ? openDatabaseUrl(process.env.DATABASE_URL, { max: 2 }) : openDatabase(file);
      await opened.select({ id: workspaces.id }).from(workspaces).limit(1);
    } catch (error) {
      io.err(`${file}: not a Flowguard database (${error instanceof Error ? error.message : String(error)})`);
      if (opened) await closeDatabase(opened).catch(() => undefined);
      return EXIT.unreadable;
    }
    const db = opened;
    try {
      const slug = flags.get("--workspace") as string | undefined;
      const rows = await db.select({ id: workspaces.id, slug: workspaces.slug, name: workspaces.name }).from(workspaces);
      const selected = slug ? rows.filter((row) => row.slug === slug) : rows;
      if (slug && selected.length === 0) {
        io.err(`No workspace "${slug}" in ${file}.`);
        return EXIT.unreadable;
      }
      let broken = false;
      for (const workspace of selected) {
        const result = await verifyLedger(db, workspace.id);
        if (!result.ok) broken = true;
        if (flags.has("--json")) {
          io.out(JSON.stringify({ workspace: workspace.slug, ...result }));
        } else if (result.ok) {
          const legacy = result.unchained > 0 ? ` (${result.unchained} older rows are outside the chain)` : "";
          io.out(`${workspace.slug}: ${result.rows} rows, chain intact${legacy}.`);
        } else {
          const event = result.broken.eventId ? `, event ${result.broken.eventId}` : "";
          io.out(`${workspace.slug}: BROKEN at row ${result.broken.seq}${event}: ${result.broken.reason}.`);
        }
      }
      return broken ? EXIT.findings : EXIT.ok;
    } finally {
      // Every way out closes it: an open PostgreSQL pool would keep the command running.
      await closeDatabase(db);
    }
  },
};
