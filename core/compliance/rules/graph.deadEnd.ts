import { output, quoted, requiredOutputsOf, type FlowNode, type MessageParam } from "../../flow";
import type { Diagnostic, Rule, RuleContext } from "../types";
import { hasConnectedOutput } from "./consent.wellFormed";

/** The readable name of an output: an option's label, else the output's meaning. */
function handleLabel(node: FlowNode, handle: string): MessageParam {
  if (node.type === "choice") {
    const option = node.data.options.find((candidate) => candidate.id === handle);
    if (option) return quoted(option.label || option.id);
  }
  return output(handle);
}

/** How many required outputs a step has, without building the list. */
function requiredOutputCount(node: FlowNode): number {
  switch (node.type) {
    case "end":
      return 0;
    case "choice":
      return node.data.options.length;
    case "consent":
    case "condition":
    case "webhook":
      return 2;
    default:
      return 1;
  }
}

/** Whether every required output of node `index` has an edge, without allocating. */
function allRequiredConnected(context: RuleContext, index: number): boolean {
  const { graph } = context;
  const node = graph.nodes[index];
  switch (node.type) {
    case "start":
    case "botDisclosure":
    case "privacyNotice":
    case "message":
    case "delay":
    case "handoff":
    case "subscribe":
      // `next` is the only output these have, and the graph keeps only edges through an
      // output the step has: any usable edge leaving it is its `next`.
      return graph.outOffsets[index + 1] > graph.outOffsets[index];
    case "choice": {
      const options = node.data.options;
      for (let k = 0; k < options.length; k++) if (!hasConnectedOutput(context, index, options[k].id)) return false;
      return true;
    }
    case "consent":
      return hasConnectedOutput(context, index, "accept") && hasConnectedOutput(context, index, "decline");
    case "condition":
      return hasConnectedOutput(context, index, "true") && hasConnectedOutput(context, index, "false");
    case "webhook":
      return hasConnectedOutput(context, index, "success") && hasConnectedOutput(context, index, "failure");
    default:
      return hasConnectedOutput(context, index, "next");
  }
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
      const node = graph.nodes[i];
      if (node.type === "end") continue;
      // Most steps have every output connected: count first, list handles only if not.
      if (graph.outOffsets[i + 1] - graph.outOffsets[i] >= requiredOutputCount(node) && allRequiredConnected(context, i)) continue;
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
