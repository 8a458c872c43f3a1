import { term, type FlowNode, type TermRef } from "../flow";
import { witnessPath } from "./context";
import type { Diagnostic, PathRule, RuleContext } from "./types";

/** One diagnostic per violating step, with its witness path. */
export function pathRuleDiagnostics(rule: PathRule, context: RuleContext): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const nodes = context.graph.nodes;
  for (const search of rule.searches(context)) {
    for (const violator of search.violators) {
      diagnostics.push({
        rule: rule.id,
        severity: rule.severity,
        nodeId: nodes[violator].id,
        path: witnessPath(context, search, violator),
        params: rule.explain(context, search, violator),
      });
    }
  }
  return diagnostics;
}

/** What a data or promotional step does with the user's data, as a verb phrase of the catalogue. */
export function dataActionOf(node: FlowNode): TermRef {
  switch (node.type) {
    case "input":
      return node.data.variable ? term("actions.inputVariable", { variable: node.data.variable }) : term("actions.input");
    case "webhook":
      return term("actions.webhook", { receiver: node.data.processor || hostOf(node.data.url) || node.data.url });
    case "subscribe":
      return term("actions.subscribe", { list: node.data.list });
    case "message":
      return term("actions.message");
    default:
      return term("actions.other");
  }
}

/** The host of a URL, or null when it does not parse. */
export function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}
