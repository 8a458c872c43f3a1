import { CHANNEL_LIMITS, RULES, type Rule } from "@/core/compliance";
import { canonicalJson } from "@/core/export";
import de from "@/core/flow/lexicons/de.json";
import en from "@/core/flow/lexicons/en.json";
import { sha256Hex } from "./secrets";

/**
 * Raised by hand when a release changes what a rule finds without changing anything the
 * fingerprint reads below (the logic inside a rule's check): every draft is then checked
 * again at the next start.
 */
const REVISION = 1;

type RuleData = Pick<Rule, "id" | "severity" | "needsLegal" | "basis">;

/** The fingerprint of a rulebook: its rules as data (in rulebook order, which the findings follow), the lexicons and the channel limits. */
export function fingerprintOf(rules: readonly RuleData[]): string {
  const description = {
    revision: REVISION,
    rules: rules.map((rule) => [rule.id, rule.severity, rule.needsLegal, rule.basis]),
    lexicons: { de, en },
    channelLimits: CHANNEL_LIMITS,
  };
  return sha256Hex(canonicalJson(description)).slice(0, 16);
}

let fingerprint: string | undefined;

/**
 * The fingerprint of the rulebook this release runs, stored beside every draft's findings
 * (flows.findings_rulebook). Start-up re-checks only the drafts whose findings carry
 * another one. Data only (no function source), so the start-up script and the server,
 * built by different tools, agree on it.
 */
export function rulebookFingerprint(): string {
  fingerprint ??= fingerprintOf(RULES);
  return fingerprint;
}
