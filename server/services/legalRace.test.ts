import { and, eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { auditLog, flows } from "@/db/schema";
import type { FlowDocument } from "@/core/flow";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { addMember, COMPLETE_LEGAL_SETTINGS, signUpTestUser, workspaceRow } from "@/server/testing/fixtures";
import { legalSavesAfterReads } from "@/server/testing/legalRace";
import { checkDocument, createFlow, duplicateFlow, LEGAL_RECHECK_ATTEMPTS, saveFlow } from "./flows";
import { saveLegalSettings } from "./legalSettings";
import { publishFlow, restoreVersion } from "./versions";
import { createWorkspace, findWorkspaceById } from "./workspaces";

// Every read of a workspace can be followed by a legal-settings save committed right after it (see legalRace.ts).
vi.mock("./workspaces", async (original) =>
  (await import("@/server/testing/legalRace")).withLegalSavesAfterReads(await original<typeof import("./workspaces")>()),
);

/*
 * A draft write (save, restore) while an admin saves the legal settings again and again: each
 * legal-settings save re-checks every draft, so findings checked with the settings read before
 * it are refused, and the write checks again with the settings as they are now. When that keeps
 * happening the answer is a retryable LEGAL_SETTINGS_CHANGING with nothing written, never a
 * VERSION_CONFLICT naming the editor's own version. A save by someone else in the middle is
 * still a VERSION_CONFLICT naming theirs.
 */

let t: TestDb;
beforeEach(async () => {
  t = await createTestDb();
});
afterEach(() => t.close());

// Without the CRM processor the lead flow's webhook is undeclared: the settings alternate between two that judge it differently.
const withoutProcessors = { ...COMPLETE_LEGAL_SETTINGS, processors: [] };

async function leadFlow() {
  const user = await signUpTestUser(t.db, "Olga");
  const { id } = await createWorkspace(t.db, { userId: user.id, name: "Race Shop" });
  const workspace = () => workspaceRow(t.db, id);
  await saveLegalSettings(t.db, { workspace: await workspace(), actorId: user.id, settings: COMPLETE_LEGAL_SETTINGS });
  const leads = await createFlow(t.db, {
    workspace: await workspace(),
    userId: user.id,
    templateId: "leadCapture",
    name: "Leads",
    locale: "de",
  });
  const edited = { ...leads.document, name: "Leads (edited)" } as FlowDocument;
  /**
   * The next `count` reads of the workspace (the request's, then each re-read after a refused write)
   * are each followed by a legal-settings save; `also` runs after the save of that index.
   */
  const legalSaves = (count: number, also?: (index: number) => Promise<unknown>) =>
    legalSavesAfterReads(id, count, async (index) => {
      await saveLegalSettings(t.db, {
        workspace: await workspace(),
        actorId: user.id,
        settings: index % 2 === 0 ? withoutProcessors : COMPLETE_LEGAL_SETTINGS,
      });
      await also?.(index);
    });
  /** The workspace as a request reads it (followed by an armed legal-settings save). */
  const requestRead = async () => (await findWorkspaceById(t.db, id))!;
  return { user, id, workspace, leads, edited, legalSaves, requestRead };
}

async function storedFlow(id: string) {
  return (await t.db.select().from(flows).where(eq(flows.id, id)).limit(1))[0]!;
}

/** The stored findings are those of a check with the settings stored now, and say so. */
async function expectCheckedWithCurrentSettings(flowId: string, document: FlowDocument, workspace: () => ReturnType<typeof workspaceRow>) {
  const now = await workspace();
  const expected = checkDocument(document, now).diagnostics;
  const row = await storedFlow(flowId);
  expect(row.diagnostics).toEqual(expected);
  expect([row.errorCount, row.findingsLegalVersion]).toEqual([expected.filter((d) => d.severity === "error").length, now.legalVersion]);
}

const restoreEntries = async (flowId: string) =>
  t.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "flow.restoreVersion"), eq(auditLog.targetId, flowId)));

