import { describe, expect, it } from "vitest";
import { findingsOf, flow, step } from "../testFlows";

const RULE = "graph.start";

describe(RULE, () => {
  it("accepts a flow with a start", () => {
    expect(findingsOf(RULE, flow([step("start", "s")], []))).toEqual([]);
  });

  it("flags a flow without a start", () => {
    const findings = findingsOf(RULE, flow([step("message", "m")], [], { locale: "de" }));
    expect(findings).toEqual([expect.objectContaining({ rule: RULE, severity: "error", nodeId: null })]);
    expect(findings[0].message).toContain("Start");
  });
});
