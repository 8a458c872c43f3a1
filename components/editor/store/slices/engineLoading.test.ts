import { expect, it } from "vitest";
import { loadedEngine, loadEngine } from "../../model/engine";
import { storeOnTemplate } from "./testInit";

// Its own file: the engine module loads once per file, and this test needs it not yet loaded.
it("an edit made while the compliance engine is still loading gets its insertion once the engine is there, as its own undo step", async () => {
  expect(loadedEngine()).toBeNull();
  const store = storeOnTemplate();
  const edge = store.getState().history.present.edges.find((e) => e.source === "disclosure" && e.target === "privacy")!;
  const input = store.getState().addStep("input", { x: 0, y: 0 }, edge.id);
  expect(store.getState().autoInserted).toBeNull();
  expect(store.getState().history.past).toHaveLength(1);

  await loadEngine();
  const state = store.getState();
  expect(state.uncheckedSince).toBeNull();
  expect(state.history.past).toHaveLength(2);
  expect(state.autoInserted?.moved.map((m) => [m.nodeId, m.beforeNodeId]).sort()).toEqual([
    ["consent", input],
    ["privacy", input],
  ]);
  const edges = state.history.present.edges;
  expect(edges.find((e) => e.source === "consent" && e.sourceHandle === "accept")?.target).toBe(input);

  // Undo takes back the insertion only: the dropped question stays.
  state.undoAutoInserted();
  expect(store.getState().history.present.nodes.some((n) => n.id === input)).toBe(true);
  expect(store.getState().history.present.edges.find((e) => e.source === "disclosure")?.target).toBe(input);
});

it("edits undone before the engine arrives leave nothing to insert", async () => {
  const store = storeOnTemplate();
  // The engine is loaded by now (the test above); a store on a fresh page would start with it missing.
  store.setState({ uncheckedSince: store.getState().history.present });
  store.getState().checkUncheckedEdits();
  expect(store.getState()).toMatchObject({ uncheckedSince: null, autoInserted: null });
  expect(store.getState().history.past).toHaveLength(0);
});
