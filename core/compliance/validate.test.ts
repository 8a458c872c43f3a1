import { describe, expect, it } from "vitest";
import { EXAMPLE_LEGAL, createFlowFromTemplate } from "../flow";
import { RULES, WORKSPACE_RULE_IDS } from "./rules";
import { validate } from "./validate";

describe("validate", () => {
  it("has one rule per rulebook id, each with severity and legal basis", () => {
    expect(RULES.map((rule) => rule.id)).toEqual([
      "disclosure.first",
      "disclosure.afterHandoff",
      "handoff.notice",
      "privacy.beforeData",
      "consent.beforeData",
      "consent.special",
      "consent.wellFormed",
      "optOut.defined",
      "data.purpose",
      "data.unused",
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

  it("writes messages in the flow's locale", () => {
    const base = createFlowFromTemplate("default", { id: "x", name: "X", locale: "de" });
    const withoutStart = (locale: "de" | "en") => ({ ...base, locale, nodes: base.nodes.filter((n) => n.type !== "start") });
    const de = validate(withoutStart("de")).find((d) => d.rule === "graph.start");
    const en = validate(withoutStart("en")).find((d) => d.rule === "graph.start");
    expect(de?.message).toContain("keinen Start");
    expect(en?.message).toContain("no start");
  });
});
