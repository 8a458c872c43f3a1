import { MARKETING_PURPOSE, quoted, term, type LabelEvidence, type NodeOfType, type QuoteRef, type TermRef } from "../../flow";
import type { Diagnostic, Rule } from "../types";

/** One problem of an input, as its catalogue term. */
function problem(code: string, params?: TermRef["params"]): TermRef {
  return term(`data.purpose.problems.${code}`, params);
}

/** The words that made an input personal data, quoted for the message. */
function quotedEvidence(evidence: LabelEvidence): QuoteRef[] {
  return evidence.words.map((word) => quoted(word));
}

/** What is wrong with one personal-data input (usually nothing). */
function problemsOf(
  data: NodeOfType<"input">["data"],
  evidence: LabelEvidence,
  variableUse: ReadonlyMap<string, number>,
  declared: ReadonlySet<string>,
): TermRef[] {
  const problems: TermRef[] = [];
  const variable = data.variable.trim();
  const purpose = data.purpose.trim();
  if (data.personalData === false) problems.push(problem("flagContradicted", { words: quotedEvidence(evidence), source: evidence.source }));
  if (variable === "") problems.push(problem("noVariable"));
  else if ((variableUse.get(variable) ?? 0) > 1) problems.push(problem("variableShared", { variable }));
  if (purpose === "") problems.push(problem("noPurpose"));
  else if (!declared.has(purpose)) problems.push(problem("purposeUndeclared", { purpose }));
  return problems;
}

/** Whether `problemsOf` finds nothing, without building its list (almost every input). */
function isInOrder(data: NodeOfType<"input">["data"], variableUse: ReadonlyMap<string, number>, declared: ReadonlySet<string>): boolean {
  if (data.personalData === false) return false;
  const variable = data.variable.trim();
  const purpose = data.purpose.trim();
  return variable !== "" && variableUse.get(variable) === 1 && purpose !== "" && declared.has(purpose);
}

/**
 * Every input with personal data (inferred: its type, variable name or words say so,
 * whatever its flag says) names a variable (unique among the flow's inputs)
 * and a declared purpose. A `personalData: false` flag against that evidence is itself a
 * problem that names the evidence. All problems of one input go into one diagnostic.
 */
export const dataPurpose: Rule = {
  id: "data.purpose",
  severity: "error",
  needsLegal: false,
  basis: "GDPR Art. 5(1)(b),(c)",
  check(context) {
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
    const personal = context.labels.personal;
    for (const index of inputs) {
      const node = nodes[index];
      const evidence = personal[index];
      if (node.type !== "input" || evidence === null) continue;
      if (isInOrder(node.data, variableUse, declared)) continue;
      const problems = problemsOf(node.data, evidence, variableUse, declared);
      if (problems.length === 0) continue;
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        params: { step: context.describe(node), problems, words: quotedEvidence(evidence) },
      });
    }
    return diagnostics;
  },
};
