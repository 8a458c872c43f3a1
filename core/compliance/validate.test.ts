import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, createFlowFromTemplate } from "../flow";
import { RULES, WORKSPACE_RULE_IDS } from "./rules";
import { formatDiagnostic } from "./format";
import { flow, link, step } from "./testFlows";
import { validate } from "./validate";

describe("validate", () => {
  it("has one rule per rulebook id, each with severity and legal basis", () => {
    expect(RULES.map((rule) => rule.id)).toEqual([
      "disclosure.first",
      "disclosure.afterHandoff",
      "disclosure.redisclosure",
      "handoff.notice",
      "privacy.beforeData",
      "consent.beforeData",
      "consent.special",
      "consent.wellFormed",
      "optOut.defined",
      "data.purpose",
      "data.unused",
      "data.retention",
      "consent.doubleOptIn",
      "processor.declared",
      "legal.links",
      "channel.limits",
      "channel.humanPath",
      "graph.start",
      "graph.edges",
      "graph.deadEnd",
      "graph.unreachable",
    ]);
    for (const rule of RULES) expect(rule.basis.length).toBeGreaterThan(0);
    expect(WORKSPACE_RULE_IDS).toEqual(["processor.declared", "legal.links"]);
  });

  it("skips the workspace rules without legal settings and runs them with", () => {
    const doc = createFlowFromTemplate("leadCapture", { id: "x", name: "X", locale: "en" });
    const incomplete = { ...EXAMPLE_LEGAL, impressumUrl: "", processors: [] };
    expect(validate(doc).filter((d) => WORKSPACE_RULE_IDS.includes(d.rule))).toEqual([]);
    expect(validate(doc, null).filter((d) => WORKSPACE_RULE_IDS.includes(d.rule))).toEqual([]);
    const rules = validate(doc, incomplete).map((d) => d.rule);
    expect(rules).toContain("legal.links");
    expect(rules).toContain("processor.declared");
  });

  it("reports findings as language-free data that one function words in either language", () => {
    const base = createFlowFromTemplate("default", { id: "x", name: "X", locale: "de" });
    const withoutStart = (locale: "de" | "en") => ({ ...base, locale, nodes: base.nodes.filter((n) => n.type !== "start") });
    const de = validate(withoutStart("de")).find((d) => d.rule === "graph.start");
    const en = validate(withoutStart("en")).find((d) => d.rule === "graph.start");
    // The stored finding does not depend on the flow's language ...
    expect(de).toEqual(en);
    expect(JSON.parse(JSON.stringify(de))).toEqual(de);
    expect(de).not.toHaveProperty("message");
    // ... the reader's language decides the words.
    expect(formatDiagnostic(de!, "de")).toContain("keinen Start");
    expect(formatDiagnostic(de!, "en")).toContain("no start");
  });

  it("names steps, purposes and triggering data in params, not in sentences", () => {
    const doc = flow(
      [step("start", "s"), step("message", "m", { text: "Willkommen bei uns, schön dass du da bist!" }), step("end", "e")],
      [link("s", "next", "m"), link("m", "next", "e")],
      { locale: "de" },
    );
    const [finding] = validate(doc, null, { rules: ["disclosure.first"] });
    expect(finding.params.step).toEqual({ kind: "step", id: "m", type: "message", quote: "Willkommen bei uns, schön dass du da…" });
    expect(formatDiagnostic(finding, "de")).toMatch(/^Nachricht „Willkommen bei uns, schön dass du da…“ wird gesendet/);
    expect(formatDiagnostic(finding, "en")).toMatch(/^Message "Willkommen bei uns, schön dass du da…" is sent/);
  });
});
