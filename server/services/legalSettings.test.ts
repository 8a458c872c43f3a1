import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { auditLog, flows, workspaces } from "@/db/schema";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { COMPLETE_LEGAL_SETTINGS, signUpTestUser, workspaceRow } from "@/server/testing/fixtures";
import { createFlow } from "./flows";
import { legalSettingsOf, saveLegalSettings } from "./legalSettings";
import { createWorkspace, deleteWorkspace } from "./workspaces";

let t: TestDb;
beforeEach(() => {
  t = createTestDb();
});
afterEach(() => t.close());

async function setup() {
  const user = await signUpTestUser(t.db, "Olga");
  const { id } = createWorkspace(t.db, { userId: user.id, name: "Legal Shop" });
  const workspace = () => workspaceRow(t.db, id);
  return { user, workspace };
}

function storedFlow(id: string) {
  return t.db.select().from(flows).where(eq(flows.id, id)).get()!;
}

describe("legal settings", () => {
  it("saves, audits before and after, and re-validates every flow against the new settings", async () => {
    const { user, workspace } = await setup();
    saveLegalSettings(t.db, { workspace: workspace(), actorId: user.id, settings: COMPLETE_LEGAL_SETTINGS });
    const leads = createFlow(t.db, { workspace: workspace(), userId: user.id, templateId: "leadCapture", name: "Leads", locale: "de" });
    const news = createFlow(t.db, { workspace: workspace(), userId: user.id, templateId: "newsletter", name: "News", locale: "de" });
    expect([leads.errorCount, news.errorCount]).toEqual([0, 0]);

    // Dropping the CRM processor blocks the lead flow (its webhook posts there) only.
    const result = saveLegalSettings(t.db, {
      workspace: workspace(),
      actorId: user.id,
      settings: { ...COMPLETE_LEGAL_SETTINGS, processors: [] },
    });
    expect(result.blockedFlows).toEqual([expect.objectContaining({ id: leads.id, name: "Leads", legalErrorCount: 1 })]);
    expect(storedFlow(leads.id).errorCount).toBe(1);
    const diagnostics = storedFlow(leads.id).diagnostics as { rule: string; severity: string }[];
    expect(diagnostics.filter((d) => d.severity === "error").map((d) => d.rule)).toEqual(["processor.declared"]);
    expect(storedFlow(leads.id).version).toBe(1);
    expect(storedFlow(news.id).errorCount).toBe(0);

    // Emptying the links blocks every flow.
    const emptied = saveLegalSettings(t.db, {
      workspace: workspace(),
      actorId: user.id,
      settings: { ...COMPLETE_LEGAL_SETTINGS, impressumUrl: "" },
    });
    expect(emptied.blockedFlows.map((f) => f.name).sort()).toEqual(["Leads", "News"]);
    expect(storedFlow(news.id).errorCount).toBe(1);

    saveLegalSettings(t.db, { workspace: workspace(), actorId: user.id, settings: COMPLETE_LEGAL_SETTINGS });
    expect([storedFlow(leads.id).errorCount, storedFlow(news.id).errorCount]).toEqual([0, 0]);

    const entries = t.db.select().from(auditLog).where(eq(auditLog.action, "legal.update")).all();
    expect(entries).toHaveLength(4);
    expect(entries[1]).toMatchObject({
      actorId: user.id,
      before: { processors: COMPLETE_LEGAL_SETTINGS.processors },
      after: { processors: [] },
    });
  });

  it("normalises processor domains and refuses http links and bad domains", async () => {
    const { user, workspace } = await setup();
    const saved = saveLegalSettings(t.db, {
      workspace: workspace(),
      actorId: user.id,
      settings: {
        ...COMPLETE_LEGAL_SETTINGS,
        processors: [{ name: "CRM", domain: "https://CRM.Example.com/api", purpose: "Leads", dpaSigned: false }],
      },
    });
    expect(saved.settings.processors[0].domain).toBe("crm.example.com");
    expect(legalSettingsOf(workspace()).processors[0].domain).toBe("crm.example.com");
    expect(() =>
      saveLegalSettings(t.db, {
        workspace: workspace(),
        actorId: user.id,
        settings: { ...COMPLETE_LEGAL_SETTINGS, impressumUrl: "http://example.com" },
      }),
    ).toThrow("validation.httpsUrl");
    expect(() =>
      saveLegalSettings(t.db, {
        workspace: workspace(),
        actorId: user.id,
        settings: { ...COMPLETE_LEGAL_SETTINGS, processors: [{ name: "X", domain: "not a domain", purpose: "y", dpaSigned: true }] },
      }),
    ).toThrow("validation.domainInvalid");
  });
});

describe("deleting a workspace", () => {
  it("needs the exact name and then removes everything in it", async () => {
    const { user, workspace } = await setup();
    createFlow(t.db, { workspace: workspace(), userId: user.id, templateId: "default", name: "Hello", locale: "en" });
    expect(() => deleteWorkspace(t.db, { workspace: workspace(), actorId: user.id, confirmName: "Legal" })).toThrow(
      expect.objectContaining({ code: "CONFIRMATION_MISMATCH" }),
    );
    const id = workspace().id;
    deleteWorkspace(t.db, { workspace: workspace(), actorId: user.id, confirmName: "Legal Shop" });
    expect(t.db.select().from(workspaces).where(eq(workspaces.id, id)).all()).toEqual([]);
    expect(t.db.select().from(flows).all()).toEqual([]);
    expect(t.db.select().from(auditLog).where(eq(auditLog.workspaceId, id)).all()).toEqual([]);
  });
});
