import { describe, expect, it } from "vitest";
import { loadMessages } from "./messages";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("message catalogues", () => {
  it("German and English have exactly the same keys, none empty", async () => {
    const [de, en] = await Promise.all([loadMessages("de"), loadMessages("en")]);
    expect(keys(de).sort()).toEqual(keys(en).sort());
    for (const catalogue of [de, en]) {
      for (const key of keys(catalogue)) {
        const value = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalogue);
        expect(typeof value === "string" && value.trim().length > 0, key).toBe(true);
      }
    }
  });
});
