import { dataRequestWords, textsOf } from "../../flow";
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
    for (const type of ["message", "choice", "end"] as const) {
      for (const index of indicesOfType[type]) {
        const node = graph.nodes[index];
        for (const { text } of textsOf(node)) {
          const words = dataRequestWords(reading(context, text));
          if (words.length === 0) continue;
          diagnostics.push({
            rule: this.id,
            severity: this.severity,
            nodeId: node.id,
            params: { step: context.describe(node), words: quotedWords(words) },
          });
          break;
        }
      }
    }
    return diagnostics;
  },
};
