import { hitsOf, wordsOf } from "../../flow";
import { hitsInEitherLanguage, quotedWords, reading } from "../contentText";
import type { Diagnostic, Rule } from "../types";

/**
 * Every bot disclosure says that the user talks to an automated system (disclosure
 * lexicon) and does not claim to be human; a negated claim ("kein Mensch", "not a
 * human") is a disclosure, not a claim. An empty text discloses nothing at all.
 */
export const disclosureText: Rule = {
  id: "disclosure.text",
  severity: "error",
  needsLegal: false,
  basis: "AI Act Art. 50(1); § 18 (3) MStV; § 5 UWG (misleading)",
  check(context) {
    const diagnostics: Diagnostic[] = [];
    for (const index of context.indicesOfType.botDisclosure) {
      const node = context.graph.nodes[index];
      if (node.type !== "botDisclosure") continue;
      const text = node.data.text;
      const read = reading(context, text);
      const claims = wordsOf(hitsOf(read, "humanClaim"));
      const discloses = hitsInEitherLanguage(context, text, "disclosure").length > 0;
      let problem: string | null = null;
      if (text.trim() === "") problem = "empty";
      else if (claims.length > 0) problem = "humanClaim";
      else if (!discloses) problem = "noDisclosure";
      if (problem === null) continue;
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        params: { step: context.describe(node), problem, words: quotedWords(claims) },
      });
    }
    return diagnostics;
  },
};
