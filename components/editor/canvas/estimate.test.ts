import { describe, expect, it } from "vitest";
import { createFlowFromTemplate } from "@/core/flow";
import { documentToGraph } from "@/components/editor/model/document";
import { outputsOfNode } from "@/components/editor/model/edits";
import type { CanvasNode } from "@/components/editor/model/types";
import { ESTIMATED_NOTE, ESTIMATED_STEP, withEstimate } from "./estimate";

const nodes = () =>
  documentToGraph(createFlowFromTemplate("default", { id: "flow-1", name: "Test", locale: "de", company: "Muster GmbH" })).nodes;

describe("withEstimate", () => {
  it("gives a step not measured yet its size and a handle for its input and each output, so it need not be drawn to be placed", () => {
    const consent = nodes().find((n) => n.type === "consent")!;
    const estimated = withEstimate(consent);
    expect(estimated.measured).toEqual(ESTIMATED_STEP);
    // No box measures half a pixel: the first real measurement always replaces the estimate.
    expect(Number.isInteger(ESTIMATED_STEP.height)).toBe(false);
    const handles = estimated.handles!;
    expect(handles.filter((h) => h.type === "target")).toHaveLength(1);
    const sources = handles.filter((h) => h.type === "source");
    expect(sources.map((h) => h.id)).toEqual(outputsOfNode(consent));
    // Spread along the bottom, left to right, inside the box.
    const xs = sources.map((h) => h.x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(xs).size).toBe(xs.length);
    for (const h of sources) {
      expect(h.x).toBeGreaterThan(0);
      expect(h.x + h.width!).toBeLessThan(ESTIMATED_STEP.width);
    }
    // Same step, same copy: React Flow keeps what it has for it.
    expect(withEstimate(consent)).toBe(estimated);
  });

  it("a start takes no input, a note has no handles, and a measured step is left as it is", () => {
    const start = nodes().find((n) => n.type === "start")!;
    expect(withEstimate(start).handles!.filter((h) => h.type === "target")).toEqual([]);
    const note: CanvasNode = { id: "n1", type: "note", position: { x: 0, y: 0 }, data: { text: "" } };
    expect(withEstimate(note).handles).toEqual([]);
    expect(withEstimate(note).measured).toEqual(ESTIMATED_NOTE);
    const measured = { ...start, measured: { width: 240, height: 96 } };
    expect(withEstimate(measured)).toBe(measured);
    expect(withEstimate(measured).handles).toBeUndefined();
  });
});
