import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, flows, workspaces } from "@/db/schema";
import { createTestDb, type TestDb } from "@/server/testing/db";
import {
  addMember,
  COMPLETE_LEGAL_SETTINGS,
  LEGAL_SETTINGS_WITHOUT_PROCESSORS,
  legalSettingsSavesAfterReads,
  signUpTestUser,
  workspaceRow,
  workspaceWithOwner,
} from "@/server/testing/fixtures";
import type { FlowDocument } from "@/core/flow";
import { interleave } from "@/server/testing/interleave";
import { checkDocument, createFlow, duplicateFlow, LEGAL_RECHECK_ATTEMPTS, saveFlow } from "./flows";
import { metrics } from "@/server/ops/metrics";
import { legalSettingsOf, recheckStoredFindings, saveLegalSettings } from "./legalSettings";
import { rulebookFingerprint } from "./rulebookFingerprint";
import { publishFlow, restoreVersion } from "./versions";
import { createWorkspace, deleteWorkspace, findWorkspaceById } from "./workspaces";

// Any read of a workspace can be followed by a legal-settings save committed right after it (see
// server/testing/legalRace.ts); only the tests of a draft write racing several of them arm it.
vi.mock("./workspaces", async (original) =>
  (await import("@/server/testing/legalRace")).withLegalSavesAfterReads(await original<typeof import("./workspaces")>()),
);

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

async function setup() {
  const user = await signUpTestUser(t.db, "Olga");
  const { id } = await createWorkspace(t.db, { userId: user.id, name: "Legal Shop" });
  const workspace = () => workspaceRow(t.db, id);
  return { user, workspace };
}

/** A workspace with complete legal settings (saved through the service) and the lead template stored as "Leads". */
async function leadFlow() {
  const { user, workspace } = await setup();
  await saveLegalSettings(t.db, { workspace: await workspace(), actorId: user.id, settings: COMPLETE_LEGAL_SETTINGS });
  const leads = await createFlow(t.db, {
    workspace: await workspace(),
    userId: user.id,
    templateId: "leadCapture",
    name: "Leads",
    locale: "de",
  });
  const edited = { ...leads.document, name: "Leads (edited)" } as FlowDocument;
  return { user, workspace, leads, edited };
}

async function storedFlow(id: string) {
  return (await t.db.select().from(flows).where(eq(flows.id, id)).limit(1))[0]!;
}

/** Findings and counts as a check with the workspace's settings as stored now gives them. */
async function expectCheckedWithCurrentSettings(flowId: string, document: FlowDocument, workspace: () => ReturnType<typeof workspaceRow>) {
  const now = await workspace();
  const expected = checkDocument(document, now).diagnostics;
  const row = await storedFlow(flowId);
  expect(row.diagnostics).toEqual(expected);
  expect([row.errorCount, row.warningCount, row.findingsLegalVersion]).toEqual([
    expected.filter((d) => d.severity === "error").length,
    expected.filter((d) => d.severity !== "error").length,
    now.legalVersion,
  ]);
  return expected;
}

// Without the CRM processor the lead flow's webhook is undeclared: an error the settings read before did not give.
const withoutProcessors = LEGAL_SETTINGS_WITHOUT_PROCESSORS;

