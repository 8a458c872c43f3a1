/**
 * Values that few steps of a flow have, by step index (`null` for the others): the
 * inferred labels. Kept as one index per step in a typed array, outside the JavaScript
 * heap, into a list of the values. As a plain array per label, a 50,000-step flow
 * allocated 400 KB per label on every validation; arrays that size go to the heap's
 * large-object space, and whichever were alive at a minor collection moved to the old
 * generation at once, to be freed only by a full collection.
 */
/** What the readers of a `StepTable` see: the value of a step, or null. */
export interface StepValues<T> {
  get(index: number): T | null;
}

export class StepTable<T> implements StepValues<T> {
  /** Per step: 0 when it has no value, else 1 + the value's place in `values`. */
  private readonly slots: Int32Array;
  private readonly values: T[] = [];

  constructor(stepCount: number) {
    this.slots = new Int32Array(stepCount);
  }

  /** The value of the step at `index`, or null when it has none (or there is no such step). */
  get(index: number): T | null {
    const slot = this.slots[index];
    return slot > 0 ? this.values[slot - 1] : null;
  }

  set(index: number, value: T): void {
    const slot = this.slots[index];
    if (slot > 0) this.values[slot - 1] = value;
    else if (slot === 0) this.slots[index] = this.values.push(value);
    else throw new RangeError(`No step ${index} in a table of ${this.slots.length}`);
  }
}
