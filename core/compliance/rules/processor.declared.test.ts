import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL } from "../../flow";
import { findingsOf, flow, step } from "../testFlows";

const RULE = "processor.declared";

describe(RULE, () => {
  it("accepts an https webhook to a declared processor (and its subdomains)", () => {
    const doc = flow([step("webhook", "w1"), step("webhook", "w2", { url: "https://eu.crm.example.com/x" })], []);
    expect(findingsOf(RULE, doc, EXAMPLE_LEGAL)).toEqual([]);
  });

  it("flags plain http and undeclared hosts", () => {
    const doc = flow(
      [
        step("webhook", "http", { url: "http://crm.example.com/x" }),
        step("webhook", "other", { url: "https://tracker.example.net/x" }),
        step("webhook", "lookalike", { url: "https://evilcrm.example.com/x" }),
      ],
      [],
    );
    const findings = findingsOf(RULE, doc, EXAMPLE_LEGAL);
    expect(findings.map((d) => d.nodeId)).toEqual(["http", "other", "lookalike"]);
    expect(findings[0].message).toContain("https://");
    expect(findings[1].message).toContain("tracker.example.net");
  });

  it("is skipped without legal settings", () => {
    const doc = flow([step("webhook", "w", { url: "http://x.test" })], []);
    expect(findingsOf(RULE, doc, null)).toEqual([]);
    expect(findingsOf(RULE, doc, EXAMPLE_LEGAL)).toHaveLength(1);
  });
});