describe("legal settings", () => {
  it("saves, audits before and after, and re-validates every flow against the new settings", async () => {
    const { user, workspace, leads } = await leadFlow();
    const news = await createFlow(t.db, {
      workspace: await workspace(),
      userId: user.id,
      templateId: "newsletter",
      name: "News",
      locale: "de",
    });
    expect([leads.errorCount, news.errorCount]).toEqual([0, 0]);

    // Dropping the CRM processor blocks the lead flow (its webhook posts there) only.
    const result = await saveLegalSettings(t.db, {
      workspace: await workspace(),
      actorId: user.id,
      settings: { ...COMPLETE_LEGAL_SETTINGS, processors: [] },
    });
    expect(result.blockedFlows).toEqual([expect.objectContaining({ id: leads.id, name: "Leads", legalErrorCount: 1 })]);
    expect((await storedFlow(leads.id)).errorCount).toBe(1);
    const diagnostics = (await storedFlow(leads.id)).diagnostics as { rule: string; severity: string }[];
    expect(diagnostics.filter((d) => d.severity === "error").map((d) => d.rule)).toEqual(["processor.declared"]);
    expect((await storedFlow(leads.id)).version).toBe(1);
    expect((await storedFlow(news.id)).errorCount).toBe(0);

    // Emptying the links blocks every flow.
    const emptied = await saveLegalSettings(t.db, {
      workspace: await workspace(),
      actorId: user.id,
      settings: { ...COMPLETE_LEGAL_SETTINGS, impressumUrl: "" },
    });
    expect(emptied.blockedFlows.map((f) => f.name).sort()).toEqual(["Leads", "News"]);
    expect((await storedFlow(news.id)).errorCount).toBe(1);

    await saveLegalSettings(t.db, { workspace: await workspace(), actorId: user.id, settings: COMPLETE_LEGAL_SETTINGS });
    expect([(await storedFlow(leads.id)).errorCount, (await storedFlow(news.id)).errorCount]).toEqual([0, 0]);

    const entries = await t.db.select().from(auditLog).where(eq(auditLog.action, "legal.update")).orderBy(auditLog.id);
    expect(entries).toHaveLength(4);
    expect(entries[1]).toMatchObject({
      actorId: user.id,
      before: { processors: COMPLETE_LEGAL_SETTINGS.processors },
      after: { processors: [] },
    });
  });

  it("normalises processor domains and refuses http links and bad domains", async () => {
    const { user, workspace } = await setup();
    const saved = await saveLegalSettings(t.db, {
      workspace: await workspace(),
      actorId: user.id,
      settings: {
        ...COMPLETE_LEGAL_SETTINGS,
        processors: [{ name: "CRM", domain: "https://CRM.Example.com/api", purpose: "Leads", dpaSigned: false }],
      },
    });
    expect(saved.settings.processors[0].domain).toBe("crm.example.com");
    expect(legalSettingsOf(await workspace()).processors[0].domain).toBe("crm.example.com");
    await expect(
      saveLegalSettings(t.db, {
        workspace: await workspace(),
        actorId: user.id,
        settings: { ...COMPLETE_LEGAL_SETTINGS, impressumUrl: "http://example.com" },
      }),
    ).rejects.toThrow("validation.httpsUrl");
    await expect(
      saveLegalSettings(t.db, {
        workspace: await workspace(),
        actorId: user.id,
        settings: { ...COMPLETE_LEGAL_SETTINGS, processors: [{ name: "X", domain: "not a domain", purpose: "y", dpaSigned: true }] },
      }),
    ).rejects.toThrow("validation.domainInvalid");
  });
});

