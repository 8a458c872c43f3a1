import { describe, expect, it } from "vitest";
import { findingsOf, flow, link, step } from "../testFlows";

const RULE = "channel.humanPath";

describe(RULE, () => {
  const withHandoff = [step("start", "s"), step("handoff", "h")];

  it("accepts a WhatsApp flow with a reachable handoff", () => {
    expect(findingsOf(RULE, flow(withHandoff, [link("s", "next", "h")], { channels: ["whatsapp"] }))).toEqual([]);
  });

  it("warns when the handoff is missing or unreachable on WhatsApp", () => {
    const unreachable = flow(withHandoff, [], { channels: ["whatsapp"] });
    expect(findingsOf(RULE, unreachable)).toEqual([expect.objectContaining({ rule: RULE, severity: "warning", nodeId: null })]);
  });

  it("does not apply to other channels", () => {
    expect(findingsOf(RULE, flow(withHandoff, [], { channels: ["messenger", "telegram"] }))).toEqual([]);
  });
});
