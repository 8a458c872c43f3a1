import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoTime } from "./isoTime";

describe("isoTime", () => {
  it("writes what toISOString writes, for times in order and at random", () => {
    const times = [0, 1, 999, 1000, 59_999, 86_399_999, 86_400_000, 951_782_400_000, 1_767_225_600_000, 253_402_300_799_999];
    for (let t = Date.UTC(2026, 0, 1) - 5_000; t < Date.UTC(2026, 0, 1) + 5_000; t += 7) times.push(t);
    for (const t of times) expect(isoTime(t)).toBe(new Date(t).toISOString());
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 - 1 }), (t) => {
        expect(isoTime(t)).toBe(new Date(t).toISOString());
        expect(isoTime(t + 1)).toBe(new Date(t + 1).toISOString());
      }),
      { numRuns: 5_000 },
    );
  });

  it("truncates fractions as Date does and refuses an invalid time as toISOString does", () => {
    isoTime(Date.UTC(2026, 0, 1));
    expect(isoTime(Date.UTC(2026, 0, 1) + 1.75)).toBe(new Date(Date.UTC(2026, 0, 1) + 1.75).toISOString());
    expect(isoTime(-1.5)).toBe(new Date(-1.5).toISOString());
    expect(() => isoTime(Number.NaN)).toThrow(RangeError);
    expect(() => isoTime(8.64e15 + 1)).toThrow(RangeError);
  });
});
