import { describe, expect, it } from "vitest";
import { compliantPrefix, findingsOf, flow, link, step } from "../testFlows";

const RULE = "consent.wellFormed";

function consentFlow(data: Parameters<typeof step<"consent">>[2], connectAccept = true) {
  const prefix = compliantPrefix(["lead"]);
  prefix.nodes[3] = step("consent", "consent", data);
  return flow([...prefix.nodes, step("end", "ok")], [...prefix.edges, ...(connectAccept ? [link("consent", "accept", "ok")] : [])]);
}

describe(RULE, () => {
  it("accepts a complete consent with both outputs connected", () => {
    expect(findingsOf(RULE, consentFlow({}))).toEqual([]);
  });

  it("lists every problem of one consent in one diagnostic", () => {
    const findings = findingsOf(RULE, consentFlow({ text: " ", purposes: [], withdrawalHint: "" }, false));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: RULE, severity: "error", nodeId: "consent" });
    for (const part of ["text", "purpose", "withdraw", '"yes" output']) expect(findings[0].message).toContain(part);
  });

  it("flags missing and identical labels", () => {
    expect(findingsOf(RULE, consentFlow({ acceptLabel: "" }))[0].message).toContain('label for "yes"');
    expect(findingsOf(RULE, consentFlow({ declineLabel: "" }))[0].message).toContain('label for "no"');
    expect(findingsOf(RULE, consentFlow({ acceptLabel: "OK", declineLabel: "ok " }))[0].message).toContain("same label");
  });

  it("flags a purpose that the flow does not declare", () => {
    expect(findingsOf(RULE, consentFlow({ purposes: ["unknown"] }))[0].message).toContain("unknown");
  });

  it("accepts the built-in marketing purpose without declaration", () => {
    const doc = consentFlow({ purposes: ["marketing"] });
    expect(findingsOf(RULE, { ...doc, purposes: [] })).toEqual([]);
  });
});
