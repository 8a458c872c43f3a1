import { dataRequestWords } from "../../flow";
import { quotedWords, reading } from "../contentText";
import type { Diagnostic, Rule } from "../types";

/**
 * A message, choice or end text that asks the user to type personal data into the
 * chat ("schick uns deine Telefonnummer") collects it where no rule can see it: no
 * variable, no purpose, no consent check. An input step does it in the open.
 */
export const dataAskedInText: Rule = {
  id: "data.askedInText",
  severity: "warning",
  needsLegal: false,
  basis: "GDPR Art. 5(1)(a) transparency, 13",
  check(context) {
    const diagnostics: Diagnostic[] = [];
    const { indicesOfType, graph } = context;
    // Messages and choices were read for the labels already; an end's text is read here.
    const readings = context.labels.textReadings;
    for (const type of ["message", "choice", "end"] as const) {
      for (const index of indicesOfType[type]) {
        const node = graph.nodes[index];
        let read = readings[index];
        if (read === null) {
          // Each of these steps says one text (an end may say none).
          const text = node.type === "message" || node.type === "choice" || node.type === "end" ? node.data.text : undefined;
          if (!text) continue;
          read = reading(context, text);
        }
        const words = dataRequestWords(read);
        if (words.length === 0) continue;
        diagnostics.push({
          rule: this.id,
          severity: this.severity,
          nodeId: node.id,
          params: { step: context.describe(node), words: quotedWords(words) },
        });
      }
    }
    return diagnostics;
  },
};
