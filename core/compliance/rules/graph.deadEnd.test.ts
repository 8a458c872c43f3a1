import { describe, expect, it } from "vitest";
import { findingsOf, flow, link, step } from "../testFlows";

const RULE = "graph.deadEnd";

describe(RULE, () => {
  it("accepts connected steps; ends, choice fallbacks and input retries may stay open", () => {
    const doc = flow(
      [step("choice", "c"), step("input", "i"), step("end", "e")],
      [link("c", "a", "i"), link("c", "b", "e"), link("i", "next", "e")],
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("warns once per step and names the open outputs", () => {
    const doc = flow([step("condition", "k"), step("choice", "c"), step("end", "e")], [link("c", "a", "e")]);
    const findings = findingsOf(RULE, doc);
    expect(findings.map((d) => [d.nodeId, d.severity])).toEqual([
      ["k", "warning"],
      ["c", "warning"],
    ]);
    expect(findings[0].message).toMatch(/"true".*"false"/);
    expect(findings[1].message).toContain("Option B");
  });
});
