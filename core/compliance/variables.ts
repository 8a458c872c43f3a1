import type { FlowNode } from "../flow";

/**
 * Which input steps store their answer in which variable, worked out once per
 * validation (`context.variables`): the rules that ask "which input collects this
 * variable?" or "how many inputs collect it?" read it here instead of each walking
 * the inputs and trimming their names again.
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

/** Builds the table from the nodes and the indices of the input steps (in document order). */
export function collectVariables(nodes: readonly FlowNode[], inputs: readonly number[]): CollectedVariables {
  const slotOfStep = new Int32Array(nodes.length).fill(-1);
  const slots = new Map<string, number>();
  const names: string[] = [];
  const counts: number[] = [];
  for (const index of inputs) {
    const node = nodes[index];
    if (node.type !== "input") continue;
    const name = node.data.variable.trim();
    if (name === "") continue;
    let slot = slots.get(name);
    if (slot === undefined) {
      slot = names.length;
      slots.set(name, slot);
      names.push(name);
      counts.push(0);
    }
    counts[slot]++;
    slotOfStep[index] = slot;
  }
  return {
    slotOfStep,
    names,
    collectors: Int32Array.from(counts),
    slotOf: (name) => slots.get(name.trim()) ?? -1,
  };
}
