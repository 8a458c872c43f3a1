import { describe, expect, it } from "vitest";
import { compliantPrefix, findingsOf, flaggedSteps, flow, link, step } from "../testFlows";

const RULE = "disclosure.first";

describe(RULE, () => {
  it("accepts a flow that discloses the bot before anything else is said", () => {
    const prefix = compliantPrefix();
    const doc = flow([...prefix.nodes, step("message", "hello")], [...prefix.edges, link("consent", "accept", "hello")]);
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("flags a message sent straight after the start, with the witness path", () => {
    const doc = flow(
      [step("start", "start"), step("message", "hello"), step("botDisclosure", "disclosure")],
      [link("start", "next", "hello"), link("hello", "next", "disclosure")],
    );
    const [finding] = findingsOf(RULE, doc);
    expect(finding).toMatchObject({ rule: RULE, severity: "error", nodeId: "hello", path: ["start", "hello"] });
    expect(finding.message).toContain("Hello!");
  });

  it("flags every step after an uncovered step, and only the uncovered branch", () => {
    const doc = flow(
      [
        step("start", "start"),
        step("condition", "cond"),
        step("botDisclosure", "disclosure"),
        step("message", "covered"),
        step("message", "first"),
        step("message", "second"),
      ],
      [
        link("start", "next", "cond"),
        link("cond", "true", "disclosure"),
        link("disclosure", "next", "covered"),
        link("cond", "false", "first"),
        link("first", "next", "second"),
      ],
    );
    expect(flaggedSteps(RULE, doc)).toEqual(["first", "second"]);
  });

  it("checks every start, and silent steps and loops are fine", () => {
    const doc = flow(
      [
        step("start", "start"),
        step("start", "start2", { trigger: "keyword", keywords: ["hi"] }),
        step("delay", "wait"),
        step("botDisclosure", "disclosure"),
        step("message", "menu"),
        step("end", "silent-end"),
      ],
      [
        link("start", "next", "wait"),
        link("wait", "next", "disclosure"),
        link("disclosure", "next", "menu"),
        link("menu", "next", "wait"),
        link("start2", "next", "silent-end"),
      ],
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
    const second = flow(doc.nodes, [...doc.edges.filter((e) => e.source !== "start2"), link("start2", "next", "menu")]);
    expect(findingsOf(RULE, second).map((d) => d.path)).toEqual([["start2", "menu"]]);
  });

  it("treats an end with text as speaking and an end without text as silent", () => {
    const withText = flow([step("start", "s"), step("end", "bye", { text: "Bye" })], [link("s", "next", "bye")]);
    const withoutText = flow([step("start", "s"), step("end", "bye")], [link("s", "next", "bye")]);
    expect(flaggedSteps(RULE, withText)).toEqual(["bye"]);
    expect(flaggedSteps(RULE, withoutText)).toEqual([]);
  });
});
