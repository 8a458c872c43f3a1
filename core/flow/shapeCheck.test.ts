import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ZFlowDocument } from "./schema";
import { isCertainlyFlowDocument } from "./shapeCheck";
import { TEMPLATE_IDS, createFlowFromTemplate } from "./templates";

/** Every value-holding path of a JSON value, e.g. ["nodes", 3, "data", "purpose"]. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== "object" || value === null) return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => pathsOf((value as Record<string | number, unknown>)[key], [...prefix, key]))];
}

function withValueAt(root: unknown, path: (string | number)[], replacement: unknown, remove: boolean): unknown {
  const copy = structuredClone(root);
  if (path.length === 0) return replacement;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (remove) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = replacement;
  return copy;
}

const templates = TEMPLATE_IDS.flatMap((id) =>
  (["de", "en"] as const).map((locale) => JSON.parse(JSON.stringify(createFlowFromTemplate(id, { id, name: id, locale })))),
);
const oddValues = fc.constantFrom<unknown>(
  undefined,
  null,
  0,
  -1,
  1.5,
  Number.NaN,
  Infinity,
  "",
  "x",
  "health",
  "email",
  true,
  false,
  [],
  [""],
  {},
  { id: "" },
  2 ** 60,
);

describe("isCertainlyFlowDocument (the fast pre-check)", () => {
  it("accepts every template", () => {
    for (const template of templates) expect(isCertainlyFlowDocument(template)).toBe(true);
  });

  it("is never more lenient than the zod schema: whatever it accepts, zod accepts", () => {
    let rejected = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: templates.length - 1 }),
        fc.nat(),
        oddValues,
        fc.boolean(),
        (which, pick, replacement, remove) => {
          const template = templates[which];
          const paths = pathsOf(template);
          const mutated = withValueAt(template, paths[pick % paths.length], replacement, remove);
          const fast = isCertainlyFlowDocument(mutated);
          if (!fast) rejected++;
          if (fast) expect(ZFlowDocument.safeParse(mutated).success).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
    // The mutations must actually break documents, or the property proves nothing.
    expect(rejected).toBeGreaterThan(1000);
  });
});
