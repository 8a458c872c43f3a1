import type { FlowNode } from "../flow";
import { witnessPath } from "./context";
import { quote } from "./text";
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
        message: rule.explain(context, search, violator),
        path: witnessPath(context, search, violator),
      });
    }
  }
  return diagnostics;
}

/** What a data or promotional step does with the user's data, as a verb phrase. */
export function dataActionOf(context: RuleContext, node: FlowNode): string {
  const locale = context.locale;
  switch (node.type) {
    case "input":
      return locale === "de"
        ? `fragt persönliche Daten ab${node.data.variable ? ` (${node.data.variable})` : ""}`
        : `asks for personal data${node.data.variable ? ` (${node.data.variable})` : ""}`;
    case "webhook": {
      const receiver = node.data.processor || hostOf(node.data.url) || node.data.url;
      return locale === "de" ? `übermittelt Daten an ${receiver}` : `sends data to ${receiver}`;
    }
    case "subscribe":
      return locale === "de"
        ? `trägt die Person in die Liste ${quote(locale, node.data.list)} ein`
        : `adds the person to the list ${quote(locale, node.data.list)}`;
    case "message":
      return locale === "de" ? "ist Werbung" : "is advertising";
    default:
      return locale === "de" ? "verarbeitet Daten" : "processes data";
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
