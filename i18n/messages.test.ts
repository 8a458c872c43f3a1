import fs from "node:fs";
import path from "node:path";
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

/** Every source file a validation key can come from: zod schemas, services, components. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe("validation keys", () => {
  it("every validation key the code can send has words in both languages", async () => {
    const root = path.resolve(__dirname, "..");
    const used = new Set(
      ["core", "server", "components", "app"].flatMap((dir) =>
        sourceFiles(path.join(root, dir)).flatMap((file) =>
          [...fs.readFileSync(file, "utf8").matchAll(/["'`](validation\.[A-Za-z]+)["'`]/g)].map((m) => m[1]),
        ),
      ),
    );
    expect(used.size).toBeGreaterThan(20);
    const [de, en] = await Promise.all([loadMessages("de"), loadMessages("en")]);
    const missing = [...used].filter((key) => !keys(de).includes(key) || !keys(en).includes(key));
    expect(missing).toEqual([]);
  });
});
