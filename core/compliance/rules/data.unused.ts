import { forEachReference } from "../../flow";
import type { Diagnostic, Rule } from "../types";

/**
 * A collected variable is never used (text `{{var}}`, condition, webhook `sends`).
 * A use in a text counts only where the bot fills it in: button labels and webhook
 * addresses are sent as they are, so `{{var}}` there uses nothing.
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
    // The texts the labels read (messages, inputs, choices) carry their references in
    // their reading, and the labels list the steps whose text has any: the others are
    // not visited for their text again.
    const { textReadings, stepsWithReadReferences } = context.labels;
    for (const i of stepsWithReadReferences) {
      const references = textReadings[i]?.references ?? [];
      for (let k = 0; k < references.length; k++) markUsed(references[k], i);
    }
    // The steps with a reading (messages, inputs, choices) have no other text the bot
    // fills in: they are visited for nothing else.
    for (let i = 0; i < nodes.length; i++) {
      if (textReadings[i] !== null) continue;
      const node = nodes[i];
      switch (node.type) {
        case "condition":
          markUsed(node.data.variable, i);
          break;
        case "webhook":
          for (const variable of node.data.sends) markUsed(variable, i);
          break;
        case "handoff":
          scan(node.data.notice, i);
          scan(node.data.resumeText, i);
          break;
        case "consent":
          // The bot says the question and the withdrawal hint as one text (consentTextOf).
          scan(node.data.text, i);
          scan(node.data.withdrawalHint, i);
          break;
        default:
          scan((node.data as { text?: unknown }).text, i);
      }
    }

    // The opt-out confirmation is the flow's, not a step's: its uses stand at an index no input has.
    scan(context.document.settings?.optOut?.confirmation, nodes.length);

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
