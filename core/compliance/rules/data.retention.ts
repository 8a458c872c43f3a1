import type { Diagnostic, Rule } from "../types";

/** Three years: the regular limitation period (§ 195 BGB), the longest a chat lead is plausibly needed. */
export const RETENTION_MAX_DAYS = 1095;

/**
 * A personal-data input (inferred) says for how many days its answer is kept, and no
 * longer than three years. 0 is how the form stores "not set".
 */
export const dataRetention: Rule = {
  id: "data.retention",
  severity: "warning",
  needsLegal: false,
  basis: "GDPR Art. 5(1)(e) storage limitation",
  check(context) {
    const diagnostics: Diagnostic[] = [];
    const personal = context.labels.personal;
    for (const index of context.indicesOfType.input) {
      const node = context.graph.nodes[index];
      if (node.type !== "input" || personal.get(index) === null) continue;
      const days = node.data.retentionDays;
      const missing = typeof days !== "number" || !Number.isFinite(days) || days <= 0;
      if (!missing && days <= RETENTION_MAX_DAYS) continue;
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        params: {
          step: context.describe(node),
          problem: missing ? "missing" : "tooLong",
          days: missing ? 0 : days,
          max: RETENTION_MAX_DAYS,
        },
      });
    }
    return diagnostics;
  },
};
