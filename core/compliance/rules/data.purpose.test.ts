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

describe(`${RULE}: flags against the evidence`, () => {
  it("flags an e-mail question marked as no personal data and names the evidence (de, en)", () => {
    const en = flow([step("input", "mail", { personalData: false, inputType: "email", variable: "contact" })], []);
    const [finding] = findingsOf(RULE, en);
    expect(finding).toMatchObject({ rule: RULE, severity: "error", nodeId: "mail" });
    expect(finding.message).toContain('marked as "no personal data", but "email" says otherwise');
    const de = flow([step("input", "tel", { personalData: false, inputType: "text", text: "Ihre Handynummer?", variable: "x" })], [], {
      locale: "de",
    });
    expect(findingsOf(RULE, de)[0].message).toContain("„Handynummer“ sagt etwas anderes");
  });

  it("reads variable names: phoneNumber and e_mail are personal data", () => {
    const doc = flow(
      [
        step("input", "a", { personalData: false, inputType: "text", text: "And?", variable: "phoneNumber" }),
        step("input", "b", { personalData: false, inputType: "text", text: "And?", variable: "e_mail" }),
      ],
      [],
    );
    expect(findingsOf(RULE, doc).map((d) => d.nodeId)).toEqual(["a", "b"]);
  });

  it("lets a question without personal data keep its flag", () => {
    const doc = flow(
      [step("input", "n", { personalData: false, inputType: "number", text: "Wie viele Personen?", variable: "guests" })],
      [],
      {
        locale: "de",
      },
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });
});
