import { describe, expect, it } from "vitest";
import { substituteVariables } from "../export";
import { forEachReference, referencesIn, replaceReferences } from "./references";

/** `count` texts of up to `maxPieces - 1` pieces each, the same for the same seed (xorshift). */
function* randomTexts(seed: number, pieces: readonly string[], maxPieces: number, count: number): Generator<string> {
  const next = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 4294967296;
  };
  for (let k = 0; k < count; k++) {
    let text = "";
    for (let i = Math.floor(next() * maxPieces); i > 0; i--) text += pieces[Math.floor(next() * pieces.length)];
    yield text;
  }
}

describe("references", () => {
  it("reads the same {{ name }} references as the regular expression /\\{\\{\\s*([^{}\\s]+)\\s*\\}\\}/g", () => {
    const expression = /\{\{\s*([^{}\s]+)\s*\}\}/g;
    const references = (text: string) => {
      const names: string[] = [];
      forEachReference(text, (name) => names.push(name));
      // The list a reading carries is the same, read once.
      expect(referencesIn(text)).toEqual(names);
      return names;
    };
    expect(references("Hi {{ name }}, {{email}}! {{ }} {{a b}} {{{x}} {{y}}} {{\u00a0z\u3000}} {{ w }")).toEqual([
      "name",
      "email",
      "x",
      "y",
      "z",
    ]);
    // Texts from pieces that make references, near misses and spaces of every kind (and characters that are none).
    const pieces = [
      "{{",
      "}}",
      "{",
      "}",
      " ",
      "\t",
      "\n",
      "\u00a0",
      "\u2028",
      "\ufeff",
      "\u3000",
      "\u200b",
      "\u0085",
      "a",
      "b_1",
      ".",
      "é",
      "😀",
    ];
    let withReferences = 0;
    const different: string[] = [];
    for (const text of randomTexts(9, pieces, 14, 20_000)) {
      const expected = [...text.matchAll(expression)].map((match) => match[1]);
      if (expected.length > 0) withReferences++;
      if (JSON.stringify(references(text)) !== JSON.stringify(expected)) different.push(text);
    }
    expect(different).toEqual([]);
    expect(withReferences).toBeGreaterThan(300);
  });

  it("shares one empty list among the texts without a reference", () => {
    expect(referencesIn("Hello")).toBe(referencesIn("{{ }} {{a b}}"));
    expect(referencesIn("Hello")).toEqual([]);
    // Where a document that skipped parsing has something else than a text.
    expect(referencesIn(42 as unknown as string)).toEqual([]);
  });

  it("the runtime fills in exactly the references the checker counts, umlauts and all", () => {
    // Parsed, so "__proto__" is a key of its own, as in variables restored from storage.
    const variables = JSON.parse('{"größe": "42", "e-mail": "a@b.de", "name": "{{größe}}", "__proto__": "p"}') as Record<string, string>;
    expect(substituteVariables("Größe {{ größe }}, Mail {{e-mail}}, {{name}}, {{a b}} {{}} {{{x}}}", variables)).toBe(
      "Größe 42, Mail a@b.de, {{größe}}, {{a b}} {{}} {}",
    );
    // What a value says is not searched again, and an unknown name (or one from the object's prototype) is empty.
    expect(substituteVariables("{{toString}}{{constructor}}", {})).toBe("");
    expect(substituteVariables("{{__proto__}}", variables)).toBe("p");
    expect(substituteVariables("{{__proto__}}", {})).toBe("");
    const pieces = ["{{", "}}", "{", "}", " ", "\u00a0", "\n", "a", "ä", "_1", ".", "-"];
    for (const text of randomTexts(21, pieces, 12, 5_000)) {
      const filled: string[] = [];
      const emptied = replaceReferences(text, (name) => {
        filled.push(name);
        return "";
      });
      expect(filled).toEqual([...referencesIn(text)]);
      // Each reference ("{{", a name, "}}") is at least five characters, and all of it is replaced.
      expect(emptied.length).toBeLessThanOrEqual(text.length - 5 * filled.length);
      // One pass: a value is never searched again, so a value "{{a}}" reaches the user as it is.
      expect(replaceReferences(text, () => "{{a}}")).toBe(replaceReferences(text, () => "\u0000").replaceAll("\u0000", "{{a}}"));
    }
  });
});