describe("stored findings after a rulebook change", () => {
  const validations = async () => (await metrics().validations.get()).values.reduce((sum, v) => sum + v.value, 0);

  async function twoFlows() {
    const { user, workspace } = await setup();
    await saveLegalSettings(t.db, { workspace: await workspace(), actorId: user.id, settings: COMPLETE_LEGAL_SETTINGS });
    const make = (templateId: "leadCapture" | "newsletter", name: string) =>
      workspace().then((w) => createFlow(t.db, { workspace: w, userId: user.id, templateId, name, locale: "de" }));
    return { user, workspace, leads: await make("leadCapture", "Leads"), news: await make("newsletter", "News") };
  }

  it("checks nothing at a start when every draft's findings come from this rulebook", async () => {
    const { leads, news } = await twoFlows();
    const before = await validations();
    const rows = [await storedFlow(leads.id), await storedFlow(news.id)];

    const result = await recheckStoredFindings(t.db);
    expect(await validations()).toBe(before);
    expect(result).toEqual({ checked: 0, changed: 0 });
    expect([await storedFlow(leads.id), await storedFlow(news.id)]).toEqual(rows);
    expect(rows.map((row) => row.findingsRulebook)).toEqual([rulebookFingerprint(), rulebookFingerprint()]);
  });

  it("gives a draft judged by an older rulebook this one's findings and checks no other flow", async () => {
    const { leads, news } = await twoFlows();
    const current = await storedFlow(leads.id);
    // What an older release stored: a finding of a rule this rulebook words differently, none of today's, and its fingerprint.
    const old = [{ rule: "graph.retired", severity: "error" as const, nodeId: null, path: [], params: {} }];
    await t.db
      .update(flows)
      .set({ diagnostics: old as never, errorCount: 1, warningCount: 0, findingsRulebook: "older release" })
      .where(eq(flows.id, leads.id));
    const untouched = await storedFlow(news.id);
    const before = await validations();

    expect(await recheckStoredFindings(t.db)).toEqual({ checked: 1, changed: 1 });
    expect(await validations()).toBe(before + 1);
    const rechecked = await storedFlow(leads.id);
    expect(rechecked.diagnostics).toEqual(current.diagnostics);
    expect([rechecked.errorCount, rechecked.warningCount, rechecked.version, rechecked.findingsRulebook]).toEqual([
      current.errorCount,
      current.warningCount,
      current.version,
      rulebookFingerprint(),
    ]);
    expect(await storedFlow(news.id)).toEqual(untouched);
    // Nothing left to check: a second start checks nothing.
    expect(await recheckStoredFindings(t.db)).toEqual({ checked: 0, changed: 0 });
    expect(await validations()).toBe(before + 1);
  });

  it("checks drafts stored before the fingerprint was recorded once, and records it even where the findings stay", async () => {
    const { leads, news } = await twoFlows();
    await t.db.update(flows).set({ findingsRulebook: "" });
    expect(await recheckStoredFindings(t.db)).toEqual({ checked: 2, changed: 0 });
    expect([(await storedFlow(leads.id)).findingsRulebook, (await storedFlow(news.id)).findingsRulebook]).toEqual([
      rulebookFingerprint(),
      rulebookFingerprint(),
    ]);
    expect(await recheckStoredFindings(t.db)).toEqual({ checked: 0, changed: 0 });
  });
});

