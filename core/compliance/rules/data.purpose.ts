import { MARKETING_PURPOSE } from "../../flow";
import { joinList, quote } from "../text";
import type { Diagnostic, Rule } from "../types";

/**
 * Every input with personal data names a variable (unique among the flow's inputs)
 * and a declared purpose. All problems of one input go into one diagnostic.
 */
export const dataPurpose: Rule = {
  id: "data.purpose",
  severity: "error",
  needsLegal: false,
  basis: "GDPR Art. 5(1)(b),(c)",
  check(context) {
    const de = context.locale === "de";
    const nodes = context.graph.nodes;
    const inputs = context.indicesOfType.input;
    const variableUse = new Map<string, number>();
    for (const index of inputs) {
      const node = nodes[index];
      if (node.type !== "input" || node.data.variable.trim() === "") continue;
      const variable = node.data.variable.trim();
      variableUse.set(variable, (variableUse.get(variable) ?? 0) + 1);
    }
    const declared = new Set(context.document.purposes.map((purpose) => purpose.id));
    declared.add(MARKETING_PURPOSE);

    const diagnostics: Diagnostic[] = [];
    for (const index of inputs) {
      const node = nodes[index];
      if (node.type !== "input" || node.data.personalData === false) continue;
      const variable = node.data.variable.trim();
      const purpose = node.data.purpose.trim();
      const problems: string[] = [];
      if (variable === "") problems.push(de ? "sie speichert die Antwort in keiner Variablen" : "it stores the answer in no variable");
      else if ((variableUse.get(variable) ?? 0) > 1) {
        problems.push(
          de
            ? `die Variable ${quote("de", variable)} wird auch von einer anderen Eingabe benutzt`
            : `the variable ${quote("en", variable)} is also used by another question`,
        );
      }
      if (purpose === "") problems.push(de ? "es ist kein Zweck angegeben" : "no purpose is given");
      else if (!declared.has(purpose)) {
        problems.push(
          de
            ? `der Zweck ${quote("de", purpose)} ist im Flow nicht angelegt`
            : `the purpose ${quote("en", purpose)} is not declared in the flow`,
        );
      }
      if (problems.length === 0) continue;
      const step = context.describe(node);
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        message: de
          ? `${step} fragt persönliche Daten ab, aber ${joinList("de", problems)}. Jede Angabe braucht einen eigenen Namen und einen Zweck.`
          : `${step} asks for personal data, but ${joinList("en", problems)}. Every piece of data needs its own name and a purpose.`,
      });
    }
    return diagnostics;
  },
};
