import { describe, expect, it } from "vitest";
import { findingsOf, flow, link, step } from "../testFlows";

const RULE = "graph.unreachable";

describe(RULE, () => {
  it("accepts a flow where every step is reachable, through loops too", () => {
    const doc = flow(
      [step("start", "s"), step("message", "a"), step("message", "b")],
      [link("s", "next", "a"), link("a", "next", "b"), link("b", "next", "a")],
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("warns about each step no start reaches", () => {
    const doc = flow([step("start", "s"), step("message", "island"), step("message", "after")], [link("island", "next", "after")]);
    expect(findingsOf(RULE, doc).map((d) => [d.rule, d.nodeId, d.severity])).toEqual([
      [RULE, "island", "warning"],
      [RULE, "after", "warning"],
    ]);
  });

  it("stays quiet without any start (graph.start reports that)", () => {
    expect(findingsOf(RULE, flow([step("message", "m")], []))).toEqual([]);
  });
});