describe("legal settings meeting other writes (as on two instances)", () => {
  it("re-checks a flow saved while the settings were saved with its newer document, never with the older one", async () => {
    const { user, workspace, leads } = await leadFlow();
    const stale = await workspace();
    // A step nothing leads to: the saved draft has a finding the older one has not.
    const orphan = { id: "orphan", type: "message", position: { x: 0, y: 0 }, data: { text: "Hallo", promotional: false } };
    const edited = { ...leads.document, nodes: [...leads.document.nodes, orphan] } as FlowDocument;
    const { first: legal, between: saved } = await interleave(
      t.db,
      () => saveLegalSettings(t.db, { workspace: stale, actorId: user.id, settings: { ...COMPLETE_LEGAL_SETTINGS, processors: [] } }),
      (db) => saveFlow(db, { workspace: stale, userId: user.id, flowId: leads.id, expectedVersion: leads.version, document: edited }),
    );
    expect(legal.ok && saved.ok).toBe(true);
    const now = await workspace();
    const expected = checkDocument(edited, now).diagnostics;
    expect(expected).not.toEqual(checkDocument(leads.document, now).diagnostics);
    const row = await storedFlow(leads.id);
    expect(row.version).toBe(leads.version + 1);
    expect(row.diagnostics).toEqual(expected);
    expect([row.errorCount, row.warningCount]).toEqual([
      expected.filter((d) => d.severity === "error").length,
      expected.filter((d) => d.severity !== "error").length,
    ]);
  });

  it("stores a save's findings checked with settings saved after the save read them (read before, written after)", async () => {
    const { user, workspace, leads, edited } = await leadFlow();
    const stale = await workspace();
    await saveLegalSettings(t.db, { workspace: stale, actorId: user.id, settings: withoutProcessors });
    const saved = await saveFlow(t.db, {
      workspace: stale,
      userId: user.id,
      flowId: leads.id,
      expectedVersion: leads.version,
      document: edited,
    });
    expect(saved.version).toBe(leads.version + 1);
    const expected = await expectCheckedWithCurrentSettings(leads.id, edited, workspace);
    expect(expected.map((d) => d.rule)).toContain("processor.declared");
    expect(saved.diagnostics).toEqual(expected);
    expect((await storedFlow(leads.id)).document).toBe(JSON.stringify(edited));
  });

  it("stores a save's findings checked with the settings of a legal save committed while it wrote", async () => {
    const { user, workspace, leads, edited } = await leadFlow();
    const stale = await workspace();
    const { first: saved, between: legal } = await interleave(
      t.db,
      () => saveFlow(t.db, { workspace: stale, userId: user.id, flowId: leads.id, expectedVersion: leads.version, document: edited }),
      (db) => saveLegalSettings(db, { workspace: stale, actorId: user.id, settings: withoutProcessors }),
    );
    expect(saved.ok && legal.ok).toBe(true);
    expect((await storedFlow(leads.id)).version).toBe(leads.version + 1);
    await expectCheckedWithCurrentSettings(leads.id, edited, workspace);
  });

  it("still answers a newer draft with VERSION_CONFLICT when the settings changed too", async () => {
    const { user, workspace, leads, edited } = await leadFlow();
    const stale = await workspace();
    await saveFlow(t.db, { workspace: stale, userId: user.id, flowId: leads.id, expectedVersion: leads.version, document: edited });
    await saveLegalSettings(t.db, { workspace: stale, actorId: user.id, settings: withoutProcessors });
    const again = saveFlow(t.db, {
      workspace: stale,
      userId: user.id,
      flowId: leads.id,
      expectedVersion: leads.version,
      document: leads.document,
    });
    await expect(again).rejects.toMatchObject({ code: "VERSION_CONFLICT", details: { currentVersion: leads.version + 1 } });
    await expectCheckedWithCurrentSettings(leads.id, edited, workspace);
  });

  it("stores a new flow's findings checked with settings saved after the request read them", async () => {
    const { user, workspace } = await setup();
    await saveLegalSettings(t.db, { workspace: await workspace(), actorId: user.id, settings: COMPLETE_LEGAL_SETTINGS });
    const stale = await workspace();
    await saveLegalSettings(t.db, { workspace: stale, actorId: user.id, settings: withoutProcessors });
    const created = await createFlow(t.db, { workspace: stale, userId: user.id, templateId: "leadCapture", name: "Leads", locale: "de" });
    const expected = await expectCheckedWithCurrentSettings(created.id, created.document, workspace);
    expect(expected.map((d) => d.rule)).toContain("processor.declared");
    expect(created.diagnostics).toEqual(expected);
  });

  it("stores a new flow's findings checked with the settings of a legal save committed while it was stored", async () => {
    const { user, workspace } = await setup();
    await saveLegalSettings(t.db, { workspace: await workspace(), actorId: user.id, settings: COMPLETE_LEGAL_SETTINGS });
    const stale = await workspace();
    const { first: created, between: legal } = await interleave(
      t.db,
      () => createFlow(t.db, { workspace: stale, userId: user.id, templateId: "leadCapture", name: "Leads", locale: "de" }),
      (db) => saveLegalSettings(db, { workspace: stale, actorId: user.id, settings: withoutProcessors }),
    );
    expect(created.ok && legal.ok).toBe(true);
    if (created.ok) await expectCheckedWithCurrentSettings(created.value.id, created.value.document, workspace);
  });

  it("records what each of two saves at once replaced: the second's before is the first's after", async () => {
    const { user, workspace } = await setup();
    await saveLegalSettings(t.db, { workspace: await workspace(), actorId: user.id, settings: COMPLETE_LEGAL_SETTINGS });
    const stale = await workspace();
    const save = (db: typeof t.db, settings: typeof COMPLETE_LEGAL_SETTINGS) =>
      saveLegalSettings(db, { workspace: stale, actorId: user.id, settings });
    const { first, between } = await interleave(
      t.db,
      () => save(t.db, { ...COMPLETE_LEGAL_SETTINGS, processors: [] }),
      (db) => save(db, { ...COMPLETE_LEGAL_SETTINGS, impressumUrl: "" }),
    );
    expect(first.ok && between.ok).toBe(true);
    const entries = await t.db.select().from(auditLog).where(eq(auditLog.action, "legal.update")).orderBy(auditLog.id);
    expect(entries).toHaveLength(3);
    expect(entries[1].before).toEqual(entries[0].after);
    expect(entries[2].before).toEqual(entries[1].after);
    expect(legalSettingsOf(await workspace())).toEqual(entries[2].after);
  });
});

