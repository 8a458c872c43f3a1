import { describe, expect, it } from "vitest";
import de from "@/i18n/messages/de/rulebook.json";
import en from "@/i18n/messages/en/rulebook.json";
import { RULES } from "@/core/compliance";

type Entry = { title?: string; summary?: string; explanation?: string };
const entryOf = (catalogue: typeof de, ruleId: string): Entry => {
  const [group, name] = ruleId.split(".");
  return (catalogue.rulebook.rules as Record<string, Record<string, Entry>>)[group]?.[name] ?? {};
};

describe("the rules page's catalogue", () => {
  for (const [locale, catalogue] of [
    ["de", de],
    ["en", en],
  ] as const) {
    it(`has a title, a summary and a plain-language explanation for every registered rule (${locale})`, () => {
      const titles = new Set<string>();
      for (const rule of RULES) {
        const entry = entryOf(catalogue, rule.id);
        expect(entry.title?.trim(), rule.id).toBeTruthy();
        expect(entry.summary?.trim(), rule.id).toBeTruthy();
        // An explanation says more than the one-line summary: why, and what to do.
        expect(entry.explanation?.length ?? 0, rule.id).toBeGreaterThan(30);
        titles.add(entry.title!);
      }
      // Titles tell the entries apart in the page's contents.
      expect(titles.size).toBe(RULES.length);
    });
  }

  it("addresses marketers with Sie in German", () => {
    const german = RULES.map((rule) => entryOf(de, rule.id).explanation ?? "").join(" ");
    expect(german).not.toMatch(/\b(du|dein|deine|deinen|dich|dir)\b/);
  });
});
