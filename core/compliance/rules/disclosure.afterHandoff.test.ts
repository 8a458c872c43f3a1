import { describe, expect, it } from "vitest";
import { findingsOf, flaggedSteps, flow, link, step } from "../testFlows";

const RULE = "disclosure.afterHandoff";

function handoffFlow(afterHandoff: ReturnType<typeof step>[], edges: ReturnType<typeof link>[]) {
  return flow(
    [step("start", "start"), step("botDisclosure", "disclosure"), step("handoff", "human"), ...afterHandoff],
    [link("start", "next", "disclosure"), link("disclosure", "next", "human"), ...edges],
  );
}

describe(RULE, () => {
  it("accepts a bot that discloses itself again when it resumes", () => {
    const doc = handoffFlow(
      [step("botDisclosure", "again"), step("message", "more")],
      [link("human", "next", "again"), link("again", "next", "more")],
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("flags a speaking step right after the handoff, with a path through the handoff", () => {
    const doc = handoffFlow([step("message", "more")], [link("human", "next", "more")]);
    const [finding] = findingsOf(RULE, doc);
    expect(finding).toMatchObject({ rule: RULE, nodeId: "more", path: ["start", "disclosure", "human", "more"] });
  });

  it("follows silent steps and loops back to the main flow", () => {
    const doc = handoffFlow(
      [step("delay", "wait"), step("condition", "check"), step("message", "menu")],
      [link("human", "next", "wait"), link("wait", "next", "check"), link("check", "true", "menu"), link("check", "false", "disclosure")],
    );
    // The loop back to the first disclosure is covered; the menu is not.
    expect(flaggedSteps(RULE, doc)).toEqual(["menu"]);
  });

  it("does not apply before the handoff, and a handoff without a next output is fine", () => {
    const doc = flow(
      [step("start", "start"), step("botDisclosure", "d"), step("message", "m"), step("handoff", "h")],
      [link("start", "next", "d"), link("d", "next", "m"), link("m", "next", "h")],
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("flags a second handoff reached straight after the first (it speaks too)", () => {
    const doc = handoffFlow([step("handoff", "human2")], [link("human", "next", "human2")]);
    expect(flaggedSteps(RULE, doc)).toEqual(["human2"]);
  });
});
