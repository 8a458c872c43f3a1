import { spawnSync } from "node:child_process";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Conversation, loadExport } from "@/core/runtime";
import { runStatement, selectRows } from "@/db/batch";
import { onPostgres } from "@/db/dialect";
import { recordConsentEvents } from "@/server/services/consent";
import { exportVersion } from "@/server/services/versions";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { publishedLeadFlow } from "@/server/testing/fixtures";

/*
 * `flowguard ledger verify` as an operator runs it, on a database someone tampered with:
 * a SQLite file named by --database, or the PostgreSQL database DATABASE_URL names.
 */

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

function flowguard(...args: string[]) {
  const env = { ...process.env, DATABASE_URL: onPostgres ? t.file : undefined };
  const result = spawnSync("npx", ["tsx", "server/cli/main.ts", ...args], { cwd: process.cwd(), encoding: "utf8", timeout: 60_000, env });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Where the test's database is, as the command takes it: the SQLite file, or nothing (DATABASE_URL). */
function databaseArgs(): string[] {
  return onPostgres ? [] : ["--database", t.file];
}

describe("flowguard ledger verify", () => {
  it("reports an intact chain, then names the row changed in the database", async () => {
    const { workspace, flow } = await publishedLeadFlow(t.db, "Verify Shop", "de");
    const exported = (await exportVersion(t.db, { workspace, flowId: flow.id, channel: "telegram" })).export;
    for (const subject of ["1", "2", "3"]) {
      const c = new Conversation(loadExport(exported), { subject, now: Date.now() });
      c.send({ type: "start" });
      c.send({ type: "button", id: "accept" });
      await recordConsentEvents(t.db, { workspaceId: workspace.id, events: c.consentEvents });
    }
    const intact = flowguard("ledger", "verify", ...databaseArgs());
    expect(intact.code).toBe(0);
    expect(intact.stdout).toContain(`${workspace.slug}: 3 rows, chain intact.`);

    await runStatement(
      t.db,
      onPostgres ? "DROP TRIGGER consent_events_no_update ON consent_events" : "DROP TRIGGER consent_events_no_update",
      [],
    );
    const [{ event_id: eventId }] = await selectRows<{ event_id: string }>(t.db, "SELECT event_id FROM consent_events WHERE seq = 2", []);
    await runStatement(t.db, "UPDATE consent_events SET outcome = 'decline' WHERE seq = 2", []);
    const broken = flowguard("ledger", "verify", ...databaseArgs(), "--workspace", workspace.slug);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain(
      `${workspace.slug}: BROKEN at row 2, event ${eventId}: row 2 (event ${eventId}) was changed after it was recorded.`,
    );
  });

  it("exits 2 for a missing database or an unknown subcommand", () => {
    const missing = flowguard("ledger", "verify", "--database", `${t.file}.missing`);
    expect(missing.code).toBe(2);
    // On PostgreSQL a SQLite file cannot be checked beside it: said, not attempted.
    expect(missing.stderr).toMatch(onPostgres ? /PostgreSQL server.*--database/ : /no such database file/);
    expect(flowguard("ledger", "fix").code).toBe(2);
  });
});
