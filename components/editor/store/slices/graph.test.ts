import { beforeAll, describe, expect, it } from "vitest";
import { autofix } from "@/core/compliance";
import { graphToDocument } from "../../model/document";
import { loadEngine } from "../../model/engine";
import { storeOnTemplate } from "./testInit";

const ofType = (store: ReturnType<typeof storeOnTemplate>, type: string) =>
  store.getState().history.present.nodes.filter((n) => n.type === type);

describe("graph slice: edits and history", () => {
  it("adds a step as one undo step that needs saving and checking; undo and redo bring it back and forth", () => {
    const store = storeOnTemplate();
    const before = store.getState().history.present.nodes.length;
    const id = store.getState().addStep("delay", { x: 900, y: 900 });
    const state = store.getState();
    expect(state.history.present.nodes).toHaveLength(before + 1);
    expect(state.history.present.nodes.find((n) => n.id === id)?.selected).toBe(true);
    expect(state.history.past).toHaveLength(1);
    expect(state).toMatchObject({ revision: 1, contentRevision: 1, saveStatus: "dirty" });

    state.undo();
    expect(store.getState().history.present.nodes).toHaveLength(before);
    expect(store.getState().revision).toBe(2);
    store.getState().redo();
    expect(store.getState().history.present.nodes.some((n) => n.id === id)).toBe(true);
    expect(store.getState().history.future).toHaveLength(0);
  });

  it("writes {company} into the texts of a compliance step it adds, never the workspace's display name", () => {
    const store = storeOnTemplate();
    const id = store.getState().addStep("botDisclosure", { x: 900, y: 900 });
    const text = (store.getState().history.present.nodes.find((n) => n.id === id)?.data as { text?: string }).text ?? "";
    expect(text).toContain("{company}");
    expect(text).not.toContain("Muster GmbH");
  });

  it("merges quick typing in one field into one undo step", () => {
    const store = storeOnTemplate();
    for (const name of ["N", "Ne", "New"]) store.getState().updateMeta({ name }, "name");
    expect(store.getState().history.present.meta.name).toBe("New");
    expect(store.getState().history.past).toHaveLength(1);
    expect(store.getState().revision).toBe(3);
    store.getState().undo();
    expect(store.getState().history.present.meta.name).toBe("Test");
  });

  it("counts a layout as a change to save but not one to check", () => {
    const store = storeOnTemplate();
    store.getState().applyLayout(new Map([["welcome", { x: 5, y: 7 }]]));
    expect(store.getState()).toMatchObject({ revision: 1, contentRevision: 0 });
    expect(store.getState().history.present.nodes.find((n) => n.id === "welcome")?.position).toEqual({ x: 5, y: 7 });
  });

  it("turns a whole drag into one undo step and keeps a pending conflict", () => {
    const store = storeOnTemplate();
    store.getState().markConflict(3, "Ada");
    const start = store.getState().history.present.nodes.find((n) => n.id === "welcome")!.position;
    for (const x of [10, 20, 30]) {
      store.getState().onNodesChange([{ type: "position", id: "welcome", position: { x, y: 0 }, dragging: true }]);
    }
    expect(store.getState().dragOrigin).not.toBeNull();
    expect(store.getState().revision).toBe(0);
    store.getState().onNodesChange([{ type: "position", id: "welcome", position: { x: 40, y: 0 }, dragging: false }]);
    const state = store.getState();
    expect(state.dragOrigin).toBeNull();
    expect(state.history.past).toHaveLength(1);
    expect(state.history.past[0].nodes.find((n) => n.id === "welcome")!.position).toEqual(start);
    expect(state.history.present.nodes.find((n) => n.id === "welcome")!.position).toEqual({ x: 40, y: 0 });
    expect(state).toMatchObject({ revision: 1, contentRevision: 0, saveStatus: "conflict" });
  });

  it("ignores removals from the canvas (they go through the guarded delete) and moves by viewers", () => {
    const store = storeOnTemplate({ canEdit: false });
    store.getState().onNodesChange([{ type: "remove", id: "welcome" }]);
    store.getState().onNodesChange([{ type: "position", id: "welcome", position: { x: 1, y: 1 }, dragging: false }]);
    expect(store.getState().history.present.nodes.some((n) => n.id === "welcome")).toBe(true);
    expect(store.getState().revision).toBe(0);
  });

  it("refuses a second connection from one output and says why", () => {
    const store = storeOnTemplate();
    const refusal = store.getState().connect({ source: "welcome", sourceHandle: "next", target: "end-declined" });
    expect(refusal).not.toBeNull();
    expect(store.getState().revision).toBe(0);
  });
});