describe("a save while the legal settings keep changing", () => {
  it.each([1, LEGAL_RECHECK_ATTEMPTS - 1])("stores a save that %i legal-settings save(s) raced, checked with the last", async (count) => {
    const { user, workspace, leads, edited, legalSaves, requestRead } = await leadFlow();
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
    await expectCheckedWithCurrentSettings(leads.id, edited, workspace);
    expect(saved.diagnostics).toEqual((await storedFlow(leads.id)).diagnostics);
  });

  it.each([LEGAL_RECHECK_ATTEMPTS, LEGAL_RECHECK_ATTEMPTS + 2])(
    "answers a save that %i legal-settings saves raced with LEGAL_SETTINGS_CHANGING, writes nothing, and takes it when sent again",
    async (count) => {
      const { user, workspace, leads, edited, legalSaves, requestRead } = await leadFlow();
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
      const again = await saveFlow(t.db, { ...request, workspace: await requestRead() });
      expect(again.version).toBe(leads.version + 1);
      await expectCheckedWithCurrentSettings(leads.id, edited, workspace);
    },
  );

  it("still answers VERSION_CONFLICT naming the other person's version when someone saved during the race", async () => {
    const { user, id, workspace, leads, edited, legalSaves, requestRead } = await leadFlow();
    const bea = await signUpTestUser(t.db, "Bea");
    await addMember(t.db, id, bea.id, "editor");
    const theirs = { ...leads.document, name: "Leads (Bea)" } as FlowDocument;
    // The second legal-settings save comes with Bea's save of the draft.
    legalSaves(2, async (index) => {
      if (index !== 1) return;
      await saveFlow(t.db, {
        workspace: await workspace(),
        userId: bea.id,
        flowId: leads.id,
        expectedVersion: leads.version,
        document: theirs,
      });
    });
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
    const row = await storedFlow(leads.id);
    expect([row.version, row.document]).toEqual([leads.version + 1, JSON.stringify(theirs)]);
    await expectCheckedWithCurrentSettings(leads.id, theirs, workspace);
  });
});

describe("a restore while the legal settings keep changing", () => {
  /** The lead flow published as version 1 and saved once since (draft version 2). */
  async function publishedAndEdited() {
    const flow = await leadFlow();
    await publishFlow(t.db, { workspace: await flow.workspace(), userId: flow.user.id, flowId: flow.leads.id });
    await saveFlow(t.db, {
      workspace: await flow.workspace(),
      userId: flow.user.id,
      flowId: flow.leads.id,
      expectedVersion: flow.leads.version,
      document: flow.edited,
    });
    return { ...flow, draftVersion: flow.leads.version + 1 };
  }

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
      expect(restored.version).toBe(draftVersion + 1);
      expect((await storedFlow(leads.id)).version).toBe(draftVersion + 1);
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

  it("still answers VERSION_CONFLICT naming the other person's version when someone saved during the race", async () => {
    const { user, id, workspace, leads, legalSaves, requestRead, draftVersion } = await publishedAndEdited();
    const bea = await signUpTestUser(t.db, "Bea");
    await addMember(t.db, id, bea.id, "editor");
    const theirs = { ...leads.document, name: "Leads (Bea)" } as FlowDocument;
    legalSaves(2, async (index) => {
      if (index !== 1) return;
      await saveFlow(t.db, {
        workspace: await workspace(),
        userId: bea.id,
        flowId: leads.id,
        expectedVersion: draftVersion,
        document: theirs,
      });
    });
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
});

describe("a new flow while the legal settings keep changing", () => {
  // A new flow is stored under a share lock on the workspace (insertFlow): a legal-settings save comes wholly
  // before it (its settings are read under the lock) or after it (it re-checks the new flow). There is no
  // write to refuse, so no number of legal-settings saves makes it answer anything but the new flow.
  it.each([1, LEGAL_RECHECK_ATTEMPTS + 2])(
    "creates and duplicates a flow after %i legal-settings saves since the request's read",
    async (count) => {
      const { user, workspace, leads, requestRead } = await leadFlow();
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
