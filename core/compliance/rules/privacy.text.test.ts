import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL } from "../../flow";
import { findingsOf, flow, step } from "../testFlows";

const RULE = "privacy.text";

const notice = (locale: "de" | "en", text: string) => flow([step("privacyNotice", "p", { text })], [], { locale });

describe(RULE, () => {
  it("accepts a notice naming the controller and a use (de, en)", () => {
    expect(findingsOf(RULE, notice("de", "{company} verarbeitet Ihre Nachrichten, um Ihnen zu antworten."), EXAMPLE_LEGAL)).toEqual([]);
    expect(findingsOf(RULE, notice("de", "Die Beispiel GmbH nutzt Ihre Angaben für Ihre Anfrage."), EXAMPLE_LEGAL)).toEqual([]);
    expect(findingsOf(RULE, notice("en", "{company} processes your messages to answer you."), EXAMPLE_LEGAL)).toEqual([]);
  });

  it("warns about a bare link", () => {
    const [finding] = findingsOf(RULE, notice("de", "https://www.example.com/datenschutz"), EXAMPLE_LEGAL);
    expect(finding).toMatchObject({ rule: RULE, severity: "warning", nodeId: "p" });
    expect(finding.message).toContain("ein bloßer Link reicht nicht");
  });

  it("warns when the controller or the use is missing", () => {
    expect(findingsOf(RULE, notice("en", "We process your messages to answer you."), EXAMPLE_LEGAL)[0].message).toContain(
      "does not name who is responsible",
    );
    expect(findingsOf(RULE, notice("de", "Datenschutz bei {company}: siehe Link."), EXAMPLE_LEGAL)[0].message).toContain(
      "wofür die Daten genutzt werden",
    );
  });
});
