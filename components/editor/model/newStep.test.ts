import { describe, expect, it } from "vitest";
import { createFlowFromTemplate } from "@/core/flow";
import { NODE_TYPES } from "@/core/flow/constants";
import { documentToGraph } from "./document";
import { createStep } from "./newStep";

function textsOfNewSteps(formality: "formal" | "informal"): string[] {
  const graph = documentToGraph(createFlowFromTemplate("default", { id: "f", name: "F", locale: "de", formality }));
  return NODE_TYPES.flatMap((type) => {
    const node = createStep(type, { x: 0, y: 0 }, { locale: "de", company: "Muster GmbH", meta: graph.meta, nodes: graph.nodes });
    return JSON.stringify(node.data).match(/"[^"]*"/g) ?? [];
  });
}

describe("steps added from the palette", () => {
  it("speak to people with Sie in a formal German flow", () => {
    const texts = textsOfNewSteps("formal");
    expect(texts.some((text) => /\b(Sie|Ihnen|Ihre)\b/.test(text))).toBe(true);
    expect(texts.filter((text) => /\b(du|dich|dir|deine?[nrms]?)\b/i.test(text))).toEqual([]);
  });

  it("speak to people with du in an informal German flow", () => {
    const texts = textsOfNewSteps("informal");
    expect(texts.some((text) => /\b(du|dich|dir|deine?)\b/.test(text))).toBe(true);
    expect(texts.filter((text) => /\b(Ihnen|Ihre[nrms]?)\b/.test(text))).toEqual([]);
  });
});
