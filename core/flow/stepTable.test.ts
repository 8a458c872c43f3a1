import { describe, expect, it } from "vitest";
import { StepTable } from "./stepTable";

describe("StepTable", () => {
  it("gives each step its value, null to the steps without one and to indices outside the flow", () => {
    const table = new StepTable<string>(5);
    table.set(3, "c");
    table.set(1, "a");
    table.set(3, "d");
    expect([0, 1, 2, 3, 4].map((index) => table.get(index))).toEqual([null, "a", null, "d", null]);
    expect(table.get(5)).toBeNull();
    expect(table.get(-1)).toBeNull();
    expect(table.get(1.5)).toBeNull();
    expect(new StepTable<string>(0).get(0)).toBeNull();
  });

  it("refuses a value for a step the flow does not have", () => {
    const table = new StepTable<number>(2);
    expect(() => table.set(2, 1)).toThrow(RangeError);
    expect(() => table.set(-1, 1)).toThrow(RangeError);
  });
});
