import { describe, expect, it } from "vitest";
import { DEFAULT_MAX_DEPTH, findUntrustedProblem, vetInput, vettedSize } from "./untrusted";

function nested(levels: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
}

/** The size findUntrustedProblem counts for `value`: the smallest maxBytes it accepts. */
function countedSize(value: unknown): number {
  let low = 0;
  let high = 1 << 24;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (findUntrustedProblem(value, { maxBytes: mid, maxDepth: 1000 })) low = mid + 1;
    else high = mid;
  }
  return low;
}

describe("findUntrustedProblem", () => {
  it("names the path of a prototype-like key, a too deep value and a too large one", () => {
    const document = { nodes: [{ id: "a" }, { id: "b", data: JSON.parse('{"x":{"__proto__":{"admin":true}}}') }] };
    expect(findUntrustedProblem(document, { at: "document" })).toMatchObject({
      reason: "prototypeKey",
      path: "document.nodes[1].data.x.__proto__",
    });
    expect(findUntrustedProblem({ list: [nested(40)] })).toMatchObject({ reason: "tooDeep", path: `list[0]${".a".repeat(30)}` });
    expect(findUntrustedProblem({ list: ["x".repeat(50)] }, { maxBytes: 40 })).toMatchObject({ reason: "tooLarge", path: "list[0]" });
    expect(findUntrustedProblem(nested(DEFAULT_MAX_DEPTH))).toBeNull();
    expect(findUntrustedProblem(nested(DEFAULT_MAX_DEPTH + 1))).toMatchObject({ reason: "tooDeep" });
  });
});

describe("vetInput", () => {
  it("records the input and the objects directly in it with the size a check of each alone counts", () => {
    const document = { id: "f", name: "Ü 😀", nodes: [{ id: "a", data: { text: "x".repeat(100), n: 3, ok: true } }], edges: [] };
    const input = { workspaceSlug: "shop", expectedVersion: 2, document, tags: ["a", null] };
    expect(vetInput(input)).toBeNull();
    expect(vettedSize(input)).toBe(countedSize(input));
    expect(vettedSize(document)).toBe(countedSize(document));
    expect(vettedSize(input.tags)).toBe(countedSize(input.tags));
    // Deeper objects and other values are not recorded: a check of those walks them.
    expect(vettedSize(document.nodes)).toBeUndefined();
    expect(vettedSize({ ...document })).toBeUndefined();
  });

  it("records nothing for input with a problem", () => {
    const document = { settings: JSON.parse('{"constructor":{}}') };
    const input = { document };
    expect(vetInput(input)).toMatchObject({ reason: "prototypeKey", path: "document.settings.constructor" });
    expect(vettedSize(input)).toBeUndefined();
    expect(vettedSize(document)).toBeUndefined();
  });
});
