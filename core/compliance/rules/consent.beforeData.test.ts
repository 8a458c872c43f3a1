import { describe, expect, it } from "vitest";
import { compliantPrefix, findingsOf, flaggedSteps, flow, link, step } from "../testFlows";

const RULE = "consent.beforeData";

describe(RULE, () => {
  it("accepts data steps behind the accept output of a consent for their purpose", () => {
    const prefix = compliantPrefix(["lead", "marketing"]);
    const doc = flow(
      [
        ...prefix.nodes,
        step("input", "email"),
        step("webhook", "crm"),
        step("subscribe", "sub"),
        step("message", "promo", { promotional: true }),
      ],
      [
        ...prefix.edges,
        link("consent", "accept", "email"),
        link("email", "next", "crm"),
        link("crm", "success", "sub"),
        link("sub", "next", "promo"),
      ],
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("follows the decline output: data after a decline is a violation", () => {
    const prefix = compliantPrefix(["lead"]);
    const edges = prefix.edges.filter((edge) => edge.sourceHandle !== "decline");
    const doc = flow(
      [...prefix.nodes, step("input", "email"), step("input", "after-no")],
      [...edges, link("consent", "accept", "email"), link("consent", "decline", "after-no")],
    );
    const [finding, ...rest] = findingsOf(RULE, doc);
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ nodeId: "after-no", path: ["start", "disclosure", "privacy", "consent", "after-no"] });
  });

  it("needs a consent for the step's own purpose", () => {
    const prefix = compliantPrefix(["marketing"]);
    const doc = flow([...prefix.nodes, step("input", "email", { purpose: "lead" })], [...prefix.edges, link("consent", "accept", "email")]);
    const findings = findingsOf(RULE, doc);
    expect(findings.map((d) => d.nodeId)).toEqual(["email"]);
    expect(findings[0].message).toContain("Contact request");
  });

  it("treats promotional messages and subscribe as marketing", () => {
    const prefix = compliantPrefix(["lead"]);
    const doc = flow(
      [...prefix.nodes, step("message", "promo", { promotional: true }), step("subscribe", "sub"), step("message", "plain")],
      [...prefix.edges, link("consent", "accept", "plain"), link("plain", "next", "promo"), link("promo", "next", "sub")],
    );
    expect(flaggedSteps(RULE, doc)).toEqual(["promo", "sub"]);
  });

  it("ignores inputs without personal data", () => {
    const doc = flow([step("start", "s"), step("input", "count", { personalData: false })], [link("s", "next", "count")]);
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("is fine with loops back before the consent", () => {
    const prefix = compliantPrefix(["lead"]);
    const doc = flow(
      [...prefix.nodes, step("input", "email"), step("message", "again")],
      [...prefix.edges, link("consent", "accept", "email"), link("email", "next", "again"), link("again", "next", "consent")],
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });
});
