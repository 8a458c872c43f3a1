import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL } from "../../flow";
import { findingsOf, flow } from "../testFlows";

const RULE = "legal.links";
const doc = flow([], []);

describe(RULE, () => {
  it("accepts complete legal settings", () => {
    expect(findingsOf(RULE, doc, EXAMPLE_LEGAL)).toEqual([]);
  });

  it("flags a missing controller and non-https links, one finding each", () => {
    const legal = {
      ...EXAMPLE_LEGAL,
      controller: { name: " ", address: "" },
      impressumUrl: "http://example.com/impressum",
      privacyPolicyUrl: "",
    };
    const findings = findingsOf(RULE, doc, legal);
    expect(findings).toHaveLength(3);
    expect(findings.every((d) => d.rule === RULE && d.severity === "error" && d.nodeId === null)).toBe(true);
    expect(findings.map((d) => d.message).join(" ")).toMatch(/controller.*Impressum.*privacy policy/s);
  });

  it("is skipped without legal settings", () => {
    expect(findingsOf(RULE, doc)).toEqual([]);
  });
});
