import { describe, expect, it } from "vitest";
import { findingsOf, flow, link, step } from "../testFlows";

const RULE = "consent.informed";

function noticeAfterConsent(locale: "de" | "en") {
  return flow(
    [
      step("start", "start"),
      step("botDisclosure", "disclosure"),
      step("consent", "consent"),
      step("privacyNotice", "privacy"),
      step("input", "email"),
      step("end", "declined", { text: locale === "de" ? "Schade, tschüss!" : "Bye!" }),
    ],
    [
      link("start", "next", "disclosure"),
      link("disclosure", "next", "consent"),
      link("consent", "accept", "privacy"),
      link("consent", "decline", "declined"),
      link("privacy", "next", "email"),
    ],
    { locale },
  );
}

describe(RULE, () => {
  for (const locale of ["de", "en"] as const) {
    it(`flags a privacy notice that only comes after the consent (${locale})`, () => {
      const findings = findingsOf(RULE, noticeAfterConsent(locale));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ nodeId: "consent", severity: "error", path: ["start", "disclosure", "consent"] });
      expect(findings[0].message).toContain(locale === "de" ? "Datenschutzhinweis" : "privacy notice");
    });

    it(`accepts the notice before the consent (${locale})`, () => {
      const doc = noticeAfterConsent(locale);
      const fixed = flow(
        doc.nodes,
        [
          link("start", "next", "disclosure"),
          link("disclosure", "next", "privacy"),
          link("privacy", "next", "consent"),
          link("consent", "accept", "email"),
          link("consent", "decline", "declined"),
        ],
        { locale },
      );
      expect(findingsOf(RULE, fixed)).toEqual([]);
    });
  }

  it("flags a consent reached on one way without a notice even when another way has one", () => {
    const doc = flow(
      [step("start", "s"), step("condition", "k"), step("privacyNotice", "p"), step("consent", "c")],
      [link("s", "next", "k"), link("k", "true", "p"), link("p", "next", "c"), link("k", "false", "c")],
    );
    expect(findingsOf(RULE, doc).map((d) => d.path)).toEqual([["s", "k", "c"]]);
  });
});
