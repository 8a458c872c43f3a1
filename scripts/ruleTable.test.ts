import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import de from "@/i18n/messages/de/rulebook.json";
import { RULES } from "@/core/compliance";
import { RULE_TABLE_END, RULE_TABLE_START, ruleSummary, ruleTableMarkdown } from "@/core/compliance/ruleTable";

describe("README rule list", () => {
  it("is exactly the table generated from the rule registry (npm run docs:rules rewrites it)", () => {
    const readme = readFileSync("README.md", "utf8");
    const start = readme.indexOf(RULE_TABLE_START);
    const end = readme.indexOf(RULE_TABLE_END);
    expect(start).toBeGreaterThan(-1);
    expect(readme.slice(start, end + RULE_TABLE_END.length)).toBe(ruleTableMarkdown());
  });

  it("has a one-sentence meaning in English and German and a legal basis for every registered rule", () => {
    for (const rule of RULES) {
      expect(ruleSummary(rule.id), rule.id).not.toBe("");
      expect(ruleSummary(rule.id, de), rule.id).not.toBe("");
      expect(rule.basis.length, rule.id).toBeGreaterThan(0);
    }
  });
});
