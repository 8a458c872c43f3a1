import { describe, expect, it } from "vitest";
import { compliantPrefix, findingsOf, flow, link, step } from "../testFlows";

const RULE = "consent.granular";

function withPurposes(purposes: string[], locale: "de" | "en") {
  const prefix = compliantPrefix(purposes);
  return flow([...prefix.nodes, step("end", "done")], [...prefix.edges, link("consent", "accept", "done")], {
    locale,
    purposes: [
      { id: "service", label: locale === "de" ? "Anfrage beantworten" : "Answering your request", description: "" },
      { id: "marketing", label: "Newsletter", description: "" },
      { id: "profiling", label: locale === "de" ? "Profilbildung" : "Profiling", description: "" },
      { id: "sharing", label: locale === "de" ? "Weitergabe an Partner" : "Sharing with partners", description: "" },
    ],
  });
}

describe(RULE, () => {
  for (const locale of ["de", "en"] as const) {
    it(`flags one consent bundling service, marketing, profiling and sharing as an error (${locale})`, () => {
      const findings = findingsOf(RULE, withPurposes(["service", "marketing", "profiling", "sharing"], locale));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ nodeId: "consent", severity: "error" });
      expect(findings[0].message).toContain("Newsletter");
      expect(findings[0].message).toContain(locale === "de" ? "Profilbildung" : "Profiling");
    });

    it(`accepts marketing on its own and one or two other purposes (${locale})`, () => {
      expect(findingsOf(RULE, withPurposes(["marketing"], locale))).toEqual([]);
      expect(findingsOf(RULE, withPurposes(["service", "profiling"], locale))).toEqual([]);
    });
  }

  it("flags marketing with one other purpose as an error, and three purposes without marketing as a warning", () => {
    expect(findingsOf(RULE, withPurposes(["service", "marketing"], "en")).map((d) => d.severity)).toEqual(["error"]);
    const three = findingsOf(RULE, withPurposes(["service", "profiling", "sharing"], "de"));
    expect(three.map((d) => d.severity)).toEqual(["warning"]);
    expect(three[0].message).toContain("3 Zwecke");
  });
});
