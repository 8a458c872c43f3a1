import type { Diagnostic, Rule } from "../types";

/** `{{ name }}` references in texts; compiled once, not per node. */
const VARIABLE_REFERENCE = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/**
 * A collected variable is never used (text `{{var}}`, condition, webhook `sends`).
 *
 * "After collection" is approximated as "by any other step": the exact downstream
 * question would need one search per variable, which is not O(nodes + edges), and a
 * use before collection is a different mistake that this warning is not about.
 */
export const dataUnused: Rule = {
  id: "data.unused",
  severity: "warning",
  needsLegal: false,
  basis: "GDPR Art. 5(1)(c) data minimisation",
  check(context) {
    const nodes = context.graph.nodes;
    const inputs = context.indicesOfType.input;
    if (inputs.length === 0) return [];
    // Only the variables inputs collect are asked about: each gets a slot, and a use of
    // any other name is ignored without being recorded.
    const slotOf = new Map<string, number>();
    for (const index of inputs) {
      const node = nodes[index];
      if (node.type !== "input") continue;
      const variable = node.data.variable.trim();
      if (variable !== "" && !slotOf.has(variable)) slotOf.set(variable, slotOf.size);
    }
    // Per slot: the one node using the variable, -1 while none does, -2 once two or more do.
    const usedBy = new Int32Array(slotOf.size).fill(-1);
    const markUsed = (variable: string, index: number) => {
      const slot = slotOf.get(variable);
      if (slot === undefined) return;
      const previous = usedBy[slot];
      if (previous === -1) usedBy[slot] = index;
      else if (previous !== index) usedBy[slot] = -2;
    };
    const scan = (text: unknown, index: number) => {
      if (typeof text !== "string" || text.indexOf("{{") === -1) return;
      VARIABLE_REFERENCE.lastIndex = 0;
      for (let match = VARIABLE_REFERENCE.exec(text); match !== null; match = VARIABLE_REFERENCE.exec(text)) {
        markUsed(match[1], index);
      }
    };
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      switch (node.type) {
        case "condition":
          markUsed(node.data.variable.trim(), i);
          break;
        case "webhook":
          for (const variable of node.data.sends) markUsed(variable.trim(), i);
          scan(node.data.url, i);
          break;
        case "handoff":
          scan(node.data.notice, i);
          scan(node.data.resumeText, i);
          break;
        case "choice":
          scan(node.data.text, i);
          for (const option of node.data.options) scan(option.label, i);
          break;
        case "consent":
          scan(node.data.text, i);
          break;
        default:
          scan((node.data as { text?: unknown }).text, i);
      }
    }

    const diagnostics: Diagnostic[] = [];
    for (const index of inputs) {
      const node = nodes[index];
      if (node.type !== "input") continue;
      const variable = node.data.variable.trim();
      if (variable === "") continue;
      const user = usedBy[slotOf.get(variable)!];
      if (user !== -1 && user !== index) continue;
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        params: { step: context.describe(node), variable },
      });
    }
    return diagnostics;
  },
};
