import { afterEach, describe, expect, it } from "vitest";
import { runStatement } from "@/db/batch";
import { closeDatabase, openDatabaseUrl } from "@/db/client";
import { onPostgres } from "@/db/dialect";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { workspaceWithOwner } from "@/server/testing/fixtures";
import { markDraining } from "./lifecycle";
import { metrics } from "./metrics";
import { checkReadiness } from "./readiness";
import { routeLabel } from "./routes";

let testDb: TestDb | null = null;
afterEach(async () => {
  await testDb?.close();
  testDb = null;
  (globalThis as { flowguardDraining?: boolean }).flowguardDraining = false;
});

/** The value of one series in the Prometheus text, 0 when absent. */
async function series(name: string, labels: Record<string, string>): Promise<number> {
  const text = await metrics().registry.metrics();
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (wanted.every((pair) => line.includes(pair))) return Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return 0;
}

describe("readiness", () => {
  it("is ready on a migrated database and names the migrations applied", async () => {
    testDb = await createTestDb();
    const result = await checkReadiness(testDb.db);
    expect(result.ready).toBe(true);
    if (result.ready) expect(result.migrations.applied).toBe(result.migrations.expected);
  });

  it("is not ready while a committed migration is missing", async () => {
    testDb = await createTestDb();
    // Where the migrator of each dialect records what it applied.
    const applied = onPostgres ? "drizzle.__drizzle_migrations" : "__drizzle_migrations";
    await runStatement(testDb.db, `delete from ${applied} where created_at = (select max(created_at) from ${applied})`, []);
    const result = await checkReadiness(testDb.db);
    expect(result).toMatchObject({ ready: false, reason: "migrations" });
  });

  it("is not ready when the database cannot answer", async () => {
    testDb = await createTestDb();
    // A second connection to the test's database, closed: the instance's view of a database that is gone.
    const closed = openDatabaseUrl(testDb.file);
    await closeDatabase(closed);
    expect(await checkReadiness(closed)).toMatchObject({ ready: false, reason: "database" });
  });

  it("is not ready while the instance drains", async () => {
    testDb = await createTestDb();
    markDraining();
    expect(await checkReadiness(testDb.db)).toMatchObject({ ready: false, reason: "draining" });
  });
});

describe("metrics", () => {
  it("counts procedure calls, saves, validations and findings by rule", async () => {
    testDb = await createTestDb();
    const { owner, slug } = await workspaceWithOwner(testDb.db, { name: "Metrics" });
    const before = {
      list: await series("flowguard_trpc_calls_total", { procedure: "flows.list", outcome: "ok" }),
      saves: await series("flowguard_flow_saves_total", {}),
      validations: await series("flowguard_flow_validations_total", {}),
    };
    const flow = await owner.flows.create({ workspaceSlug: slug, templateId: "default", name: "Counted", locale: "de" });
    await owner.flows.list({ workspaceSlug: slug });
    // Without its bot disclosure (and the edges to it) the flow has findings to count.
    const gone = new Set(flow.document.nodes.filter((node) => node.type === "botDisclosure").map((node) => node.id));
    const document = {
      ...flow.document,
      nodes: flow.document.nodes.filter((node) => !gone.has(node.id)),
      edges: flow.document.edges.filter((edge) => !gone.has(edge.source) && !gone.has(edge.target)),
    };
    const saved = await owner.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: flow.version, document });
    expect(await series("flowguard_trpc_calls_total", { procedure: "flows.list", outcome: "ok" })).toBe(before.list + 1);
    expect(await series("flowguard_flow_saves_total", {})).toBe(before.saves + 1);
    // create and save each check the document once on the server
    expect(await series("flowguard_flow_validations_total", {})).toBe(before.validations + 2);
    const rules = new Set(saved.diagnostics.map((d) => d.rule));
    expect(rules.size).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(await series("flowguard_rule_findings_total", { rule })).toBeGreaterThan(0);
    }
  });

  it("counts refused calls by their error code", async () => {
    testDb = await createTestDb();
    const { owner } = await workspaceWithOwner(testDb.db, { name: "Refused" });
    const before = await series("flowguard_trpc_calls_total", { procedure: "flows.list", outcome: "NOT_FOUND" });
    await expect(owner.flows.list({ workspaceSlug: "no-such-workspace" })).rejects.toThrow();
    expect(await series("flowguard_trpc_calls_total", { procedure: "flows.list", outcome: "NOT_FOUND" })).toBe(before + 1);
  });
});

describe("route labels", () => {
  const patterns = [
    { page: "/w/[slug]/flows/[id]", regex: /^\/w\/([^/]+?)\/flows\/([^/]+?)(?:\/)?$/ },
    { page: "/api/trpc/[trpc]", regex: /^\/api\/trpc\/([^/]+?)(?:\/)?$/ },
  ];
  it("labels requests by route pattern, never by the raw URL", () => {
    expect(routeLabel(patterns, "/w/acme/flows/f_123?x=1")).toBe("/w/[slug]/flows/[id]");
    expect(routeLabel(patterns, "/api/trpc/flows.get,flows.list?batch=1")).toBe("/api/trpc/[trpc]");
    expect(routeLabel(patterns, "/_next/static/chunks/a.js")).toBe("/_next/*");
    expect(routeLabel(patterns, "/some/unknown/path")).toBe("(other)");
  });
});
