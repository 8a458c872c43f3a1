import { describe, expect, it } from "vitest";
import { findingsOf, flow, step } from "../testFlows";

const RULE = "handoff.notice";

const handoff = (locale: "de" | "en", notice: string) => flow([step("handoff", "h", { notice })], [], { locale });

describe(RULE, () => {
  it("accepts a notice that says a person answers now (de, en)", () => {
    expect(findingsOf(RULE, flow([step("handoff", "h")], []))).toEqual([]);
    expect(findingsOf(RULE, handoff("de", "Ab jetzt antwortet Ihnen eine Mitarbeiterin persönlich."))).toEqual([]);
    expect(findingsOf(RULE, handoff("en", "A member of our team answers you now."))).toEqual([]);
  });

  it("flags an empty or blank notice", () => {
    const doc = flow([step("handoff", "empty", { notice: "" }), step("handoff", "blank", { notice: "   " })], []);
    const findings = findingsOf(RULE, doc);
    expect(findings.map((d) => d.nodeId)).toEqual(["empty", "blank"]);
    expect(findings[0]).toMatchObject({ rule: RULE, severity: "error" });
  });

  it("flags 'Einen Moment bitte …', which never says who takes over", () => {
    const [de] = findingsOf(RULE, handoff("de", "Einen Moment bitte …"));
    expect(de).toMatchObject({ rule: RULE, severity: "error", nodeId: "h" });
    expect(de.message).toContain("sagt nicht, dass ab jetzt ein Mensch antwortet");
    const [en] = findingsOf(RULE, handoff("en", "One moment please …"));
    expect(en.message).toContain("does not say that a person answers");
  });

  it("flags a notice that says nobody is there", () => {
    expect(findingsOf(RULE, handoff("de", "Leider ist gerade kein Mitarbeiter da."))).toHaveLength(1);
  });

  it("writes the message in the flow's locale", () => {
    const doc = flow([step("handoff", "h", { notice: "" })], [], { locale: "de" });
    expect(findingsOf(RULE, doc)[0].message).toContain("Mensch");
  });
});
