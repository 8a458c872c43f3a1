import { formatDiagnostic } from "@/core/compliance";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Diagnostic } from "@/core/compliance";
import type { FlowDocument } from "@/core/flow";
import { createTestDb, type TestDb } from "@/server/testing/db";
import { workspaceWithOwner } from "@/server/testing/fixtures";
import { loadEngine } from "../../model/engine";
import { checkDraft } from "../liveCheck";
import { createLiveCheckClient } from "../liveCheckClient";
import { findingKey } from "./selection";
import { storeOnTemplate } from "./testInit";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The live check as the editor runs it (in Node there is no worker: the same check in this thread), counting its runs. */
function countingChecker(store: ReturnType<typeof storeOnTemplate>) {
  const client = createLiveCheckClient();
  const runs: FlowDocument[] = [];
  const check = (document: FlowDocument) => {
    runs.push(document);
    return client.check(document, store.getState().legal, "en");
  };
  return { check, runs };
}

describe("checks slice: the live check", () => {
  it("does not check on opening (the server's stored findings stand), then checks after changes that can change the result, not after moves", async () => {
    // With the engine there, automatic insertions happen within the edit that needs them (no later extra change).
    await loadEngine();
    const stored: Diagnostic[] = [{ rule: "graph.deadEnd", severity: "warning", nodeId: "welcome", params: {} }];
    const store = storeOnTemplate({ diagnostics: stored });
    const { check, runs } = countingChecker(store);
    const stop = store.getState().startLiveCheck(check, { delayMs: 10 });
    await sleep(40);
    // Nothing to load for someone who only looks: the worker starts with the first change.
    expect(runs).toHaveLength(0);
    expect(store.getState().diagnostics).toEqual(stored);
    expect(store.getState().validating).toBe(false);

    store.getState().applyLayout(new Map([["welcome", { x: 1, y: 1 }]]));
    await sleep(40);
    expect(runs).toHaveLength(0);

    // A question without a purpose straight after the start: it collects data before any consent,
    // and no inserted consent could name what for, so the finding stays for the marketer.
    const id = store.getState().addStep("input", { x: 900, y: 0 });
    const question = store.getState().history.present.nodes.find((n) => n.id === id)!;
    if (question.type !== "input") throw new Error("expected a question");
    store.getState().updateData(id, { type: "input", data: { ...question.data, purpose: "" } }, "purpose");
    store.getState().setOutputTarget("start", "next", id);
    await sleep(60);
    expect(runs).toHaveLength(1); // three quick edits, one check
    const found = store.getState().diagnostics.find((d) => d.rule === "consent.beforeData");
    expect(found?.nodeId).toBe(id);
    expect(formatDiagnostic(found!, "en")).toMatch(/consent/i);
    expect(store.getState().issuesByNode[id]).toBe("error");
    stop();
  });

  it("drops a result that arrives after a newer edit", async () => {
    const store = storeOnTemplate();
    const stale: Diagnostic[] = [{ rule: "x", severity: "error", nodeId: "welcome", params: { error: "old" } }];
    const revision = store.getState().contentRevision;
    store.getState().updateMeta({ name: "Newer" }, "name");
    store.getState().setDiagnostics(stale, revision);
    expect(store.getState().diagnostics).toEqual([]);
    store.getState().setDiagnostics(stale, store.getState().contentRevision);
    expect(store.getState().issuesByNode).toEqual({ welcome: "error" });
  });

  it("keeps the findings shown when the check itself fails", async () => {
    const store = storeOnTemplate({ diagnostics: [{ rule: "legal.links", severity: "error", nodeId: null, params: { error: "stored" } }] });
    const stop = store.getState().startLiveCheck(() => Promise.reject(new Error("worker gone")), { delayMs: 0 });
    await sleep(20);
    expect(store.getState().diagnostics.map((d) => d.params.error)).toEqual(["stored"]);
    expect(store.getState().validating).toBe(false);
    stop();
  });
});

describe("the live check agrees with the server", () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await createTestDb();
  });
  afterEach(() => t.close());

  it("finds what saving finds, with and without legal settings", async () => {
    for (const legal of [true, false]) {
      await t.close();
      t = await createTestDb();
      const { owner, slug } = await workspaceWithOwner(t.db, { name: `Check Shop ${legal}`, legal });
      const flow = await owner.flows.create({ workspaceSlug: slug, templateId: "leadCapture", name: "Leads", locale: "de" });
      const opened = await owner.flows.get({ workspaceSlug: slug, flowId: flow.id });
      // Without its consent the lead question breaks a path rule.
      const consentId = opened.document.nodes.find((n) => n.type === "consent")!.id;
      const document = { ...opened.document, edges: opened.document.edges.filter((e) => e.source !== consentId && e.target !== consentId) };
      const saved = await owner.flows.save({ workspaceSlug: slug, flowId: flow.id, expectedVersion: 1, document, locale: "en" });
      expect(saved.diagnostics.length).toBeGreaterThan(0);
      expect(checkDraft(document, opened.legal, "en")).toEqual(saved.diagnostics);
    }
  });

  it("names the step of a schema error, as the server's refusal does", () => {
    const store = storeOnTemplate();
    const document = {
      ...store.getState().history.present.meta,
      nodes: [{ id: "broken", type: "message", position: { x: 0, y: 0 }, data: {} }],
      edges: [],
    };
    const found = checkDraft(document, null, "en");
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((d) => d.rule === "schema" && d.severity === "error")).toBe(true);
    expect(found.some((d) => d.nodeId === "broken")).toBe(true);
  });
  it("clears a finding's highlighted path once a check no longer finds it, and keeps it while it is still found", () => {
    const store = storeOnTemplate();
    const finding: Diagnostic = { rule: "consent.required", nodeId: "welcome", severity: "error", params: {} };
    store.getState().setDiagnostics([finding], 0);
    store.getState().setHighlight({ nodeIds: new Set(["welcome"]), edgeIds: new Set(), finding: findingKey(finding) });
    store.getState().setDiagnostics([finding], 0);
    expect(store.getState().highlight).not.toBeNull();
    store.getState().setDiagnostics([], 0);
    expect(store.getState().highlight).toBeNull();
  });
});
