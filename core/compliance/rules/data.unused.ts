import type { Diagnostic, Rule } from "../types";

/** Whether a UTF-16 unit is white space as `\s` of a regular expression means it. */
function isSpace(code: number): boolean {
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * Calls `found` with the name of every `{{ name }}` reference in `text`, left to right:
 * the matches of `/\{\{\s*([^{}\s]+)\s*\}\}/g`, read without a regular expression
 * (this runs for every text of the flow). A reference is "{{", spaces, a name of one or
 * more characters that are neither braces nor spaces, spaces, "}}"; where none starts
 * at a "{{", the search goes on from its second brace.
 */
export function forEachReference(text: string, found: (name: string) => void): void {
  let open = text.indexOf("{{");
  while (open !== -1) {
    let i = open + 2;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    const nameStart = i;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 0x7b || code === 0x7d || isSpace(code)) break;
    }
    const nameEnd = i;
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (nameEnd > nameStart && text.charCodeAt(i) === 0x7d && text.charCodeAt(i + 1) === 0x7d) {
      found(text.slice(nameStart, nameEnd));
      open = text.indexOf("{{", i + 2);
    } else open = text.indexOf("{{", open + 1);
  }
}

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
    // Only the variables inputs collect are asked about (each has a slot): a use of any
    // other name is ignored without being recorded.
    const { slotOfStep, names, slotOf } = context.variables;
    // Per slot: the one node using the variable, -1 while none does, -2 once two or more do.
    const usedBy = new Int32Array(names.length).fill(-1);
    const markUsed = (variable: string, index: number) => {
      const slot = slotOf(variable);
      if (slot === -1) return;
      const previous = usedBy[slot];
      if (previous === -1) usedBy[slot] = index;
      else if (previous !== index) usedBy[slot] = -2;
    };
    let scanned = -1;
    const markScanned = (name: string) => markUsed(name, scanned);
    const scan = (text: unknown, index: number) => {
      if (typeof text !== "string" || text.indexOf("{{") === -1) return;
      scanned = index;
      forEachReference(text, markScanned);
    };
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i];
      switch (node.type) {
        case "condition":
          markUsed(node.data.variable, i);
          break;
        case "webhook":
          for (const variable of node.data.sends) markUsed(variable, i);
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
      const slot = slotOfStep[index];
      if (slot === -1 || (usedBy[slot] !== -1 && usedBy[slot] !== index)) continue;
      const node = nodes[index];
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        params: { step: context.describe(node), variable: names[slot] },
      });
    }
    return diagnostics;
  },
};
