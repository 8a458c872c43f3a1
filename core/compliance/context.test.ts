import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, NODE_TYPES, TEMPLATE_IDS, buildFlowGraph, createFlowFromTemplate } from "../flow";
import { buildRuleContext } from "./context";
import { flow, step } from "./testFlows";

describe("buildRuleContext", () => {
  it("groups the steps by type, in document order, from the graph's type codes", () => {
    for (const template of TEMPLATE_IDS) {
      const document = createFlowFromTemplate(template, { id: "f", name: "F", locale: "de" });
      const context = buildRuleContext(document, EXAMPLE_LEGAL);
      for (const type of NODE_TYPES) {
        const expected = document.nodes.flatMap((node, index) => (node.type === type ? [index] : []));
        expect(context.indicesOfType[type], `${template} ${type}`).toEqual(expected);
      }
    }
  });

  it("works each shared table out once, on first use, and hands the same one to every rule", () => {
    const document = flow([step("start", "s"), step("input", "i", { variable: " email " }), step("end", "e")], []);
    const context = buildRuleContext(document, null);
    expect(context.labels).toBe(context.labels);
    expect(context.variables).toBe(context.variables);
    expect(context.scratch).toBe(context.scratch);
    expect(context.nodeIds).toBe(context.nodeIds);
    expect(context.reachFromStarts()).toBe(context.reachFromStarts());
    expect(context.nodeIds).toEqual(["s", "i", "e"]);
    expect(context.variables.names).toEqual(["email"]);
    // Getters read through destructuring as rules do (`const { graph, labels } = context`).
    const { labels, graph, locale } = context;
    expect(labels).toBe(context.labels);
    expect(graph.nodeCount).toBe(3);
    expect(locale).toBe(document.locale === "en" ? "en" : "de");
  });

  it("uses a graph it is given instead of building one", () => {
    const document = createFlowFromTemplate("leadCapture", { id: "f", name: "F", locale: "en" });
    const graph = buildFlowGraph(document);
    const context = buildRuleContext(document, null, graph);
    expect(context.graph).toBe(graph);
    expect(context.locale).toBe("en");
    expect(context.purposeLabel(document.purposes[0].id)).toBe(document.purposes[0].label);
    expect(context.purpose("undeclared")).toEqual({ kind: "purpose", id: "undeclared", label: "" });
  });
});
