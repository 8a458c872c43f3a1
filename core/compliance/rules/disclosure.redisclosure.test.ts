import { describe, expect, it } from "vitest";
import type { Locale } from "../../flow";
import { compliantPrefix, findingsOf, flow } from "../testFlows";

const RULE = "disclosure.redisclosure";

function withHours(redisclosureAfterHours: number, locale: Locale = "en") {
  const prefix = compliantPrefix();
  return flow(prefix.nodes, prefix.edges, {
    locale,
    settings: { optOut: { keywords: ["STOP"], confirmation: "Bye." }, redisclosureAfterHours },
  });
}

describe(RULE, () => {
  it("accepts 1 to 24 hours, the bounds included", () => {
    for (const hours of [1, 1.5, 12, 24]) expect(findingsOf(RULE, withHours(hours))).toEqual([]);
  });

  it("flags 0 hours, which used to switch re-disclosure off silently, in German and English", () => {
    const en = findingsOf(RULE, withHours(0, "en"));
    const de = findingsOf(RULE, withHours(0, "de"));
    expect(en).toEqual([expect.objectContaining({ rule: RULE, severity: "error", nodeId: null })]);
    expect(en[0].message).toContain("switches re-disclosure off");
    expect(en[0].message).toContain("between 1 and 24 hours");
    expect(de[0].message).toContain("abgeschaltet");
    expect(de[0].message).toContain("zwischen 1 und 24 Stunden");
  });

  it("flags less than an hour and more than a day", () => {
    expect(findingsOf(RULE, withHours(0.5))).toHaveLength(1);
    const week = findingsOf(RULE, withHours(168, "de"));
    expect(week).toHaveLength(1);
    expect(week[0].message).toContain("168 Stunden");
    expect(week[0].message).toContain("zu spät");
  });
});
