import { describe, expect, it } from "vitest";
import { findingsOf, flaggedSteps, flow, link, step } from "../testFlows";

const RULE = "privacy.beforeData";

describe(RULE, () => {
  it("accepts data steps behind a privacy notice", () => {
    const doc = flow(
      [step("start", "s"), step("privacyNotice", "p"), step("input", "email"), step("webhook", "crm"), step("subscribe", "sub")],
      [link("s", "next", "p"), link("p", "next", "email"), link("email", "next", "crm"), link("crm", "success", "sub")],
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("flags inputs, webhooks and subscribe steps reachable without it", () => {
    const doc = flow(
      [step("start", "s"), step("input", "email"), step("webhook", "crm"), step("subscribe", "sub")],
      [link("s", "next", "email"), link("email", "next", "crm"), link("crm", "failure", "sub")],
    );
    expect(flaggedSteps(RULE, doc)).toEqual(["crm", "email", "sub"]);
    expect(findingsOf(RULE, doc).find((d) => d.nodeId === "sub")?.path).toEqual(["s", "email", "crm", "sub"]);
  });

  it("ignores inputs without personal data", () => {
    const doc = flow(
      [step("start", "s"), step("input", "n", { personalData: false, text: "How many people?", inputType: "number", variable: "guests" })],
      [link("s", "next", "n")],
    );
    expect(findingsOf(RULE, doc)).toEqual([]);
  });

  it("flags a data step reached by a side path around the notice", () => {
    const doc = flow(
      [step("start", "s"), step("choice", "c"), step("privacyNotice", "p"), step("input", "email")],
      [link("s", "next", "c"), link("c", "a", "p"), link("p", "next", "email"), link("c", "b", "email")],
    );
    expect(findingsOf(RULE, doc).map((d) => d.path)).toEqual([["s", "c", "email"]]);
  });
});