/*
 * A draft write (save, restore) while an admin saves the legal settings again and again: each
 * legal-settings save re-checks every draft, so findings checked with the settings read before
 * it are refused, and the write checks again with the settings as they are now. When that keeps
 * happening the answer is a retryable LEGAL_SETTINGS_CHANGING with nothing written, never a
 * VERSION_CONFLICT naming the editor's own version. A save by someone else in the middle is
 * still a VERSION_CONFLICT naming theirs.
 */
describe("a draft write while the legal settings keep changing", () => {
  /** The lead flow; `legalSaves` arms legal-settings saves after the next reads of its workspace (see the fixture). */
  async function racedLeadFlow() {
    const flow = await leadFlow();
    const { id } = await flow.workspace();
    const legalSaves = (count: number, also?: (index: number) => Promise<unknown>) =>
      legalSettingsSavesAfterReads(t.db, { workspaceId: id, actorId: flow.user.id }, count, also);
    /** The workspace as a request reads it (followed by an armed legal-settings save). */
    const requestRead = async () => (await findWorkspaceById(t.db, id))!;
    /** Bea, an editor, saves `document` on `version` right after the legal-settings save of `index`. */
    const beaSavesAfter = async (index: number, version: number, document: FlowDocument) => {
      const bea = await signUpTestUser(t.db, "Bea");
      await addMember(t.db, id, bea.id, "editor");
      return legalSaves(index + 1, async (at) => {
        if (at !== index) return;
        await saveFlow(t.db, {
          workspace: await flow.workspace(),
          userId: bea.id,
          flowId: flow.leads.id,
          expectedVersion: version,
          document,
        });
      });
    };
    return { ...flow, legalSaves, requestRead, beaSavesAfter, theirs: { ...flow.leads.document, name: "Leads (Bea)" } as FlowDocument };
  }

  /** The lead flow published as version 1 and saved once since. */
  async function publishedAndEdited() {
    const flow = await racedLeadFlow();
    const { user, leads, edited } = flow;
    await publishFlow(t.db, { workspace: await flow.workspace(), userId: user.id, flowId: leads.id });
    await saveFlow(t.db, {
      workspace: await flow.workspace(),
      userId: user.id,
      flowId: leads.id,
      expectedVersion: leads.version,
      document: edited,
    });
    return { ...flow, draftVersion: leads.version + 1 };
  }

  const restoreEntries = async (flowId: string) =>
    t.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "flow.restoreVersion"), eq(auditLog.targetId, flowId)));

  it.each([1, LEGAL_RECHECK_ATTEMPTS - 1])("stores a save that %i legal-settings save(s) raced, checked with the last", async (count) => {
    const { user, workspace, leads, edited, legalSaves, requestRead } = await racedLeadFlow();
    const saves = legalSaves(count);
    const saved = await saveFlow(t.db, {
      workspace: await requestRead(),
      userId: user.id,
      flowId: leads.id,
      expectedVersion: leads.version,
      document: edited,
    });
    expect(saves.committed()).toBe(count);
    expect(saved.version).toBe(leads.version + 1);
    expect((await storedFlow(leads.id)).document).toBe(JSON.stringify(edited));
    expect(saved.diagnostics).toEqual(await expectCheckedWithCurrentSettings(leads.id, edited, workspace));
  });

  it.each([LEGAL_RECHECK_ATTEMPTS, LEGAL_RECHECK_ATTEMPTS + 2])(
    "answers a save that %i legal-settings saves raced with LEGAL_SETTINGS_CHANGING, writes nothing, and takes it when sent again",
    async (count) => {
      const { user, workspace, leads, edited, legalSaves, requestRead } = await racedLeadFlow();
      const saves = legalSaves(count);
      const request = { userId: user.id, flowId: leads.id, expectedVersion: leads.version, document: edited };
      const refused = saveFlow(t.db, { ...request, workspace: await requestRead() });
      await expect(refused).rejects.toMatchObject({ code: "LEGAL_SETTINGS_CHANGING", params: { seconds: expect.any(Number) } });
      expect(saves.committed()).toBe(LEGAL_RECHECK_ATTEMPTS);
      saves.disarm();
      // Nothing written: the draft keeps its version and document; its findings are the legal saves' own re-check.
      const row = await storedFlow(leads.id);
      expect([row.version, row.document]).toEqual([leads.version, JSON.stringify(leads.document)]);
      await expectCheckedWithCurrentSettings(leads.id, leads.document, workspace);

      // The editor sends the same save again: it is stored on the version it was based on.
      expect((await saveFlow(t.db, { ...request, workspace: await requestRead() })).version).toBe(leads.version + 1);
      await expectCheckedWithCurrentSettings(leads.id, edited, workspace);
    },
  );

  it("still answers a save with VERSION_CONFLICT naming the other person's version when someone saved during the race", async () => {
    const { user, workspace, leads, edited, requestRead, beaSavesAfter, theirs } = await racedLeadFlow();
    await beaSavesAfter(1, leads.version, theirs);
    const mine = saveFlow(t.db, {
      workspace: await requestRead(),
      userId: user.id,
      flowId: leads.id,
      expectedVersion: leads.version,
      document: edited,
    });
    await expect(mine).rejects.toMatchObject({
      code: "VERSION_CONFLICT",
      details: { currentVersion: leads.version + 1, updatedByName: "Bea" },
    });
    expect((await storedFlow(leads.id)).document).toBe(JSON.stringify(theirs));
    await expectCheckedWithCurrentSettings(leads.id, theirs, workspace);
  });

  it.each([1, LEGAL_RECHECK_ATTEMPTS - 1])(
    "restores a version that %i legal-settings save(s) raced, checked with the last",
    async (count) => {
      const { user, workspace, leads, legalSaves, requestRead, draftVersion } = await publishedAndEdited();
      const saves = legalSaves(count);
      const restored = await restoreVersion(t.db, {
        workspace: await requestRead(),
        userId: user.id,
        flowId: leads.id,
        number: 1,
        expectedVersion: draftVersion,
      });
      expect(saves.committed()).toBe(count);
      expect([restored.version, (await storedFlow(leads.id)).version]).toEqual([draftVersion + 1, draftVersion + 1]);
      await expectCheckedWithCurrentSettings(leads.id, restored.document, workspace);
      expect(await restoreEntries(leads.id)).toHaveLength(1);
    },
  );

  it.each([LEGAL_RECHECK_ATTEMPTS, LEGAL_RECHECK_ATTEMPTS + 2])(
    "answers a restore that %i legal-settings saves raced with LEGAL_SETTINGS_CHANGING and restores nothing",
    async (count) => {
      const { user, workspace, leads, edited, legalSaves, requestRead, draftVersion } = await publishedAndEdited();
      const saves = legalSaves(count);
      const request = { userId: user.id, flowId: leads.id, number: 1, expectedVersion: draftVersion };
      await expect(restoreVersion(t.db, { ...request, workspace: await requestRead() })).rejects.toMatchObject({
        code: "LEGAL_SETTINGS_CHANGING",
      });
      expect(saves.committed()).toBe(LEGAL_RECHECK_ATTEMPTS);
      saves.disarm();
      const row = await storedFlow(leads.id);
      expect([row.version, row.document]).toEqual([draftVersion, JSON.stringify(edited)]);
      expect(await restoreEntries(leads.id)).toEqual([]);

      const again = await restoreVersion(t.db, { ...request, workspace: await requestRead() });
      expect(again.version).toBe(draftVersion + 1);
      await expectCheckedWithCurrentSettings(leads.id, again.document, workspace);
    },
  );

  it("still answers a restore with VERSION_CONFLICT naming the other person's version when someone saved during the race", async () => {
    const { user, leads, requestRead, beaSavesAfter, theirs, draftVersion } = await publishedAndEdited();
    await beaSavesAfter(1, draftVersion, theirs);
    const restore = restoreVersion(t.db, {
      workspace: await requestRead(),
      userId: user.id,
      flowId: leads.id,
      number: 1,
      expectedVersion: draftVersion,
    });
    await expect(restore).rejects.toMatchObject({
      code: "VERSION_CONFLICT",
      details: { currentVersion: draftVersion + 1, updatedByName: "Bea" },
    });
    expect((await storedFlow(leads.id)).document).toBe(JSON.stringify(theirs));
    expect(await restoreEntries(leads.id)).toEqual([]);
  });

  // A new flow is stored under a share lock on the workspace (insertFlow): a legal-settings save comes wholly
  // before it (its settings are read under the lock) or after it (it re-checks the new flow). There is no
  // write to refuse, so no number of legal-settings saves makes it answer anything but the new flow.
  it.each([1, LEGAL_RECHECK_ATTEMPTS + 2])(
    "creates and duplicates a flow after %i legal-settings saves since the request's read",
    async (count) => {
      const { user, workspace, leads, requestRead } = await racedLeadFlow();
      const stale = await requestRead();
      for (let index = 0; index < count; index++) {
        await saveLegalSettings(t.db, {
          workspace: stale,
          actorId: user.id,
          settings: index % 2 === 0 ? withoutProcessors : COMPLETE_LEGAL_SETTINGS,
        });
      }
      const created = await createFlow(t.db, {
        workspace: stale,
        userId: user.id,
        templateId: "leadCapture",
        name: "More leads",
        locale: "de",
      });
      await expectCheckedWithCurrentSettings(created.id, created.document, workspace);
      const copy = await duplicateFlow(t.db, { workspace: stale, userId: user.id, flowId: leads.id, name: "Copy" });
      await expectCheckedWithCurrentSettings(copy.id, copy.document, workspace);
    },
  );
});

