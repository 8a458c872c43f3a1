import { describe, expect, it } from "vitest";
import { RULES } from "@/core/compliance";
import { fingerprintOf, rulebookFingerprint } from "./rulebookFingerprint";

describe("rulebook fingerprint", () => {
  it("is the same for the same rulebook and changes with a rule's id, severity, legal need or order, or a new rule", () => {
    const base = fingerprintOf(RULES);
    expect(rulebookFingerprint()).toBe(base);
    expect(fingerprintOf(RULES.map((rule) => ({ ...rule })))).toBe(base);
    const changed = [
      fingerprintOf([...RULES, { id: "graph.new", severity: "warning", needsLegal: false, basis: "" }]),
      fingerprintOf(RULES.map((rule, i) => (i === 0 ? { ...rule, severity: rule.severity === "error" ? "warning" : "error" } : rule))),
      fingerprintOf(RULES.map((rule, i) => (i === 0 ? { ...rule, needsLegal: !rule.needsLegal } : rule))),
      fingerprintOf(RULES.map((rule, i) => (i === 0 ? { ...rule, id: `${rule.id}2` } : rule))),
      fingerprintOf([...RULES].reverse()),
    ];
    expect(new Set([base, ...changed]).size).toBe(changed.length + 1);
  });
});
