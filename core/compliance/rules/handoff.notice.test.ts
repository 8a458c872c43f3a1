import { describe, expect, it } from "vitest";
import { findingsOf, flow, step } from "../testFlows";

const RULE = "handoff.notice";

describe(RULE, () => {
  it("accepts a handoff that says a person answers now", () => {
    expect(findingsOf(RULE, flow([step("handoff", "h")], []))).toEqual([]);
  });

  it("flags an empty or blank notice", () => {
    const doc = flow([step("handoff", "empty", { notice: "" }), step("handoff", "blank", { notice: "   " })], []);
    const findings = findingsOf(RULE, doc);
    expect(findings.map((d) => d.nodeId)).toEqual(["empty", "blank"]);
    expect(findings[0]).toMatchObject({ rule: RULE, severity: "error" });
  });

  it("writes the message in the flow's locale", () => {
    const doc = flow([step("handoff", "h", { notice: "" })], [], { locale: "de" });
    expect(findingsOf(RULE, doc)[0].message).toContain("Mensch");
  });
});
