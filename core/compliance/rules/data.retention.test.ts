import { describe, expect, it } from "vitest";
import type { Locale } from "../../flow";
import { findingsOf, flow, link, step } from "../testFlows";

const RULE = "data.retention";

function question(retentionDays: number, locale: Locale = "en", personalData = true) {
  // Without personal data the question must not read like one either: the labels are inferred from its words.
  const text = personalData ? (locale === "de" ? "Wie ist Ihre E-Mail-Adresse?" : "What is your e-mail address?") : "How many guests?";
  return flow(
    [
      step("start", "s"),
      step("input", "mail", {
        text,
        variable: personalData ? "email" : "guests",
        retentionDays,
        personalData,
        inputType: personalData ? "email" : "number",
      }),
    ],
    [link("s", "next", "mail")],
    { locale },
  );
}

describe(RULE, () => {
  it("accepts a personal-data question kept 1 to 1,095 days", () => {
    for (const days of [1, 180, 1095]) expect(findingsOf(RULE, question(days))).toEqual([]);
  });

  it("warns when a personal-data question has no retention period, in German and English", () => {
    const en = findingsOf(RULE, question(0, "en"));
    expect(en).toEqual([expect.objectContaining({ rule: RULE, severity: "warning", nodeId: "mail" })]);
    expect(en[0].message).toContain("does not say how long");
    expect(findingsOf(RULE, question(0, "de"))[0].message).toContain("fehlt, wie lange");
  });

  it("warns when the answer is kept longer than three years", () => {
    const de = findingsOf(RULE, question(1096, "de"));
    expect(de).toHaveLength(1);
    expect(de[0].message).toContain("1.096 Tage");
    expect(findingsOf(RULE, question(3650, "en"))[0].message).toContain("3,650 days");
  });

  it("does not apply to a question without personal data", () => {
    expect(findingsOf(RULE, question(0, "en", false))).toEqual([]);
  });
});
