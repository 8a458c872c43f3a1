import { describe, expect, it } from "vitest";
import { createFlowFromTemplate } from "@/core/flow";
import { documentToGraph } from "@/components/editor/model/document";
import { outputsOfNode } from "@/components/editor/model/edits";
import { LIGHT_BOX } from "@/components/editor/steps/levelOfDetail";
import { createKeeper } from "./keeper";
import { lightLines, type Line } from "./lightLines";

const graph = () =>
  documentToGraph(createFlowFromTemplate("default", { id: "flow-1", name: "Test", locale: "de", company: "Muster GmbH" }));

describe("lightLines", () => {
  it("draws every connection from its output, spread along the box's bottom, to the top middle of its target", () => {
    const { nodes, edges } = graph();
    const lines = lightLines(nodes, edges, undefined, () => undefined);
    expect(lines).toHaveLength(edges.length);
    const consent = nodes.find((n) => n.type === "consent")!;
    const outputs = outputsOfNode(consent);
    expect(outputs.length).toBeGreaterThan(1);
    for (const edge of edges.filter((e) => e.source === consent.id)) {
      const line = lines.find((l) => l.id === edge.id)!;
      const target = nodes.find((n) => n.id === edge.target)!;
      const index = outputs.indexOf(edge.sourceHandle!);
      expect(line.x1).toBe(consent.position.x + (LIGHT_BOX.width * (index + 0.5)) / outputs.length);
      expect(line.y1).toBe(consent.position.y + LIGHT_BOX.height);
      expect(line.x2).toBe(target.position.x + LIGHT_BOX.width / 2);
      expect(line.y2).toBe(target.position.y);
    }
    // Two outputs of one step leave it at different points.
    const fromConsent = lines.filter((l) => edges.find((e) => e.id === l.id)!.source === consent.id);
    expect(new Set(fromConsent.map((l) => l.x1)).size).toBe(fromConsent.length);
  });

  it("marks the witness path and an overlay's widths, follows a moved step, and leaves out connections to missing steps", () => {
    const { nodes, edges } = graph();
    const [first, second] = edges;
    const lines = lightLines(nodes, edges, new Set([first.id]), (e) => (e.id === second.id ? 7 : undefined));
    expect(lines.filter((l) => l.witness).map((l) => l.id)).toEqual([first.id]);
    expect(lines.filter((l) => l.width !== undefined).map((l) => [l.id, l.width])).toEqual([[second.id, 7]]);

    const moved = nodes.map((n) => (n.id === first.target ? { ...n, position: { x: n.position.x + 500, y: n.position.y + 40 } } : n));
    const before = lines.find((l) => l.id === first.id)!;
    const after = lightLines(moved, edges, undefined, () => undefined).find((l) => l.id === first.id)!;
    expect([after.x2 - before.x2, after.y2 - before.y2]).toEqual([500, 40]);
    expect([after.x1, after.y1]).toEqual([before.x1, before.y1]);

    const withoutTarget = nodes.filter((n) => n.id !== first.target);
    expect(lightLines(withoutTarget, edges, undefined, () => undefined).map((l) => l.id)).not.toContain(first.id);
  });

  it("keeps the objects of lines that did not change, and only those, from one drawing to the next", () => {
    const { nodes, edges } = graph();
    const keep = createKeeper<Line>();
    const first = keep(lightLines(nodes, edges, undefined, () => undefined));
    const moving = edges[0].target;
    const moved = nodes.map((n) => (n.id === moving ? { ...n, position: { x: n.position.x + 16, y: n.position.y } } : n));
    const second = keep(lightLines(moved, edges, undefined, () => undefined));
    second.forEach((line, i) => {
      const touches = edges.some((e) => e.id === line.id && (e.source === moving || e.target === moving));
      if (touches) expect(line).not.toBe(first[i]);
      else expect(line).toBe(first[i]);
    });
    expect(second.some((line, i) => line !== first[i])).toBe(true);
  });
});