describe("graph slice: automatic compliance steps", () => {
  beforeAll(async () => {
    await loadEngine();
  });

  it("moves the consent in front of a question dropped ahead of it instead of asking twice, as its own undo step", () => {
    const store = storeOnTemplate();
    const edge = store.getState().history.present.edges.find((e) => e.source === "privacy" && e.target === "consent")!;
    expect(ofType(store, "consent")).toHaveLength(1);
    store.getState().addStep("input", { x: 0, y: 0 }, edge.id);
    expect(ofType(store, "consent")).toHaveLength(1);
    const input = ofType(store, "input")[0];
    const edges = store.getState().history.present.edges;
    expect(edges.find((e) => e.source === "consent" && e.sourceHandle === "accept")?.target).toBe(input.id);
    expect(edges.find((e) => e.source === "privacy")?.target).toBe("consent");
    expect(store.getState().history.past).toHaveLength(2);
    // Announced like an insertion, so the marketer sees the flow changed and can undo it.
    expect(store.getState().autoInserted).toMatchObject({
      inserted: [],
      moved: [{ nodeId: "consent", type: "consent", beforeNodeId: input.id }],
    });

    store.getState().undoAutoInserted();
    expect(store.getState().autoInserted).toBeNull();
    expect(ofType(store, "consent")).toHaveLength(1);
    expect(ofType(store, "input")).toHaveLength(1);
  });
  it("announces the steps an explicit fix moved as well as those it inserted, and nothing when it did neither", () => {
    const store = storeOnTemplate();
    const edge = store.getState().history.present.edges.find((e) => e.source === "privacy" && e.target === "consent")!;
    store.getState().addStep("input", { x: 0, y: 0 }, edge.id);
    store.getState().undoAutoInserted();
    const fixed = autofix(graphToDocument(store.getState().history.present), { company: "Muster GmbH" });
    expect(fixed.moved.map((m) => m.nodeId)).toEqual(["consent"]);
    const pastBefore = store.getState().history.past.length;
    store.getState().applyInsertions(fixed.document, fixed.inserted, fixed.moved);
    expect(store.getState().history.past).toHaveLength(pastBefore + 1);
    expect(store.getState().autoInserted?.moved.map((m) => [m.nodeId, m.type])).toEqual([["consent", "consent"]]);

    store.getState().applyInsertions(fixed.document, [], []);
    expect(store.getState().autoInserted).toBeNull();
  });

  it("makes arrow-key moves (position changes without a drag) undoable, quick presses as one step", () => {
    const store = storeOnTemplate();
    const start = store.getState().history.present.nodes.find((n) => n.id === "welcome")!.position;
    for (const dx of [5, 10, 15]) {
      store.getState().onNodesChange([{ id: "welcome", type: "position", position: { x: start.x + dx, y: start.y }, dragging: false }]);
    }
    expect(store.getState().history.present.nodes.find((n) => n.id === "welcome")!.position.x).toBe(start.x + 15);
    expect(store.getState().history.past).toHaveLength(1);
    expect(store.getState()).toMatchObject({ saveStatus: "dirty", contentRevision: 0 });
    store.getState().undo();
    expect(store.getState().history.present.nodes.find((n) => n.id === "welcome")!.position).toEqual(start);
  });
});
