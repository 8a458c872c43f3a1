import { describe, expect, it } from "vitest";
import { compliantPrefix, findingsOf, flow, link, step } from "../testFlows";

const RULE = "consent.special";

function withConsent(consent: Parameters<typeof step<"consent">>[2]) {
  const prefix = compliantPrefix(["lead"]);
  prefix.nodes[3] = step("consent", "consent", { purposes: ["lead"], ...consent });
  return flow(
    [...prefix.nodes, step("input", "health-q", { specialCategory: "health" })],
    [...prefix.edges, link("consent", "accept", "health-q")],
  );
}

describe(RULE, () => {
  it("accepts an explicit consent naming the category", () => {
    expect(findingsOf(RULE, withConsent({ explicit: true, categories: ["health"] }))).toEqual([]);
  });

  it("flags an ordinary consent, and an explicit one for another category", () => {
    expect(findingsOf(RULE, withConsent({ explicit: false, categories: ["health"] })).map((d) => d.nodeId)).toEqual(["health-q"]);
    const other = findingsOf(RULE, withConsent({ explicit: true, categories: ["biometricData"] }));
    expect(other).toHaveLength(1);
    expect(other[0]).toMatchObject({ rule: RULE, severity: "error", path: ["start", "disclosure", "privacy", "consent", "health-q"] });
    expect(other[0].message).toContain("health");
  });

  it("ignores inputs without a special category", () => {
    const prefix = compliantPrefix(["lead"]);
    const doc = flow([...prefix.nodes, step("input", "email")], [...prefix.edges, link("consent", "accept", "email")]);
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("flags a special input reached after decline", () => {
    const doc = withConsent({ explicit: true, categories: ["health"] });
    const declined = flow(doc.nodes, [
      ...doc.edges.filter((e) => e.source !== "consent" || e.sourceHandle !== "decline"),
      link("consent", "decline", "health-q"),
    ]);
    expect(findingsOf(RULE, declined).map((d) => d.nodeId)).toEqual(["health-q"]);
  });

  it("needs the step's purpose in the explicit consent, and a no to it is final", () => {
    expect(findingsOf(RULE, withConsent({ explicit: true, categories: ["health"], purposes: ["marketing"] })).map((d) => d.nodeId)).toEqual(
      ["health-q"],
    );
    const doc = withConsent({ explicit: true, categories: ["health"] });
    const retried = flow(
      [...doc.nodes, step("consent", "again", { explicit: true, categories: ["health"], purposes: ["lead"] })],
      [
        ...doc.edges.filter((e) => e.source !== "consent" || e.sourceHandle !== "decline"),
        link("consent", "decline", "again"),
        link("again", "accept", "health-q"),
        link("again", "decline", "declined"),
      ],
    );
    const findings = findingsOf(RULE, retried);
    expect(findings.map((d) => d.nodeId)).toEqual(["health-q"]);
    expect(findings[0].params).toMatchObject({ declined: true });
  });
});
