import { beforeAll, describe, expect, it } from "vitest";
import { loadEngine } from "../../model/engine";
import { storeOnTemplate } from "./testInit";

const nodes = (store: ReturnType<typeof storeOnTemplate>) => store.getState().history.present.nodes;

describe("selection slice", () => {
  it("selects one step without an undo step or a save", () => {
    const store = storeOnTemplate();
    store.getState().selectOnly("welcome");
    expect(
      nodes(store)
        .filter((n) => n.selected)
        .map((n) => n.id),
    ).toEqual(["welcome"]);
    store.getState().selectOnly(null);
    expect(nodes(store).some((n) => n.selected)).toBe(false);
    expect(store.getState()).toMatchObject({ revision: 0, saveStatus: "saved" });
    expect(store.getState().history.past).toHaveLength(0);
  });

  it("pastes copies under new ids, each paste a little further on", () => {
    const store = storeOnTemplate();
    store.getState().selectOnly("welcome");
    expect(store.getState().copySelection()).toBe(1);
    const original = nodes(store).find((n) => n.id === "welcome")!;
    expect(store.getState().paste()).toBe(1);
    expect(store.getState().paste()).toBe(1);
    const messages = nodes(store).filter((n) => n.type === "message");
    expect(new Set(messages.map((n) => n.id)).size).toBe(3);
    const copies = messages.filter((n) => n.id !== "welcome");
    expect(copies.map((n) => n.position)).toEqual([
      { x: original.position.x + 40, y: original.position.y + 40 },
      { x: original.position.x + 80, y: original.position.y + 80 },
    ]);
    expect(copies.every((n) => n.data.text === original.data.text)).toBe(true);
  });

  it("duplicates the selection without touching the clipboard", () => {
    const store = storeOnTemplate();
    store.getState().selectOnly("welcome");
    expect(store.getState().duplicateSelection()).toBe(1);
    expect(store.getState().clipboard).toBeNull();
    expect(nodes(store).filter((n) => n.type === "message")).toHaveLength(2);
  });

  it("keeps the highlight of a finding's path until it is replaced", () => {
    const store = storeOnTemplate();
    const highlight = { nodeIds: new Set(["start", "welcome"]), edgeIds: new Set<string>() };
    store.getState().setHighlight(highlight);
    expect(store.getState().highlight).toBe(highlight);
    store.getState().setHighlight(null);
    expect(store.getState().highlight).toBeNull();
  });

  it("without the rulebook loaded, never deletes a compliance step", () => {
    const store = storeOnTemplate();
    store.getState().selectOnly("consent");
    expect(store.getState().deleteSelection()).toBeNull();
    expect(nodes(store).some((n) => n.id === "consent")).toBe(true);
    expect(store.getState().revision).toBe(0);
  });

  describe("with the rulebook", () => {
    beforeAll(async () => {
      await loadEngine();
    });

    it("deletes an ordinary step, and refuses a compliance step that is still needed, naming it", () => {
      const store = storeOnTemplate();
      store.getState().selectOnly("welcome");
      expect(store.getState().deleteSelection()).toBeNull();
      expect(nodes(store).some((n) => n.id === "welcome")).toBe(false);

      store.getState().selectOnly("disclosure");
      const refusal = store.getState().deleteSelection();
      expect(refusal?.blockedBy).toBe("disclosure");
      expect(refusal?.reason).toMatch(/\w/);
      expect(nodes(store).some((n) => n.id === "disclosure")).toBe(true);
    });
    it("deletes the step with keyboard focus, not the selected one, with the same guard", () => {
      const store = storeOnTemplate();
      store.getState().selectOnly("start");
      expect(store.getState().deleteElement("node", "welcome")).toBeNull();
      expect(nodes(store).some((n) => n.id === "welcome")).toBe(false);
      expect(nodes(store).some((n) => n.id === "start")).toBe(true);
      expect(store.getState().deleteElement("node", "disclosure")?.blockedBy).toBe("disclosure");
      const edge = store.getState().history.present.edges[0];
      expect(store.getState().deleteElement("edge", edge.id)).toBeNull();
      expect(store.getState().history.present.edges.some((e) => e.id === edge.id)).toBe(false);
      store.getState().undo();
      expect(store.getState().history.present.edges.some((e) => e.id === edge.id)).toBe(true);
    });
  });
});
