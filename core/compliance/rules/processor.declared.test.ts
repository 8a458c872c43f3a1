import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, type Locale, type Processor, type WorkspaceLegal } from "../../flow";
import { findingsOf, flow, step } from "../testFlows";

const RULE = "processor.declared";
const crm = (changes: Partial<Processor> = {}): Processor => ({
  name: "Example CRM",
  domain: "crm.example.com",
  purpose: "CRM",
  dpaSigned: true,
  country: "DE",
  transferBasis: null,
  ...changes,
});
const legalWith = (...processors: Processor[]): WorkspaceLegal => ({ ...EXAMPLE_LEGAL, processors });
const hookFlow = (url: string, locale: Locale = "en") => flow([step("webhook", "hook", { url })], [], { locale });

describe(RULE, () => {
  it("accepts an https webhook to a declared processor (and its subdomains)", () => {
    const doc = flow([step("webhook", "w1"), step("webhook", "w2", { url: "https://eu.crm.example.com/x" })], []);
    expect(findingsOf(RULE, doc, EXAMPLE_LEGAL)).toEqual([]);
    expect(findingsOf(RULE, doc, legalWith(crm()))).toEqual([]);
  });

  it("flags plain http and undeclared hosts", () => {
    const doc = flow(
      [
        step("webhook", "http", { url: "http://crm.example.com/x" }),
        step("webhook", "other", { url: "https://tracker.example.net/x" }),
        step("webhook", "lookalike", { url: "https://evilcrm.example.com/x" }),
      ],
      [],
    );
    const findings = findingsOf(RULE, doc, EXAMPLE_LEGAL);
    expect(findings.map((d) => d.nodeId)).toEqual(["http", "other", "lookalike"]);
    expect(findings[0].message).toContain("https://");
    expect(findings[1].message).toContain("tracker.example.net");
  });

  it("flags a webhook to a processor without a signed data processing agreement, in German and English", () => {
    const legal = legalWith(crm({ dpaSigned: false }));
    const en = findingsOf(RULE, hookFlow("https://crm.example.com/hook", "en"), legal);
    expect(en).toEqual([expect.objectContaining({ nodeId: "hook", params: expect.objectContaining({ problem: "noDpa" }) })]);
    expect(en[0].message).toContain("no data processing agreement");
    const de = findingsOf(RULE, hookFlow("https://crm.example.com/hook", "de"), legal);
    expect(de[0].message).toContain("Auftragsverarbeitungsvertrag mit ihm ist nicht eingetragen");
    // The same host with the agreement ticked passes.
    expect(findingsOf(RULE, hookFlow("https://crm.example.com/hook"), legalWith(crm()))).toEqual([]);
  });

  it('never lets a suffix such as "com" or "co.uk" whitelist hosts, and names it, in German and English', () => {
    const suffixes = legalWith(crm({ name: "Everything", domain: "com" }), crm({ name: "British", domain: "co.uk" }));
    const en = findingsOf(RULE, hookFlow("https://crm.example.com/hook", "en"), suffixes);
    expect(en.map((d) => [d.nodeId, d.params.problem])).toEqual([
      [null, "suffixDomain"],
      [null, "suffixDomain"],
      ["hook", "undeclared"],
    ]);
    expect(en[0].message).toContain('"com"');
    expect(findingsOf(RULE, hookFlow("https://shop.example.co.uk/x", "de"), suffixes)[1].message).toContain("„co.uk“");
    // A registrable domain under the same suffix is a processor like any other.
    expect(findingsOf(RULE, hookFlow("https://shop.example.co.uk/x"), legalWith(crm({ domain: "example.co.uk" })))).toEqual([]);
  });

  it("is skipped without legal settings", () => {
    const doc = flow([step("webhook", "w", { url: "http://x.test" })], []);
    expect(findingsOf(RULE, doc, null)).toEqual([]);
    expect(findingsOf(RULE, doc, EXAMPLE_LEGAL)).toHaveLength(1);
  });
});

describe(`${RULE}: declared domains that are no domain`, () => {
  it("names a declared single-label or reserved host as no public domain", () => {
    const legal: WorkspaceLegal = { ...EXAMPLE_LEGAL, processors: [{ ...EXAMPLE_LEGAL.processors[0], domain: "localhost" }] };
    const findings = findingsOf(RULE, flow([], []), legal);
    expect(findings.map((d) => d.params.problem)).toEqual(["invalidDomain"]);
    expect(findings[0].message).toContain("not a domain on the public internet");
  });
});
