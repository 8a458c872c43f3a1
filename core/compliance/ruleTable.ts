import en from "../../i18n/messages/en/rulebook.json";
import { RULES } from "./rules";

/** Markers around the generated rule list in the README. */
export const RULE_TABLE_START = "<!-- rule table: generated from the rule registry, do not edit by hand -->";
export const RULE_TABLE_END = "<!-- end of rule table -->";

type Summaries = Record<string, Record<string, { summary: string }>>;

/** The one-sentence meaning of a rule from the catalogue; "" when it has none (a test catches that). */
export function ruleSummary(ruleId: string, catalogue: { rulebook: { rules: Summaries } } = en): string {
  const [group, name] = ruleId.split(".");
  return catalogue.rulebook.rules[group]?.[name]?.summary ?? "";
}

/**
 * The README's rule list as a Markdown table: id, severity, meaning, legal basis, in
 * registry order. Built from the registry and the catalogue, so the README can never
 * list a rule the checker does not have or miss one it has.
 */
export function ruleTableMarkdown(): string {
  const rows = RULES.map((rule) => `| \`${rule.id}\` | ${rule.severity} | ${ruleSummary(rule.id)} | ${rule.basis} |`);
  return [RULE_TABLE_START, "| id | severity | what it means | legal basis |", "|---|---|---|---|", ...rows, RULE_TABLE_END].join("\n");
}
