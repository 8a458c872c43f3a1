import { hitsOf, wordsOf } from "../../flow";
import { hitsInEitherLanguage, quotedWords, reading } from "../contentText";
import type { Diagnostic, Rule } from "../types";

/**
 * The disclosure must be seen, not found: its words start within this many characters,
 * about what a messenger shows of a message before "more" and what a person reads at a
 * glance (AI Act Art. 50(5): "clear and distinguishable", at the first interaction).
 */
export const DISCLOSURE_WITHIN_CHARS = 200;

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
      const disclosures = hitsInEitherLanguage(context, text, "disclosure");
      const discloses = disclosures.length > 0;
      // Both languages cut a text into the same words, so the hit's first word gives its place in the text.
      const firstAt = Math.min(...disclosures.map((hit) => read.tokens[hit.first]?.start ?? 0));
      let problem: string | null = null;
      if (text.trim() === "") problem = "empty";
      else if (claims.length > 0) problem = "humanClaim";
      else if (!discloses) problem = "noDisclosure";
      else if (firstAt >= DISCLOSURE_WITHIN_CHARS) problem = "late";
      if (problem === null) continue;
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        params: {
          step: context.describe(node),
          problem,
          words: quotedWords(problem === "late" ? wordsOf(disclosures) : claims),
          chars: DISCLOSURE_WITHIN_CHARS,
        },
      });
    }
    return diagnostics;
  },
};
