import { hitsOf } from "../../flow";
import { namesController, reading } from "../contentText";
import type { Diagnostic, Rule } from "../types";

/**
 * The first layer of the privacy information: a privacy notice names the controller
 * and what the data is used for. A bare link to the policy is not a first layer.
 */
export const privacyText: Rule = {
  id: "privacy.text",
  severity: "warning",
  needsLegal: false,
  basis: "GDPR Art. 12(1), 13; EDPB transparency guidelines (layered notice)",
  check(context) {
    const diagnostics: Diagnostic[] = [];
    for (const index of context.indicesOfType.privacyNotice) {
      const node = context.graph.nodes[index];
      if (node.type !== "privacyNotice") continue;
      const text = node.data.text;
      const missing: string[] = [];
      if (!namesController(context, text)) missing.push("controller");
      if (hitsOf(reading(context, text), "privacyUse", { negated: true }).length === 0) missing.push("use");
      if (missing.length === 0) continue;
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        params: { step: context.describe(node), missing: missing.join("+") },
      });
    }
    return diagnostics;
  },
};
