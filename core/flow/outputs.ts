import type { NodeType, StepContent } from "./schema";

/** Fixed output handles per node type; `choice` adds one handle per option. */
const FIXED_OUTPUTS: Record<NodeType, readonly string[]> = {
  start: ["next"],
  botDisclosure: ["next"],
  privacyNotice: ["next"],
  consent: ["accept", "decline"],
  message: ["next"],
  choice: ["fallback"],
  input: ["next", "invalid"],
  condition: ["true", "false"],
  delay: ["next"],
  handoff: ["next"],
  webhook: ["success", "failure"],
  subscribe: ["next"],
  end: [],
};

/**
 * Outputs the runtime can live without: a choice without a fallback repeats the
 * question, an input without an `invalid` branch asks again. Every other output is
 * required (an unconnected one leaves the user without an answer).
 */
const OPTIONAL_OUTPUTS: Partial<Record<NodeType, readonly string[]>> = {
  choice: ["fallback"],
  input: ["invalid"],
};

/**
 * The output handle ids (`sourceHandle` values) a node has.
 * A choice has one per option id plus `fallback`; an end has none.
 */
export function outputsOf(node: StepContent): string[] {
  if (node.type === "choice") {
    const handles = node.data.options.map((option) => option.id);
    handles.push("fallback");
    return handles;
  }
  return FIXED_OUTPUTS[node.type].slice();
}

/** The outputs of a non-choice node (shared, do not modify); a choice's options are not included. */
export function fixedOutputsOf(node: StepContent): readonly string[] {
  return fixedOutputsOfType(node.type);
}

/** The outputs every node of a type has (shared, do not modify): a choice's options are not included. */
export function fixedOutputsOfType(type: NodeType): readonly string[] {
  return FIXED_OUTPUTS[type] ?? [];
}

/** Whether `handle` is one of the node's outputs, without allocating the list. */
export function hasOutput(node: StepContent, handle: string): boolean {
  return outputPosition(node, handle) !== -1;
}

/**
 * Where `handle` stands among the node's outputs, -1 when the node has no such output:
 * a choice's options by position (the first option with that id), its `fallback` after
 * them; any other step's outputs in `fixedOutputsOf` order.
 */
export function outputPosition(node: StepContent, handle: string): number {
  if (node.type === "choice") {
    const options = node.data.options;
    if (handle === "fallback") return options.length;
    for (let i = 0; i < options.length; i++) if (options[i].id === handle) return i;
    return -1;
  }
  return fixedOutputsOfType(node.type).indexOf(handle);
}

/** Whether an output may stay unconnected (see `OPTIONAL_OUTPUTS`). */
export function isOptionalOutput(type: NodeType, handle: string): boolean {
  return OPTIONAL_OUTPUTS[type]?.includes(handle) ?? false;
}

/** The outputs that must be connected for the conversation to always go on. */
export function requiredOutputsOf(node: StepContent): string[] {
  const optional = OPTIONAL_OUTPUTS[node.type];
  const all = outputsOf(node);
  return optional ? all.filter((handle) => !optional.includes(handle)) : all;
}
