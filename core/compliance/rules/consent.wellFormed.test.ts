import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, activeOptOutKeywords } from "../../flow";
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

describe(`${RULE}: what the consent says (rulebook version 2)`, () => {
  const localised = (locale: "de" | "en", data: Parameters<typeof step<"consent">>[2]) => ({ ...consentFlow(data), locale });

  it("flags a consent text 'OK?' with accept label 'Weiter' and names the label (de, en)", () => {
    const [de] = findingsOf(RULE, localised("de", { text: "OK?", acceptLabel: "Weiter", declineLabel: "Nein" }), EXAMPLE_LEGAL);
    expect(de.message).toContain("nennt Ihr Unternehmen nicht");
    expect(de.message).toContain("„Contact request“ nicht");
    expect(de.message).toContain("„Weiter“");
    expect(de.params.words).toEqual([{ kind: "quote", text: "Weiter" }]);
    const [en] = findingsOf(RULE, localised("en", { text: "OK?", acceptLabel: "OK", declineLabel: "No" }));
    expect(en.message).toContain('the "yes" label "OK" does not clearly agree');
  });

  it("flags a decline label that agrees ('Ja, später') or does not refuse", () => {
    expect(findingsOf(RULE, localised("de", { declineLabel: "Ja, später" }))[0].message).toContain("klingt nach Zustimmung");
    expect(findingsOf(RULE, localised("en", { declineLabel: "Later" }))[0].message).toContain("does not clearly refuse");
  });

  it("reads labels in braces as the buttons show them: no variable is filled into a label", () => {
    // A "no" button that says "{{Ja}}" agrees; before, the braces hid the word and the finding only said it did not refuse.
    expect(findingsOf(RULE, localised("de", { declineLabel: "{{Ja}}" }))[0].message).toContain("klingt nach Zustimmung");
    expect(findingsOf(RULE, localised("de", { acceptLabel: "{{Ja}}" }))).toEqual([]);
  });

  it("flags a withdrawal hint that names no opt-out keyword", () => {
    const [de] = findingsOf(RULE, localised("de", { withdrawalHint: "Sie können jederzeit widerrufen." }));
    expect(de.message).toContain("nennt kein Abmeldewort (z. B. STOP, STOPP und ABMELDEN)");
    expect(findingsOf(RULE, localised("en", { withdrawalHint: "You can withdraw at any time." }))[0].message).toContain(
      "names no opt-out keyword",
    );
  });

  it("accepts a standard keyword even when the flow lists only a custom one", () => {
    const doc = localised("en", { withdrawalHint: "Write UNSUBSCRIBE to withdraw." });
    expect(findingsOf(RULE, { ...doc, settings: { ...doc.settings, optOut: { keywords: ["XQZ-UNSUB-9"], confirmation: "Bye" } } })).toEqual(
      [],
    );
  });

  it("reads the keywords from the one list the runtime and export use: a keyword nobody can type does not count", () => {
    const doc = localised("de", { withdrawalHint: "Widerruf jederzeit: Schreiben Sie ---." });
    const settings = { ...doc.settings, optOut: { keywords: ["---", "Tschüss"], confirmation: "Abgemeldet." } };
    const [finding] = findingsOf(RULE, { ...doc, settings });
    const named = activeOptOutKeywords(settings, "de").map((keyword) => keyword.toUpperCase());
    expect(named).toEqual(["TSCHÜSS", "STOP", "STOPP", "ABMELDEN"]);
    expect(finding.params.problems).toContainEqual(expect.objectContaining({ params: { keywords: named } }));
    expect(
      findingsOf(RULE, {
        ...doc,
        settings,
        nodes: doc.nodes.map((n) =>
          n.id === "consent" && n.type === "consent" ? { ...n, data: { ...n.data, withdrawalHint: "Schreiben Sie tschüss." } } : n,
        ),
      }),
    ).toEqual([]);
  });

  it("accepts a well-formed consent in German and English", () => {
    const de = localised("de", {
      text: "Darf {company} Ihre E-Mail-Adresse für „Contact request“ speichern, um Sie zu kontaktieren?",
      acceptLabel: "Ja, einverstanden",
      declineLabel: "Nein, danke",
      withdrawalHint: "Widerruf jederzeit: Schreiben Sie STOPP.",
    });
    expect(findingsOf(RULE, de)).toEqual([]);
    expect(findingsOf(RULE, localised("en", { acceptLabel: "Yes, I agree", declineLabel: "No, thanks" }))).toEqual([]);
  });

  it("with legal settings, the controller's own name counts as naming it", () => {
    const doc = localised("de", { text: "Darf die Beispiel GmbH Ihre Angaben für „Contact request“ nutzen?" });
    expect(findingsOf(RULE, doc, EXAMPLE_LEGAL)).toEqual([]);
    expect(
      findingsOf(RULE, localised("de", { text: "Dürfen wir Ihre Angaben für „Contact request“ nutzen?" }), EXAMPLE_LEGAL),
    ).toHaveLength(1);
  });
});
