import { describe, expect, it } from "vitest";
import { byteBudget } from "./linger";

describe("the budget that paces the dropping of refused bodies", () => {
  it("lends its burst at once, then asks to wait as long as the overdraft takes to refill", () => {
    let now = 0;
    const budget = byteBudget(1_000_000, 100_000, () => now);
    expect(budget.take(60_000)).toBe(0);
    expect(budget.take(40_000)).toBe(0);
    // 50,000 bytes over: 50 ms at 1,000,000 bytes a second.
    expect(budget.take(50_000)).toBe(50);
    now += 50;
    expect(budget.take(1)).toBe(1);
  });

  it("refills with time up to its burst, never beyond", () => {
    let now = 0;
    const budget = byteBudget(1_000_000, 100_000, () => now);
    expect(budget.take(100_000)).toBe(0);
    now += 10_000; // ten seconds idle refill 100,000 bytes, not 10,000,000
    expect(budget.take(100_000)).toBe(0);
    expect(budget.take(10_000)).toBe(10);
  });

  it("is shared: two takers together get the rate, not twice it", () => {
    const budget = byteBudget(1_000_000, 0, () => 0);
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) waits.push(budget.take(10_000));
    // Ten takes of 10,000 bytes from one budget: the last must wait 100 ms, as one taker of 100,000 would.
    expect(waits.at(-1)).toBe(100);
  });
});
