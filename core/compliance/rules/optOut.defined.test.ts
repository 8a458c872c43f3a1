import { describe, expect, it } from "vitest";
import { activeOptOutKeywords, type FlowDocument, type Locale } from "../../flow";
import { compliantPrefix, findingsOf, flow, step } from "../testFlows";

const RULE = "optOut.defined";

function consentFlow(locale: Locale, keywords: string[], confirmation: string): FlowDocument {
  const prefix = compliantPrefix();
  return flow(prefix.nodes, prefix.edges, { locale, settings: { optOut: { keywords, confirmation }, redisclosureAfterHours: 24 } });
}

describe(RULE, () => {
  it("accepts a consent flow with a confirmation, with or without keywords of its own", () => {
    expect(findingsOf(RULE, consentFlow("en", ["STOP"], "You are unsubscribed."))).toEqual([]);
    // The standard keywords always work, so a flow need not list any.
    expect(findingsOf(RULE, consentFlow("de", [], "Sie sind abgemeldet."))).toEqual([]);
    expect(findingsOf(RULE, consentFlow("en", ["  "], "You are unsubscribed."))).toEqual([]);
  });

  it("flags a consent flow without a confirmation, in German and English", () => {
    const en = findingsOf(RULE, consentFlow("en", ["STOP"], " "));
    const de = findingsOf(RULE, consentFlow("de", ["STOP"], ""));
    expect(en).toEqual([expect.objectContaining({ rule: RULE, severity: "error", nodeId: null, params: { problem: "confirmation" } })]);
    expect(en[0].message).toContain("confirmation");
    expect(de[0].message).toContain("Bestätigung");
  });

  it("flags a custom keyword nobody can type, and names the standard keywords that still work", () => {
    const de = findingsOf(RULE, consentFlow("de", ["XQZ-UNSUB-9", "!!!"], "Sie sind abgemeldet."));
    expect(de).toHaveLength(1);
    expect(de[0].message).toContain("„!!!“");
    expect(de[0].message).toContain("STOP, STOPP und ABMELDEN");
    const en = findingsOf(RULE, consentFlow("en", ["🛑"], "You are unsubscribed."));
    expect(en[0].message).toContain("STOP and UNSUBSCRIBE");
  });

  it("does not apply to a flow without any consent", () => {
    const doc = flow([step("start", "s")], [], { settings: { optOut: { keywords: [], confirmation: "" }, redisclosureAfterHours: 24 } });
    expect(findingsOf(RULE, doc)).toEqual([]);
  });
});

describe("activeOptOutKeywords", () => {
  it('keeps the standard keywords when a flow lists only "XQZ-UNSUB-9"', () => {
    const settings = { optOut: { keywords: ["XQZ-UNSUB-9"] } };
    expect(activeOptOutKeywords(settings, "de")).toEqual(["XQZ-UNSUB-9", "STOP", "STOPP", "ABMELDEN"]);
    expect(activeOptOutKeywords(settings, "en")).toEqual(["XQZ-UNSUB-9", "STOP", "UNSUBSCRIBE"]);
  });

  it("lists each keyword once whatever its case, drops blank and unusable ones, keeps the flow's order first", () => {
    expect(activeOptOutKeywords({ optOut: { keywords: ["Abmelden", " ", "---", "stop"] } }, "de")).toEqual(["Abmelden", "stop", "STOPP"]);
  });
});
