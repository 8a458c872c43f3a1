import type { FlowDocument, FlowGraph, WorkspaceLegal } from "../flow";
import { buildRuleContext } from "./context";
import { RULES } from "./rules";
import type { Diagnostic } from "./types";

export interface ValidateOptions {
  /** Run only these rule ids (all by default). */
  rules?: readonly string[];
  /** A graph already built for this document, to share it with other work. */
  graph?: FlowGraph;
}

/**
 * Checks a flow against the whole rulebook and returns every finding, errors and
 * warnings, as data in no language (`formatDiagnostic` words them). Pure: no I/O,
 * safe in the browser.
 *
 * Without `legal` (null or undefined) the workspace rules `legal.links` and
 * `processor.declared` are skipped; callers that publish must pass it.
 * The graph is built once and shared by all rules; each path rule is O(nodes + edges).
 */
export function validate(document: FlowDocument, legal?: WorkspaceLegal | null, options: ValidateOptions = {}): Diagnostic[] {
  const context = buildRuleContext(document, legal ?? null, options.graph);
  const only = options.rules ? new Set(options.rules) : null;
  const diagnostics: Diagnostic[] = [];
  for (const rule of RULES) {
    if (only !== null && !only.has(rule.id)) continue;
    if (rule.needsLegal && context.legal === null) continue;
    const found = rule.check(context);
    for (let i = 0; i < found.length; i++) diagnostics.push(found[i]);
  }
  return diagnostics;
}

/** Whether any diagnostic blocks publishing and export. */
export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((diagnostic) => diagnostic.severity === "error");
}
