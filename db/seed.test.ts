import { describe, expect, it } from "vitest";
import { DEMO_FLOW_NAME, DEMO_LOGIN, DEMO_WORKSPACE_NAME, seedIfEmpty } from "./seed";
import { listFlows } from "@/server/services/flows";
import { createTestDb } from "@/server/testing/db";
import { verifyCredentials } from "@/server/services/users";
import { listWorkspacesForUser } from "@/server/services/workspaces";

describe("seed", () => {
  it("creates the demo login and workspace once and keeps data on the second run", async () => {
    const t = await createTestDb();
    try {
      expect(await seedIfEmpty(t.db)).toEqual({ seeded: true });
      const user = await verifyCredentials(t.db, DEMO_LOGIN.email, DEMO_LOGIN.password);
      expect(user?.email).toBe(DEMO_LOGIN.email);
      const workspaces = await listWorkspacesForUser(t.db, user!.id);
      expect(workspaces.map((w) => [w.name, w.role])).toEqual([[DEMO_WORKSPACE_NAME, "owner"]]);
      // The demo flow is ready to publish: complete legal settings, no errors.
      const flows = await listFlows(t.db, { workspaceId: workspaces[0].id });
      expect(flows.map((f) => [f.name, f.errorCount])).toEqual([[DEMO_FLOW_NAME, 0]]);

      expect(await seedIfEmpty(t.db)).toEqual({ seeded: false });
      expect(await listWorkspacesForUser(t.db, user!.id)).toHaveLength(1);
    } finally {
      await t.close();
    }
  });
});