describe("legal settings: public links, registrable processor domains, countries", () => {
  const processor = { name: "CRM", domain: "crm.example.com", purpose: "Leads", dpaSigned: true };

  it('refuses a processor domain that is only a suffix ("com", "co.uk") and stores nothing', async () => {
    const { user, workspace } = await setup();
    await saveLegalSettings(t.db, { workspace: await workspace(), actorId: user.id, settings: COMPLETE_LEGAL_SETTINGS });
    for (const domain of ["com", "co.uk", "https://co.uk/", "github.io"]) {
      await expect(
        saveLegalSettings(t.db, {
          workspace: await workspace(),
          actorId: user.id,
          settings: { ...COMPLETE_LEGAL_SETTINGS, processors: [{ ...processor, domain }] },
        }),
      ).rejects.toThrow("validation.domainNotRegistrable");
    }
    expect(legalSettingsOf(await workspace()).processors.map((p) => p.domain)).toEqual(["crm.example.com"]);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.action, "legal.update"))).toHaveLength(1);
  });

  it('refuses "https://x", "https://localhost/" and IP links, and a privacy contact that is no e-mail or https link', async () => {
    const { user, workspace } = await setup();
    const save = async (changes: Partial<typeof COMPLETE_LEGAL_SETTINGS>) =>
      saveLegalSettings(t.db, { workspace: await workspace(), actorId: user.id, settings: { ...COMPLETE_LEGAL_SETTINGS, ...changes } });
    await expect(save({ impressumUrl: "https://x" })).rejects.toThrow("validation.publicUrl");
    await expect(save({ privacyPolicyUrl: "https://localhost/" })).rejects.toThrow("validation.publicUrl");
    await expect(save({ impressumUrl: "https://192.168.0.1/impressum" })).rejects.toThrow("validation.publicUrl");
    await expect(save({ privacyContact: "Frau Müller" })).rejects.toThrow("validation.privacyContact");
    await save({ privacyContact: "https://www.example.com/datenschutz-kontakt" });
  });

  it("stores country and transfer basis, upper-cases the country and reads older rows as not given", async () => {
    const { user, workspace } = await setup();
    const saved = await saveLegalSettings(t.db, {
      workspace: await workspace(),
      actorId: user.id,
      settings: {
        ...COMPLETE_LEGAL_SETTINGS,
        processors: [
          { ...processor, country: "de", transferBasis: "" },
          { ...processor, name: "Mail", domain: "mail.example.net", country: "US", transferBasis: "dpf" },
        ],
      },
    });
    expect(saved.settings.processors.map((p) => [p.country, p.transferBasis])).toEqual([
      ["DE", null],
      ["US", "dpf"],
    ]);
    expect(legalSettingsOf(await workspace()).processors[1]).toMatchObject({ country: "US", transferBasis: "dpf" });
    await expect(
      saveLegalSettings(t.db, {
        workspace: await workspace(),
        actorId: user.id,
        settings: { ...COMPLETE_LEGAL_SETTINGS, processors: [{ ...processor, country: "XX" }] },
      }),
    ).rejects.toThrow("validation.countryInvalid");
    // A row written before the fields existed.
    await t.db
      .update(workspaces)
      .set({ processors: [processor] })
      .where(eq(workspaces.id, (await workspace()).id));
    expect(legalSettingsOf(await workspace()).processors[0]).toMatchObject({ country: "", transferBasis: null });
  });

  it("answers the tRPC save with BAD_REQUEST naming the field and the problem", async () => {
    const { owner, slug } = await workspaceWithOwner(t.db, { name: "Router Legal" });
    const refused = await owner.legal
      .save({ workspaceSlug: slug, ...COMPLETE_LEGAL_SETTINGS, processors: [{ ...processor, domain: "com" }] })
      .then(
        () => null,
        (error: { code: string; cause?: { issues?: { path: PropertyKey[]; message: string }[] } }) => error,
      );
    expect(refused?.code).toBe("BAD_REQUEST");
    expect(refused?.cause?.issues?.[0]).toMatchObject({ path: ["processors", 0, "domain"], message: "validation.domainNotRegistrable" });
    const stored = await owner.legal.get({ workspaceSlug: slug });
    expect(stored.processors.map((p) => p.domain)).toEqual(["crm.example.com"]);
    await owner.legal.save({
      workspaceSlug: slug,
      ...COMPLETE_LEGAL_SETTINGS,
      processors: [{ ...processor, country: "CH", transferBasis: "adequacy" }],
    });
    expect((await owner.legal.get({ workspaceSlug: slug })).processors[0]).toMatchObject({ country: "CH", transferBasis: "adequacy" });
  });
});

describe("deleting a workspace", () => {
  it("needs the exact name and then removes everything in it", async () => {
    const { user, workspace } = await setup();
    await createFlow(t.db, { workspace: await workspace(), userId: user.id, templateId: "default", name: "Hello", locale: "en" });
    await expect(deleteWorkspace(t.db, { workspace: await workspace(), actorId: user.id, confirmName: "Legal" })).rejects.toThrow(
      expect.objectContaining({ code: "CONFIRMATION_MISMATCH" }),
    );
    const id = (await workspace()).id;
    await deleteWorkspace(t.db, { workspace: await workspace(), actorId: user.id, confirmName: "Legal Shop" });
    expect(await t.db.select().from(workspaces).where(eq(workspaces.id, id))).toEqual([]);
    expect(await t.db.select().from(flows)).toEqual([]);
    expect(await t.db.select().from(auditLog).where(eq(auditLog.workspaceId, id))).toEqual([]);
  });
});
