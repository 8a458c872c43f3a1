import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, type Locale, type WorkspaceLegal } from "../../flow";
import { findingsOf, flow } from "../testFlows";

const RULE = "legal.links";
const doc = (locale: Locale = "en") => flow([], [], { locale });
const legalWith = (changes: Partial<WorkspaceLegal>): WorkspaceLegal => ({ ...EXAMPLE_LEGAL, ...changes });

describe(RULE, () => {
  it("accepts complete legal settings, with an e-mail or an https link as privacy contact", () => {
    expect(findingsOf(RULE, doc(), EXAMPLE_LEGAL)).toEqual([]);
    expect(findingsOf(RULE, doc(), legalWith({ privacyContact: "https://www.example.co.uk/privacy-contact" }))).toEqual([]);
    expect(findingsOf(RULE, doc(), legalWith({ privacyContact: "mailto:dsb@example.de" }))).toEqual([]);
  });

  it("flags settings without an address or privacy contact, one finding each, in German and English", () => {
    const legal = legalWith({ controller: { name: "Beispiel GmbH", address: " " }, privacyContact: "" });
    const en = findingsOf(RULE, doc("en"), legal);
    expect(en.map((d) => d.params)).toEqual([
      { item: "address", problem: "missing" },
      { item: "privacyContact", problem: "missing", value: { kind: "quote", text: "" } },
    ]);
    expect(en.every((d) => d.severity === "error" && d.nodeId === null)).toBe(true);
    expect(en[0].message).toContain("postal address");
    expect(en[1].message).toContain("privacy contact");
    const de = findingsOf(RULE, doc("de"), legal);
    expect(de[0].message).toContain("Postanschrift");
    expect(de[1].message).toContain("Datenschutz-Kontakt");
  });

  it('flags "https://x" and "https://localhost/" as links nobody can open, in German and English', () => {
    const legal = legalWith({ impressumUrl: "https://x", privacyPolicyUrl: "https://localhost/" });
    const en = findingsOf(RULE, doc("en"), legal);
    expect(en.map((d) => [d.params.item, d.params.problem])).toEqual([
      ["impressum", "notPublic"],
      ["privacyPolicy", "notPublic"],
    ]);
    expect(en[0].message).toContain('Impressum link "https://x" is not a public web address');
    const de = findingsOf(RULE, doc("de"), legal);
    expect(de[1].message).toContain("Link zur Datenschutzerklärung „https://localhost/“ keine öffentliche Webadresse");
  });

  it("flags IP literals, suffix-only hosts, reserved names and plain http", () => {
    for (const url of [
      "https://127.0.0.1/impressum",
      "https://[::1]/",
      "https://[2001:db8::1]/x",
      "https://co.uk",
      "https://com/",
      "https://intranet.local/",
    ]) {
      expect(findingsOf(RULE, doc(), legalWith({ impressumUrl: url })).map((d) => d.params.problem)).toEqual(["notPublic"]);
    }
    expect(findingsOf(RULE, doc(), legalWith({ impressumUrl: "http://www.example.com/impressum" }))[0].params.problem).toBe("notHttps");
  });

  it("flags a privacy contact that is neither an e-mail address nor a public https link", () => {
    for (const contact of ["Herr Müller", "dsb@localhost", "http://www.example.com/kontakt", "https://x"]) {
      expect(findingsOf(RULE, doc(), legalWith({ privacyContact: contact })).map((d) => d.params.problem)).toEqual(["invalid"]);
    }
  });

  it("flags a missing controller name", () => {
    const findings = findingsOf(RULE, doc("de"), legalWith({ controller: { name: "", address: "Musterstraße 1, Berlin" } }));
    expect(findings[0].message).toContain("Name des Verantwortlichen");
  });

  it("is skipped without legal settings", () => {
    expect(findingsOf(RULE, doc())).toEqual([]);
  });
});
