import { describe, expect, it } from "vitest";
import { findingsOf, flow, step } from "../testFlows";

const RULE = "data.unused";

describe(RULE, () => {
  it("accepts variables used in a text, a condition or a webhook", () => {
    const doc = flow(
      [
        step("input", "a", { variable: "name" }),
        step("input", "b", { variable: "email" }),
        step("input", "c", { variable: "phone" }),
        step("message", "m", { text: "Thanks, {{ name }}!" }),
        step("condition", "k", { variable: "email" }),
        step("webhook", "w", { sends: ["phone"] }),
      ],
      [],
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("warns about a variable nobody uses, and its own question does not count", () => {
    const doc = flow(
      [step("input", "a", { variable: "age", text: "Your age? ({{age}})" }), step("message", "m", { text: "{{other}}" })],
      [],
    );
    const findings = findingsOf(RULE, doc);
    expect(findings).toEqual([expect.objectContaining({ rule: RULE, severity: "warning", nodeId: "a" })]);
    expect(findings[0].message).toContain("age");
  });
});
