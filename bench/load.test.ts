import { describe, expect, it } from "vitest";
import { bucketP99Ms } from "./load";

describe("the server's own p99 from two looks at its histogram", () => {
  // Cumulative counts by upper bound in seconds, as Prometheus histograms give them.
  const look = (counts: [number, number][]) => new Map(counts);

  it("is the upper bound of the bucket that holds the 99th percentile of what came between the looks", () => {
    const before = look([
      [0.01, 500],
      [0.1, 500],
      [Infinity, 500],
    ]);
    // 1,000 more: 985 within 10 ms, 14 within 100 ms, 1 slower.
    const after = look([
      [0.01, 1485],
      [0.1, 1499],
      [Infinity, 1500],
    ]);
    expect(bucketP99Ms(before, after)).toBe(100);
    // Without the first look the old 500 fast ones would hide the slow tail: 1,484 of 1,500 within 10 ms.
    expect(bucketP99Ms(new Map(), after)).toBe(10);
  });

  it("is null when nothing was observed", () => {
    const same = look([
      [0.01, 5],
      [Infinity, 5],
    ]);
    expect(bucketP99Ms(same, same)).toBeNull();
  });
});
