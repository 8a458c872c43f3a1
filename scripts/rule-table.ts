import { readFileSync, writeFileSync } from "node:fs";
import { RULE_TABLE_END, RULE_TABLE_START, ruleTableMarkdown } from "@/core/compliance/ruleTable";

/** Rewrites the README's rule list from the rule registry (run after adding a rule). */
const readme = readFileSync("README.md", "utf8");
const start = readme.indexOf(RULE_TABLE_START);
const end = readme.indexOf(RULE_TABLE_END);
if (start < 0 || end < 0) throw new Error("README.md has no rule table markers.");
writeFileSync("README.md", readme.slice(0, start) + ruleTableMarkdown() + readme.slice(end + RULE_TABLE_END.length));
console.log("README.md rule table updated.");
