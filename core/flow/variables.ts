/**
 * Which input steps store their answer in which variable, worked out by the labels
 * pass (`inferLabels`, so once per validation and once per loaded export): the rules
 * that ask "which input collects this variable?" or "how many inputs collect it?"
 * read it (`context.variables`) instead of each walking the inputs and trimming their
 * names again.
 *
 * A variable is an input's `variable` without surrounding spaces; an input whose name
 * is empty collects none. Each distinct name gets a slot, numbered from 0 in the order
 * its first input stands in the document.
 */
export interface CollectedVariables {
  /** Per node index: the slot of the variable the step collects, -1 for inputs that name none and for every other step. */
  readonly slotOfStep: Int32Array;
  /** Per slot: the variable's name. */
  readonly names: readonly string[];
  /** Per slot: how many inputs collect the variable (1 unless inputs share it). */
  readonly collectors: Int32Array;
  /** The slot of a variable name as written in a step (trimmed here), or -1 when no input collects it. */
  slotOf(name: string): number;
}

/**
 * Builds the table one input at a time, in document order: the labels pass
 * (`inferLabels`) adds each input as it reads its variable name, so no rule visits the
 * inputs again for it.
 */
export class VariableCollector {
  private readonly slotOfStep: Int32Array;
  private readonly slots = new Map<string, number>();
  private readonly names: string[] = [];
  private readonly counts: number[] = [];

  constructor(stepCount: number) {
    this.slotOfStep = new Int32Array(stepCount).fill(-1);
  }

  /** Records that the input at `index` stores its answer in `variable` (as written). */
  add(index: number, variable: string): void {
    const name = variable.trim();
    if (name === "") return;
    let slot = this.slots.get(name);
    if (slot === undefined) {
      slot = this.names.length;
      this.slots.set(name, slot);
      this.names.push(name);
      this.counts.push(0);
    }
    this.counts[slot]++;
    this.slotOfStep[index] = slot;
  }

  finish(): CollectedVariables {
    const slots = this.slots;
    return {
      slotOfStep: this.slotOfStep,
      names: this.names,
      collectors: Int32Array.from(this.counts),
      slotOf: (name) => slots.get(name.trim()) ?? -1,
    };
  }
}
