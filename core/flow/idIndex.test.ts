import { describe, expect, it } from "vitest";
import { IdIndex } from "./idIndex";

/** What the index must answer, the plain way: the first node with each id. */
function expectedIndex(ids: readonly unknown[]): { first: Map<unknown, number>; duplicates: number[] } {
  const first = new Map<unknown, number>();
  const duplicates: number[] = [];
  ids.forEach((id, index) => {
    if (first.has(id)) duplicates.push(index);
    else first.set(id, index);
  });
  return { first, duplicates };
}

function randomIds(count: number, seed: number): string[] {
  const pieces = ["", "a", "b", "-", "1", "ä", "😀", "node", "\u0000", " ", "menu-", "Ā", "ā"];
  let state = seed;
  const next = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4294967296;
  };
  return Array.from({ length: count }, () => {
    let id = "";
    for (let k = Math.floor(next() * 4); k >= 0; k--) id += pieces[Math.floor(next() * pieces.length)];
    return id;
  });
}

function expectSameAnswers(ids: readonly unknown[], index: IdIndex, asked: readonly unknown[]): void {
  const { first, duplicates } = expectedIndex(ids);
  expect(index.duplicates).toEqual(duplicates);
  for (const id of asked) expect(index.indexOf(id as string), String(id)).toBe(first.get(id) ?? -1);
}

describe("IdIndex", () => {
  it("finds the first node with each id, lists the later ones as duplicates, and -1 for ids no node has", () => {
    const ids = ["start", "a", "b", "a", "", "c", "", "a"];
    const index = new IdIndex(ids.map((id) => ({ id })));
    expectSameAnswers(ids, index, [...ids, "d", "A", "a ", "\u0000"]);
    expect(index.duplicates).toEqual([3, 6, 7]);
    expect(index.ids).toEqual(ids);
    expect(index.usesMap).toBe(false);
    expect(new IdIndex([]).indexOf("a")).toBe(-1);
  });

  it("answers as a Map would for thousands of random ids, with the table and with the Map it falls back to", () => {
    for (const seed of [1, 2, 3]) {
      const ids = randomIds(3_000, seed);
      const asked = [...ids, ...randomIds(500, seed + 10)];
      const table = new IdIndex(ids.map((id) => ({ id })));
      expect(table.usesMap).toBe(false);
      expectSameAnswers(ids, table, asked);
      // No probing at all: among 3,000 ids two share a slot, and the index gives way to a Map.
      const fallback = new IdIndex(
        ids.map((id) => ({ id })),
        0,
      );
      expect(fallback.usesMap).toBe(true);
      expectSameAnswers(ids, fallback, asked);
    }
  });

  it("falls back to a Map for an id that is not a string (a document that skipped parsing)", () => {
    const ids: unknown[] = ["a", 7, "b", 7];
    const index = new IdIndex(ids.map((id) => ({ id })) as { id: string }[]);
    expect(index.usesMap).toBe(true);
    expectSameAnswers(ids, index, [...ids, "7"]);
    expect(index.ids).toEqual(ids);
  });
});
