import { describe, expect, it } from "vitest";
import type { FlowEdge, FlowNode, Locale } from "../../flow";
import { findingsOf, flow, link, step } from "../testFlows";

const RULE = "consent.doubleOptIn";

function build(nodes: FlowNode[], edges: FlowEdge[], locale: Locale) {
  return flow([step("start", "s"), ...nodes], [link("s", "next", nodes[0].id), ...edges], { locale });
}

const emailQuestion = (purpose: string, locale: Locale) =>
  step("input", "mail", {
    text: locale === "de" ? "Wie lautet Ihre E-Mail-Adresse?" : "What is your e-mail address?",
    variable: "email",
    inputType: "email",
    purpose,
  });

describe(RULE, () => {
  for (const locale of ["de", "en"] as const) {
    it(`${locale}: warns about an e-mail question for marketing`, () => {
      const findings = findingsOf(RULE, build([emailQuestion("marketing", locale)], [], locale));
      expect(findings).toEqual([
        expect.objectContaining({ rule: RULE, severity: "warning", nodeId: "mail", params: expect.objectContaining({ via: "input" }) }),
      ]);
      expect(findings[0].message).toContain(locale === "de" ? "Double-Opt-in" : "double opt-in");
    });

    it(`${locale}: warns about a webhook sending the e-mail address for marketing, not for a contact request`, () => {
      const hook = (purpose: string) => step("webhook", "hook", { sends: ["email"], purpose });
      const marketing = findingsOf(RULE, build([emailQuestion("lead", locale), hook("marketing")], [link("mail", "next", "hook")], locale));
      expect(marketing.map((d) => d.nodeId)).toEqual(["hook"]);
      expect(marketing[0].message).toContain(locale === "de" ? "sendet die E-Mail-Adresse" : "sends the e-mail address");
      expect(findingsOf(RULE, build([emailQuestion("lead", locale), hook("lead")], [link("mail", "next", "hook")], locale))).toEqual([]);
    });

    it(`${locale}: warns about a newsletter sign-up after an e-mail question, not one before it`, () => {
      const after = build([emailQuestion("lead", locale), step("subscribe", "list")], [link("mail", "next", "list")], locale);
      expect(findingsOf(RULE, after).map((d) => d.nodeId)).toEqual(["list"]);
      const before = build([step("subscribe", "list"), emailQuestion("lead", locale)], [link("list", "next", "mail")], locale);
      expect(findingsOf(RULE, before)).toEqual([]);
    });
  }

  it("does not apply without an e-mail question, e.g. a messenger-only newsletter", () => {
    const phone = step("input", "phone", { inputType: "phone", variable: "phone", purpose: "marketing", text: "Your phone number?" });
    expect(findingsOf(RULE, build([step("subscribe", "list")], [], "en"))).toEqual([]);
    expect(
      findingsOf(
        RULE,
        build([phone, step("webhook", "hook", { sends: ["phone"], purpose: "marketing" })], [link("phone", "next", "hook")], "en"),
      ),
    ).toEqual([]);
  });
});
