import { describe, expect, it } from "vitest";
import { findingsOf, flow, step } from "../testFlows";

const RULE = "data.purpose";

describe(RULE, () => {
  it("accepts inputs with their own variable and a declared purpose", () => {
    expect(findingsOf(RULE, flow([step("input", "a"), step("input", "b")], []))).toEqual([]);
  });

  it("flags a missing variable and a missing purpose", () => {
    const findings = findingsOf(RULE, flow([step("input", "a", { variable: "", purpose: "" })], []));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: RULE, severity: "error", nodeId: "a" });
    expect(findings[0].message).toContain("no variable");
    expect(findings[0].message).toContain("no purpose");
  });

  it("flags a variable collected by two inputs (each of them)", () => {
    const doc = flow([step("input", "a", { variable: "email" }), step("input", "b", { variable: "email" })], []);
    expect(findingsOf(RULE, doc).map((d) => d.nodeId)).toEqual(["a", "b"]);
  });

  it("flags an undeclared purpose and ignores inputs without personal data", () => {
    const doc = flow(
      [
        step("input", "a", { purpose: "nope" }),
        step("input", "b", { personalData: false, variable: "", purpose: "", inputType: "number", text: "How many people?" }),
      ],
      [],
    );
    expect(findingsOf(RULE, doc).map((d) => d.nodeId)).toEqual(["a"]);
  });
});
