import { describe, expect, it } from "vitest";
import { findingsOf, flow, link, step } from "../testFlows";
import { formatParam, term } from "../../flow";
import { formatDiagnostic } from "../format";

const RULE = "graph.deadEnd";

describe(RULE, () => {
  it("accepts connected steps; ends, choice fallbacks and input retries may stay open", () => {
    const doc = flow(
      [step("choice", "c"), step("input", "i"), step("end", "e")],
      [link("c", "a", "i"), link("c", "b", "e"), link("i", "next", "e")],
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("counts only an edge through a step's own output: a message left through another handle is a dead end", () => {
    const doc = flow([step("message", "m"), step("delay", "d"), step("end", "e")], [link("m", "accept", "e"), link("d", "next", "e")]);
    expect(findingsOf(RULE, doc).map((d) => d.nodeId)).toEqual(["m"]);
  });

  it("warns once per step and names the open outputs", () => {
    const doc = flow([step("condition", "k"), step("choice", "c"), step("end", "e")], [link("c", "a", "e")]);
    const findings = findingsOf(RULE, doc);
    expect(findings.map((d) => [d.nodeId, d.severity])).toEqual([
      ["k", "warning"],
      ["c", "warning"],
    ]);
    // The outputs carry the names the editor writes under them (the `steps` catalogue).
    expect(findings[0].message).toMatch(/"True".*"False"/);
    expect(formatDiagnostic(findings[0], "de")).toMatch(/„Trifft zu“.*„Trifft nicht zu“/);
    expect(findings[1].message).toContain("Option B");
  });

  it("still words a report stored when output names were keys of the rule's own catalogue", () => {
    expect(formatParam("de", term("graph.deadEnd.handles.invalid", undefined, "invalid"))).toBe("„Ungültige Eingabe“");
    expect(formatParam("en", term("graph.deadEnd.handles.accept", undefined, "accept"))).toBe('"Yes"');
  });
});
