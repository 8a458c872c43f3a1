import { describe, expect, it } from "vitest";
import type { Channel } from "../../flow";
import { compliantPrefix, findingsOf, flow, link, step } from "../testFlows";

const RULE = "channel.window";

/** Consent for marketing, then a wait, then a promotion. */
function promotionAfterWait(seconds: number, channels: Channel[], locale: "de" | "en", between: "none" | "question" = "none") {
  const prefix = compliantPrefix(["marketing"]);
  const text = locale === "de" ? "30 % Rabatt – jetzt kaufen!" : "30% off – buy now!";
  const nodes = [
    ...prefix.nodes,
    step("delay", "wait", { seconds }),
    step("message", "promo", { text, promotional: true }),
    step("end", "e"),
  ];
  const edges = [...prefix.edges, link("consent", "accept", "wait"), link("promo", "next", "e")];
  if (between === "question") {
    nodes.push(step("choice", "still", { text: locale === "de" ? "Noch Interesse?" : "Still interested?" }));
    edges.push(link("wait", "next", "still"), link("still", "a", "promo"), link("still", "b", "e"), link("still", "fallback", "e"));
  } else edges.push(link("wait", "next", "promo"));
  return flow(nodes, edges, { channels, locale });
}

describe(RULE, () => {
  for (const locale of ["de", "en"] as const) {
    it(`flags a promotion after a 48-hour delay on Messenger (${locale})`, () => {
      const findings = findingsOf(RULE, promotionAfterWait(48 * 3600, ["messenger"], locale));
      expect(findings).toHaveLength(1);
      expect(findings[0]).toMatchObject({ nodeId: "promo", severity: "error" });
      expect(findings[0].path).toEqual(["start", "disclosure", "privacy", "consent", "wait", "promo"]);
      expect(findings[0].message).toContain("48");
      expect(findings[0].message).toContain("Messenger");
    });

    it(`accepts a promotion after a shorter delay, or after the person answered (${locale})`, () => {
      expect(findingsOf(RULE, promotionAfterWait(23 * 3600, ["messenger"], locale))).toEqual([]);
      expect(findingsOf(RULE, promotionAfterWait(48 * 3600, ["messenger"], locale, "question"))).toEqual([]);
    });
  }

  it("counts exactly 24 hours as outside the window, on WhatsApp and Instagram too, but not on Telegram", () => {
    expect(findingsOf(RULE, promotionAfterWait(86_400, ["whatsapp"], "en")).map((d) => d.nodeId)).toEqual(["promo"]);
    expect(findingsOf(RULE, promotionAfterWait(86_400, ["instagram"], "en")).map((d) => d.nodeId)).toEqual(["promo"]);
    expect(findingsOf(RULE, promotionAfterWait(86_399, ["whatsapp"], "en"))).toEqual([]);
    expect(findingsOf(RULE, promotionAfterWait(72 * 3600, ["telegram"], "en"))).toEqual([]);
  });
});
