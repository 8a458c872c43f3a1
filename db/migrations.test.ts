import { describe, expect, it } from "vitest";
import { migrateDatabase } from "./client";
import { createTestDb } from "@/server/testing/db";

describe("migrations", () => {
  it("create every table on an empty database, with foreign keys and WAL on", async () => {
    const t = await createTestDb();
    try {
      const tables = t.db.$client
        .prepare(
          "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name",
        )
        .pluck()
        .all();
      expect(tables).toEqual([
        "analytics_counts",
        "analytics_events",
        "analytics_settings",
        "api_tokens",
        "audit_log",
        "consent_events",
        "consent_ledgers",
        "consent_subject_keys",
        "email_verifications",
        "flow_versions",
        "flows",
        "invitations",
        "memberships",
        "rate_limits",
        "session_marks",
        "users",
        "workspaces",
      ]);
      expect(t.db.$client.pragma("foreign_keys", { simple: true })).toBe(1);
      expect(t.db.$client.pragma("journal_mode", { simple: true })).toBe("wal");
      const workspaceColumns = t.db.$client.prepare("select name from pragma_table_info('workspaces')").pluck().all();
      expect(workspaceColumns).toEqual(
        expect.arrayContaining([
          "controller_name",
          "controller_address",
          "impressum_url",
          "privacy_policy_url",
          "privacy_contact",
          "processors",
        ]),
      );
    } finally {
      await t.close();
    }
  });

  it("are safe to apply twice (every start runs them)", async () => {
    const t = await createTestDb();
    try {
      expect(() => migrateDatabase(t.db)).not.toThrow();
    } finally {
      await t.close();
    }
  });

  it("refuse a membership for a workspace that does not exist", async () => {
    const t = await createTestDb();
    try {
      expect(() =>
        t.db.$client.prepare("insert into memberships (workspace_id, user_id, role) values ('nope', 'nobody', 'owner')").run(),
      ).toThrow(/FOREIGN KEY/);
    } finally {
      await t.close();
    }
  });
});
