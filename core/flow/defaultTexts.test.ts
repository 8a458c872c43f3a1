import { describe, expect, it } from "vitest";
import { DEFAULT_TEXTS_BY_FORMALITY } from "./defaultTexts";

/** Every text of a set, functions called with sample arguments, nested tables flattened. */
function allTexts(set: object): string[] {
  return Object.entries(set).flatMap(([key, value]): string[] => {
    if (typeof value === "string") return [value];
    if (typeof value === "function") {
      const sample = key === "consent" ? { company: "Muster GmbH", dataDescription: "x", purposeLabel: "y" } : key === "option" ? 1 : "X";
      return [String((value as (argument: unknown) => unknown)(sample))];
    }
    if (value && typeof value === "object") return allTexts(value);
    return [];
  });
}

const INFORMAL = /\b(du|dich|dir|dein(e|en|er|em|es)?|schreib)\b/i;
const FORMAL = /\b(Ihnen|Ihr(e|en|er|em|es)?)\b/;

describe("default texts follow the form of address", () => {
  it("German formal texts never say du, and informal ones never say Sie", () => {
    const formal = allTexts(DEFAULT_TEXTS_BY_FORMALITY.de.formal);
    const informal = allTexts(DEFAULT_TEXTS_BY_FORMALITY.de.informal);
    expect(formal.length).toBeGreaterThan(20);
    expect(formal.filter((text) => INFORMAL.test(text))).toEqual([]);
    expect(informal.filter((text) => FORMAL.test(text))).toEqual([]);
  });

  it("every set has the same texts, so no caller falls back to another form", () => {
    const keys = (set: object) => Object.keys(set).sort();
    const sets = [...Object.values(DEFAULT_TEXTS_BY_FORMALITY.de), ...Object.values(DEFAULT_TEXTS_BY_FORMALITY.en)];
    for (const set of sets) expect(keys(set)).toEqual(keys(DEFAULT_TEXTS_BY_FORMALITY.de.informal));
    for (const set of sets)
      expect(Object.keys(set.specialCategories).sort()).toEqual(
        Object.keys(DEFAULT_TEXTS_BY_FORMALITY.de.informal.specialCategories).sort(),
      );
  });

  it("the option the human-path fix adds fits a WhatsApp button (20 characters)", () => {
    for (const locale of ["de", "en"] as const)
      for (const set of Object.values(DEFAULT_TEXTS_BY_FORMALITY[locale])) expect(set.talkToPerson.length).toBeLessThanOrEqual(20);
  });
});
