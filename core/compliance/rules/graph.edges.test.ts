import { describe, expect, it } from "vitest";
import { findingsOf, flow, link, step } from "../testFlows";

const RULE = "graph.edges";

describe(RULE, () => {
  it("accepts edges between existing steps through existing outputs", () => {
    const doc = flow([step("choice", "c"), step("end", "e")], [link("c", "a", "e"), link("c", "fallback", "e")]);
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("flags unknown targets, unknown sources and outputs the source does not have", () => {
    const doc = flow(
      [step("message", "m"), step("end", "e")],
      [link("m", "next", "ghost"), link("nobody", "next", "e"), link("m", "accept", "e"), link("e", "next", "m")],
    );
    const findings = findingsOf(RULE, doc);
    expect(findings).toHaveLength(4);
    expect(findings.map((d) => d.nodeId)).toEqual(["m", null, "m", "e"]);
    expect(findings[0].message).toContain("ghost");
    expect(findings[2].message).toContain("accept");
  });

  it("keeps broken edges out of the path rules instead of crashing", () => {
    const doc = flow([step("start", "s"), step("input", "i")], [link("s", "next", "i"), link("i", "next", "missing")]);
    expect(() => findingsOf("privacy.beforeData", doc)).not.toThrow();
    expect(findingsOf("privacy.beforeData", doc).map((d) => d.nodeId)).toEqual(["i"]);
  });
});
