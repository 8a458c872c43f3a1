import { MARKETING_PURPOSE, type FlowDocument, type SpecialCategory } from "./schema";

/**
 * Inferred labels (rulebook version 2, "Terms"): what a step *is*, read from its
 * input type, variable name and words, not only from the flags a marketer set.
 * Every rule, autofix and the runtime classify steps through this one function, so
 * a flag can add a label but never hide evidence.
 *
 * Arrays are indexed like `document.nodes`; `null` means the label does not apply.
 */
export type EvidenceSource = "flag" | "inputType" | "variable" | "text" | "option" | "list" | "sends";

export interface LabelEvidence {
  source: EvidenceSource;
  /** The words that triggered the label, as the marketer wrote them (empty for flags). */
  words: string[];
}

export interface SpecialLabel {
  category: SpecialCategory;
  evidence: LabelEvidence;
}

export interface InferredLabels {
  /** Input steps that collect personal data. */
  readonly personal: readonly (LabelEvidence | null)[];
  /** Steps that touch special-category data (Art. 9): inputs, choices, subscribe lists, webhooks sending such a variable. */
  readonly special: readonly (SpecialLabel | null)[];
  /** Promotional steps: advertising messages and subscribe steps. */
  readonly promotional: readonly (LabelEvidence | null)[];
  /** The purpose consent must cover before step `index`, or null when it needs none. */
  purposeOf(index: number): string | null;
  /** A data step (rulebook "Terms"): personal-data input, webhook or subscribe. */
  isDataStep(index: number): boolean;
}

const FLAG: LabelEvidence = { source: "flag", words: [] };

/** Computes the inferred labels of every step once per document (linear in its size). */
export function inferLabels(document: FlowDocument): InferredLabels {
  const nodes = document.nodes;
  const personal: (LabelEvidence | null)[] = new Array(nodes.length).fill(null);
  const special: (SpecialLabel | null)[] = new Array(nodes.length).fill(null);
  const promotional: (LabelEvidence | null)[] = new Array(nodes.length).fill(null);
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    switch (node.type) {
      case "input":
        if (node.data.personalData !== false) personal[i] = FLAG;
        if (node.data.specialCategory) special[i] = { category: node.data.specialCategory, evidence: FLAG };
        break;
      case "message":
        if (node.data.promotional === true) promotional[i] = FLAG;
        break;
      case "subscribe":
        promotional[i] = { source: "list", words: [] };
        break;
    }
  }
  const purposeOf = (index: number): string | null => {
    const node = nodes[index];
    switch (node.type) {
      case "input":
        return personal[index] ? node.data.purpose : null;
      case "webhook":
        return node.data.purpose;
      case "subscribe":
        return MARKETING_PURPOSE;
      case "message":
        return promotional[index] ? MARKETING_PURPOSE : null;
      default:
        return null;
    }
  };
  const isDataStep = (index: number): boolean => {
    const type = nodes[index].type;
    return (type === "input" && personal[index] !== null) || type === "webhook" || type === "subscribe";
  };
  return { personal, special, promotional, purposeOf, isDataStep };
}
