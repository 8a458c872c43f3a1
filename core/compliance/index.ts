/** The compliance rulebook: validate a flow, repair its paths, the rules as data. */
export { validate, hasErrors, type ValidateOptions } from "./validate";
export { formatDiagnostic, formatDiagnostics } from "./format";
export { autofix, type AutofixInsertion, type AutofixMove, type AutofixRemoval, type AutofixOptions, type AutofixResult } from "./autofix";
export { RULES, AUTOFIX_RULES, RULE_IDS, WORKSPACE_RULE_IDS } from "./rules";
export { buildRuleContext, witnessPath } from "./context";
export { searchUncovered, type UncoveredSearch } from "./pathSearch";
export * from "./channelLimits";
export type { Diagnostic, FormattedDiagnostic, Severity, Rule, PathRule, RuleContext, MissingStep } from "./types";
export { ZWorkspaceLegal, ZProcessor, type WorkspaceLegal, type Processor } from "../flow/legal";
