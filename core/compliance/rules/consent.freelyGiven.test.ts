import { describe, expect, it } from "vitest";
import { compliantPrefix, findingsOf, flaggedSteps, flow, link, step } from "../testFlows";

const RULE = "consent.freelyGiven";

describe(RULE, () => {
  it("flags a decline that loops back into the same consent until the person gives in (de)", () => {
    const prefix = compliantPrefix(["lead"]);
    const nodes = [
      ...prefix.nodes.filter((n) => n.id !== "declined"),
      step("message", "sure", { text: "Bist du dir sicher? Ohne Einwilligung geht es leider nicht." }),
      step("input", "email"),
    ];
    const edges = [
      ...prefix.edges.filter((e) => e.sourceHandle !== "decline"),
      link("consent", "decline", "sure"),
      link("sure", "next", "consent"),
      link("consent", "accept", "email"),
    ];
    const findings = findingsOf(RULE, flow(nodes, edges, { locale: "de" }));
    expect(findings.map((d) => d.nodeId)).toEqual(["consent"]);
    expect(findings[0].path).toEqual(["start", "disclosure", "privacy", "consent", "sure", "consent"]);
    expect(findings[0].message).toContain("bis sie nachgibt");

    // Passing counterpart: after the no, the conversation ends politely.
    const fine = flow([...prefix.nodes, step("input", "email")], [...prefix.edges, link("consent", "accept", "email")], { locale: "de" });
    expect(findingsOf(RULE, fine)).toEqual([]);
  });

  it("flags a second consent for an overlapping purpose after a decline (en)", () => {
    const prefix = compliantPrefix(["lead", "marketing"]);
    const doc = flow(
      [
        ...prefix.nodes.filter((n) => n.id !== "declined"),
        step("consent", "again", { purposes: ["marketing"] }),
        step("subscribe", "sub"),
        step("end", "bye", { text: "Bye" }),
      ],
      [
        ...prefix.edges.filter((e) => e.sourceHandle !== "decline"),
        link("consent", "decline", "again"),
        link("consent", "accept", "sub"),
        link("again", "accept", "sub"),
        link("again", "decline", "bye"),
        link("sub", "next", "bye"),
      ],
    );
    const findings = findingsOf(RULE, doc);
    expect(findings.map((d) => d.nodeId)).toEqual(["again"]);
    expect(findings[0].message).toContain('asks for "Newsletter" again');
  });

  it("accepts a consent for another purpose after a decline, and a second consent after an accept", () => {
    const prefix = compliantPrefix(["lead"]);
    const doc = flow(
      [
        ...prefix.nodes.filter((n) => n.id !== "declined"),
        step("consent", "news", { purposes: ["marketing"] }),
        step("consent", "lead-again", { purposes: ["lead"] }),
        step("end", "bye", { text: "Bye" }),
      ],
      [
        ...prefix.edges.filter((e) => e.sourceHandle !== "decline"),
        link("consent", "decline", "news"),
        link("consent", "accept", "lead-again"),
        link("news", "accept", "bye"),
        link("news", "decline", "bye"),
        link("lead-again", "accept", "bye"),
        link("lead-again", "decline", "bye"),
      ],
    );
    expect(flaggedSteps(RULE, doc)).toEqual([]);
  });
});
