import { describe, expect, it } from "vitest";
import { findingsOf, flaggedSteps, flow, link, step } from "../testFlows";
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

  it("reads a step's outputs by name where positions cannot tell: options sharing an id, an option named like the fallback", () => {
    const shared = {
      options: [
        { id: "x", label: "One" },
        { id: "x", label: "Two" },
      ],
    };
    const named = {
      options: [
        { id: "fallback", label: "Other" },
        { id: "y", label: "Yes" },
      ],
    };
    const doc = flow(
      [step("choice", "shared", shared), step("choice", "named", named), step("choice", "open", shared), step("end", "e")],
      // One edge connects both options called "x"; "fallback" is the choice's fallback and optional.
      [link("shared", "x", "e"), link("named", "y", "e"), link("open", "fallback", "e")],
    );
    expect(findingsOf(RULE, doc).map((d) => [d.nodeId, d.params.outputs])).toEqual([
      // Both open options are named by the first option of their id (as before the positions).
      [
        "open",
        [
          { kind: "quote", text: "One" },
          { kind: "quote", text: "One" },
        ],
      ],
    ]);
  });

  it("checks every output of every step type: each left open once is found", () => {
    // Steps with all outputs connected, then the same with one required output cut.
    for (const [type, handles] of [
      ["consent", ["accept", "decline"]],
      ["condition", ["true", "false"]],
      ["webhook", ["success", "failure"]],
      ["input", ["next"]],
      ["message", ["next"]],
      ["choice", ["a", "b"]],
    ] as const) {
      for (const cut of [null, ...handles]) {
        const doc = flow(
          [step(type, "s"), step("end", "e")],
          handles.filter((handle) => handle !== cut).map((handle) => link("s", handle, "e")),
        );
        expect(flaggedSteps(RULE, doc), `${type} without ${cut}`).toEqual(cut === null ? [] : ["s"]);
      }
    }
  });

  it("still words a report stored when output names were keys of the rule's own catalogue", () => {
    expect(formatParam("de", term("graph.deadEnd.handles.invalid", undefined, "invalid"))).toBe("„Ungültige Eingabe“");
    expect(formatParam("en", term("graph.deadEnd.handles.accept", undefined, "accept"))).toBe('"Yes"');
  });
});
