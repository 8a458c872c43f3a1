import {
  NODE_TYPES,
  fixedOutputsOfType,
  isOptionalOutput,
  output,
  quoted,
  requiredOutputsOf,
  type FlowGraph,
  type FlowNode,
  type MessageParam,
} from "../../flow";
import type { Diagnostic, Rule } from "../types";
import { hasConnectedOutput } from "./consent.wellFormed";

/** The readable name of an output: an option's label, else the output's meaning. */
function handleLabel(node: FlowNode, handle: string): MessageParam {
  if (node.type === "choice") {
    const option = node.data.options.find((candidate) => candidate.id === handle);
    if (option) return quoted(option.label || option.id);
  }
  return output(handle);
}

/**
 * Per type code (`graph.typeCodes`), the required outputs of a step of that type as one
 * bit per output position (`graph.edgeOutput`); a choice's depend on its options.
 */
const REQUIRED_BY_CODE: readonly number[] = NODE_TYPES.map((type) =>
  fixedOutputsOfType(type).reduce((mask, handle, position) => (isOptionalOutput(type, handle) ? mask : mask | (1 << position)), 0),
);
const CHOICE_CODE = NODE_TYPES.indexOf("choice");
/** Options beyond this many are checked by name (one bit per output position). */
const MAX_OPTIONS_BY_POSITION = 30;

/**
 * Whether every required output of node `index` has an edge, from the positions of its
 * edges' outputs: no edge is read, and only a choice's node (for its options). May say
 * no when the outputs are in fact connected (a choice whose options share an id), never
 * the other way round: the check by name decides then.
 */
function allRequiredConnected(graph: FlowGraph, index: number): boolean {
  const code = graph.typeCodes[index];
  let required: number;
  if (code === CHOICE_CODE) {
    const node = graph.nodes[index];
    if (node.type !== "choice" || node.data.options.length > MAX_OPTIONS_BY_POSITION) return false;
    required = (1 << node.data.options.length) - 1;
  } else {
    if (code >= REQUIRED_BY_CODE.length) return false;
    required = REQUIRED_BY_CODE[code];
  }
  let connected = 0;
  for (let k = graph.outOffsets[index], end = graph.outOffsets[index + 1]; k < end; k++) {
    const position = graph.edgeOutput[graph.outEdges[k]];
    if (position <= MAX_OPTIONS_BY_POSITION) connected |= 1 << position;
  }
  return (connected & required) === required;
}

/**
 * A non-end node with an unconnected required output (choice fallback and input
 * `invalid` are optional: the runtime asks again).
 */
export const graphDeadEnd: Rule = {
  id: "graph.deadEnd",
  severity: "warning",
  needsLegal: false,
  basis: "Meta policy: answer every input",
  check(context) {
    const { graph } = context;
    const diagnostics: Diagnostic[] = [];
    for (let i = 0; i < graph.nodeCount; i++) {
      // Most steps have every output connected: asked of the graph first, listed by name only if not.
      if (allRequiredConnected(graph, i)) continue;
      const node = graph.nodes[i];
      if (node.type === "end") continue;
      const open = requiredOutputsOf(node).filter((handle) => !hasConnectedOutput(context, i, handle));
      if (open.length === 0) continue;
      diagnostics.push({
        rule: this.id,
        severity: this.severity,
        nodeId: node.id,
        params: { step: context.describe(node), outputs: open.map((handle) => handleLabel(node, handle)) },
      });
    }
    return diagnostics;
  },
};
