import { describe, expect, it } from "vitest";
import { compliantPrefix, findingsOf, flow, step } from "../testFlows";

const RULE = "optOut.defined";

describe(RULE, () => {
  const prefix = compliantPrefix();

  it("accepts a flow with consent and opt-out keywords and confirmation", () => {
    expect(findingsOf(RULE, flow(prefix.nodes, prefix.edges))).toEqual([]);
  });

  it("flags a consent flow without keywords or without confirmation", () => {
    const noKeywords = flow(prefix.nodes, prefix.edges, {
      settings: { optOut: { keywords: ["  "], confirmation: "Done" }, redisclosureAfterHours: 24 },
    });
    const noConfirmation = flow(prefix.nodes, prefix.edges, {
      settings: { optOut: { keywords: ["STOP"], confirmation: "" }, redisclosureAfterHours: 24 },
    });
    expect(findingsOf(RULE, noKeywords)).toEqual([expect.objectContaining({ rule: RULE, severity: "error", nodeId: null })]);
    expect(findingsOf(RULE, noKeywords)[0].message).toContain("keywords");
    expect(findingsOf(RULE, noConfirmation)[0].message).toContain("confirmation");
  });

  it("does not apply to a flow without any consent", () => {
    const doc = flow([step("start", "s")], [], { settings: { optOut: { keywords: [], confirmation: "" }, redisclosureAfterHours: 24 } });
    expect(findingsOf(RULE, doc)).toEqual([]);
  });
});
