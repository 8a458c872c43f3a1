import { describe, expect, it } from "vitest";
import { createFlowFromTemplate } from "@/core/flow";
import { documentToGraph } from "@/components/editor/model/document";
import type { CanvasNode } from "@/components/editor/model/types";
import { LIGHT_BOX, LIGHT_NOTE } from "@/components/editor/steps/levelOfDetail";
import { STEP_META } from "@/components/editor/steps/stepMeta";
import { createKeeper } from "./keeper";
import { createTitles, lightBoxes, shortTitle, type Box } from "./lightBoxes";

const graph = () =>
  documentToGraph(createFlowFromTemplate("default", { id: "flow-1", name: "Test", locale: "de", company: "Muster GmbH" }));
const titleOf = (node: CanvasNode) => `title of ${node.id}`;
const note: CanvasNode = { id: "note-1", type: "note", position: { x: 900, y: 40 }, data: { text: "Später prüfen" } };

describe("lightBoxes", () => {
  it("draws every step where it stands, at the light box's size, titled and coloured by its palette group", () => {
    const { nodes } = graph();
    const boxes = lightBoxes(nodes, undefined, {}, titleOf);
    expect(boxes.map((b) => b.id)).toEqual(nodes.map((n) => n.id));
    for (const [i, node] of nodes.entries()) {
      expect(boxes[i]).toMatchObject({
        type: node.type,
        x: node.position.x,
        y: node.position.y,
        width: LIGHT_BOX.width,
        height: LIGHT_BOX.height,
        title: `title of ${node.id}`,
        highlighted: false,
      });
      if (node.type !== "note") expect(boxes[i].look).toBe(STEP_META[node.type].group);
    }
  });

  it("shows a selected step over a highlighted one over one with an error, and a note without a title at its own size", () => {
    const [first, second, third, fourth] = graph().nodes;
    const nodes = [{ ...first, selected: true }, second, third, fourth, note, { ...note, id: "note-2", selected: true }];
    const highlight = new Set([first.id, second.id]);
    const issues = { [first.id]: "error", [second.id]: "error", [third.id]: "error", [fourth.id]: "warning" } as const;
    const boxes = lightBoxes(nodes, highlight, issues, titleOf);
    expect(boxes.map((b) => b.look)).toEqual([
      "selected",
      "highlighted",
      "error",
      STEP_META[fourth.type as keyof typeof STEP_META].group,
      "note",
      "selectedNote",
    ]);
    expect(boxes.map((b) => b.highlighted)).toEqual([true, true, false, false, false, false]);
    expect(boxes[4]).toMatchObject({ title: "", width: LIGHT_NOTE.width, height: LIGHT_NOTE.height });
  });

  it("cuts long titles with an ellipsis and leaves short ones whole", () => {
    expect(shortTitle("Begrüßung")).toBe("Begrüßung");
    const cut = shortTitle("Datenschutzhinweis für Newsletter");
    expect(cut.endsWith("…")).toBe(true);
    expect(cut.length).toBeLessThanOrEqual(16);
    expect("Datenschutzhinweis für Newsletter".startsWith(cut.slice(0, -1))).toBe(true);
  });

  it("keeps the objects of boxes that did not change when a step moves, so only its box is drawn again", () => {
    const { nodes } = graph();
    const keep = createKeeper<Box>();
    const first = keep(lightBoxes(nodes, undefined, {}, titleOf));
    const moving = nodes[2].id;
    const moved = nodes.map((n) => (n.id === moving ? { ...n, position: { x: n.position.x + 16, y: n.position.y } } : n));
    const second = keep(lightBoxes(moved, undefined, {}, titleOf));
    second.forEach((box, i) => (box.id === moving ? expect(box).not.toBe(first[i]) : expect(box).toBe(first[i])));
    expect(second.find((b) => b.id === moving)!.x).toBe(first.find((b) => b.id === moving)!.x + 16);
  });
});

describe("createTitles", () => {
  it("words a step once per data object, again when its data or type changes, and cuts the title to fit", () => {
    let worded = 0;
    const titles = createTitles((node) => {
      worded++;
      return node.type === "message" ? "Eine sehr lange Begrüßung" : "Ende";
    });
    const step = graph().nodes.find((n) => n.type === "message")!;
    expect(titles(step)).toBe(shortTitle("Eine sehr lange Begrüßung"));
    expect(titles({ ...step, position: { x: 1, y: 2 } })).toBe(shortTitle("Eine sehr lange Begrüßung"));
    expect(worded).toBe(1);
    expect(titles({ ...step, data: { ...step.data } })).toBe(shortTitle("Eine sehr lange Begrüßung"));
    expect(worded).toBe(2);
    expect(titles({ ...step, type: "end" } as CanvasNode)).toBe("Ende");
    expect(worded).toBe(3);
  });
});
