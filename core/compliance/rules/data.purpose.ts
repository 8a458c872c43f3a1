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

/** What is wrong with one personal-data input (usually nothing); `collectors` is how many inputs collect its variable. */
function problemsOf(
  data: NodeOfType<"input">["data"],
  evidence: LabelEvidence,
  collectors: number,
  declared: ReadonlySet<string>,
): TermRef[] {
  const problems: TermRef[] = [];
  const variable = data.variable.trim();
  const purpose = data.purpose.trim();
  if (data.personalData === false) problems.push(problem("flagContradicted", { words: quotedEvidence(evidence), source: evidence.source }));
  if (variable === "") problems.push(problem("noVariable"));
  else if (collectors > 1) problems.push(problem("variableShared", { variable }));
  if (purpose === "") problems.push(problem("noPurpose"));
  else if (!declared.has(purpose)) problems.push(problem("purposeUndeclared", { purpose }));
  return problems;
}

/** Whether `problemsOf` finds nothing, without building its list (almost every input). */
function isInOrder(data: NodeOfType<"input">["data"], collectors: number, declared: ReadonlySet<string>): boolean {
  if (data.personalData === false || collectors !== 1) return false;
  const purpose = data.purpose.trim();
  return purpose !== "" && declared.has(purpose);
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
    if (inputs.length === 0) return [];
    // How many inputs collect each variable (an input that names none has slot -1).
    const { slotOfStep, collectors } = context.variables;
    const declared = new Set(context.document.purposes.map((purpose) => purpose.id));
    declared.add(MARKETING_PURPOSE);

    const diagnostics: Diagnostic[] = [];
    const personal = context.labels.personal;
    for (const index of inputs) {
      const node = nodes[index];
      const evidence = personal.get(index);
      if (node.type !== "input" || evidence === null) continue;
      const slot = slotOfStep[index];
      const count = slot === -1 ? 0 : collectors[slot];
      if (isInOrder(node.data, count, declared)) continue;
      const problems = problemsOf(node.data, evidence, count, declared);
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
