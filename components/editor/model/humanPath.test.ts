import { describe, expect, it } from "vitest";
import { validate, type Diagnostic } from "@/core/compliance";
import { flow, link, step } from "@/core/compliance/testFlows";
import { createFlowFromTemplate, EXAMPLE_LEGAL, TEMPLATE_IDS, type FlowDocument } from "@/core/flow";
import { documentToGraph, graphToDocument } from "./document";
import { addHumanPath } from "./humanPath";
import { overlappingPairs } from "./placement";

const key = (d: Diagnostic) => `${d.rule}|${d.severity}|${d.nodeId}`;

/** Applies the fix and returns the findings before and after and the fixed document. */
function fix(document: FlowDocument) {
  const graph = documentToGraph(document);
  const result = addHumanPath(graph);
  if (!result) throw new Error("no fix");
  const fixed = graphToDocument(result.graph);
  return {
    result,
    fixed,
    before: validate(document, EXAMPLE_LEGAL).map(key),
    after: validate(fixed, EXAMPLE_LEGAL).map(key),
    overlapsBefore: overlappingPairs(graph).length,
  };
}

describe("the one-click fix for a WhatsApp flow with no way to a person", () => {
  for (const templateId of TEMPLATE_IDS)
    for (const formality of ["informal", "formal"] as const)
      it(`${templateId} (${formality}): the warning goes and nothing new is found`, () => {
        const document = createFlowFromTemplate(templateId, { id: "f", name: "F", locale: "de", formality });
        const { fixed, before, after, result, overlapsBefore } = fix(document);
        expect(after.filter((k) => k.startsWith("channel.humanPath"))).toEqual([]);
        // Nothing new: every finding after the fix was there before.
        expect(after.filter((k) => !before.includes(k))).toEqual([]);
        expect(overlappingPairs(result.graph).length).toBeLessThanOrEqual(overlapsBefore);
        const added = fixed.nodes.filter((n) => !document.nodes.some((old) => old.id === n.id));
        const texts = JSON.stringify(added.map((n) => n.data));
        if (formality === "formal") expect(texts).not.toMatch(/\b(du|dich|dir|deine?)\b/);
        else expect(texts).not.toMatch(/\b(Ihnen|Ihre)\b/);
        expect(result.graph.nodes.find((n) => n.id === result.handoffId)?.type).toBe("handoff");
      });

  it("adds an option to the first choice people reach instead of a new question", () => {
    const document = flow(
      [
        step("start", "s"),
        step("botDisclosure", "d"),
        step("choice", "c"),
        step("message", "ma"),
        step("message", "mb"),
        step("end", "e", { text: "Bye" }),
      ],
      [
        link("s", "next", "d"),
        link("d", "next", "c"),
        link("c", "a", "ma"),
        link("c", "b", "mb"),
        link("ma", "next", "e"),
        link("mb", "next", "e"),
      ],
      { channels: ["whatsapp"] },
    );
    const { fixed, before, after } = fix(document);
    expect(before.some((k) => k.startsWith("channel.humanPath"))).toBe(true);
    expect(after.filter((k) => !before.includes(k) || k.startsWith("channel.humanPath"))).toEqual([]);
    const choice = fixed.nodes.find((n) => n.id === "c");
    expect(choice?.type === "choice" && choice.data.options.map((o) => o.label)).toEqual(["Option A", "Option B", "Talk to a person"]);
    expect(fixed.nodes.filter((n) => n.type === "choice")).toHaveLength(1);
  });

  it("offers nothing when no start reaches a choice or an ending", () => {
    const document = flow([step("start", "s"), step("message", "m")], [link("s", "next", "m")], { channels: ["whatsapp"] });
    expect(addHumanPath(documentToGraph(document))).toBeNull();
  });
});
