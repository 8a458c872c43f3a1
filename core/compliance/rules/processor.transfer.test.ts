import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, type Locale, type Processor } from "../../flow";
import { findingsOf, flow } from "../testFlows";

const RULE = "processor.transfer";
const processor = (changes: Partial<Processor>): Processor => ({
  name: "Mail Tool",
  domain: "mail.example.com",
  purpose: "Newsletter",
  dpaSigned: true,
  ...changes,
});
const findings = (changes: Partial<Processor>, locale: Locale = "en") =>
  findingsOf(RULE, flow([], [], { locale }), { ...EXAMPLE_LEGAL, processors: [processor(changes)] });

describe(RULE, () => {
  it("accepts a processor in the EU/EEA, and one outside with a transfer basis", () => {
    expect(findings({ country: "DE" })).toEqual([]);
    expect(findings({ country: "no" })).toEqual([]);
    expect(findings({ country: "US", transferBasis: "dpf" })).toEqual([]);
    expect(findings({ country: "IN", transferBasis: "scc" })).toEqual([]);
    expect(findings({ country: "CH", transferBasis: "adequacy" })).toEqual([]);
  });

  it("warns about a processor without a country (settings saved before the field existed), in German and English", () => {
    const en = findings({});
    expect(en).toEqual([
      expect.objectContaining({ rule: RULE, severity: "warning", nodeId: null, params: { problem: "noCountry", processor: "Mail Tool" } }),
    ]);
    expect(en[0].message).toContain("in which country");
    expect(findings({ country: "" }, "de")[0].message).toContain("in welchem Land");
  });

  it("warns about a processor outside the EU/EEA without a transfer basis, in German and English", () => {
    const en = findings({ country: "US", transferBasis: null });
    expect(en[0].params).toEqual({ problem: "noBasis", processor: "Mail Tool", country: "US" });
    expect(en[0].message).toContain("outside the EU/EEA (US)");
    expect(findings({ country: "us" }, "de")[0].message).toContain("außerhalb von EU/EWR (US)");
  });

  it("warns about a country code that names no country", () => {
    expect(findings({ country: "XX" })[0].params).toMatchObject({ problem: "unknownCountry", country: "XX" });
  });

  it("is skipped without legal settings", () => {
    expect(findingsOf(RULE, flow([], []))).toEqual([]);
  });
});
