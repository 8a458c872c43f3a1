import { term, type Channel } from "../../flow";
import { pathRuleDiagnostics } from "../pathRule";
import { markNodes, searchPathIndices, searchUncovered } from "../pathSearch";
import type { PathRule, PathRuleSearch } from "../types";

/** The customer-service window of Meta's channels: free-form messages only within 24 hours of the user's last message. */
export const SERVICE_WINDOW_SECONDS = 24 * 60 * 60;
/** Channels where promotion outside the window is not allowed in a free-form message. */
export const WINDOW_CHANNELS: readonly Channel[] = ["messenger", "instagram", "whatsapp"];

/**
 * On Messenger, Instagram and WhatsApp a promotional step (inferred) reachable after a
 * delay of 24 hours or more is an error. One search seeded with the outputs of the
 * long delays a start reaches; it stops at steps that wait for the user's answer
 * (question, choice, consent), because the user's message opens the window again.
 */
export const channelWindow: PathRule = {
  id: "channel.window",
  severity: "error",
  kind: "path",
  needsLegal: false,
  insertAfterStart: false,
  basis: "Meta platform policy; WhatsApp Business messaging policy",
  searches(context): PathRuleSearch[] {
    const { graph, indicesOfType, document } = context;
    if (!document.channels.some((channel) => WINDOW_CHANNELS.includes(channel))) return [];
    const longDelays = indicesOfType.delay.filter((index) => {
      const node = graph.nodes[index];
      return node.type === "delay" && node.data.seconds >= SERVICE_WINDOW_SECONDS;
    });
    if (longDelays.length === 0) return [];
    const violating = new Uint8Array(graph.nodeCount);
    let any = false;
    const promotional = context.labels.promotional;
    for (let i = 0; i < graph.nodeCount; i++) {
      if (promotional.get(i) !== null) {
        violating[i] = 1;
        any = true;
      }
    }
    if (!any) return [];
    const reach = context.reachFromStarts();
    const seedEdges: number[] = [];
    for (const delay of longDelays) {
      if (reach.reached[delay] === 0) continue;
      for (let k = graph.outOffsets[delay]; k < graph.outOffsets[delay + 1]; k++) seedEdges.push(graph.outEdges[k]);
    }
    const search = searchUncovered(
      graph,
      {
        startNodes: [],
        seedEdges,
        blockedNodes: markNodes(graph.nodeCount, [...indicesOfType.input, ...indicesOfType.choice, ...indicesOfType.consent]),
        violating,
      },
      context.scratch,
    );
    return [{ ...search, missing: { type: "notFixable" } }];
  },
  explain(context, search, nodeIndex) {
    const { seedNode } = searchPathIndices(search, nodeIndex);
    const delay = seedNode === null ? null : context.graph.nodes[seedNode];
    const channels = context.document.channels.filter((channel) => WINDOW_CHANNELS.includes(channel));
    return {
      step: context.describe(context.graph.nodes[nodeIndex]),
      withDelay: delay !== null,
      delay: delay ? context.describe(delay) : null,
      hours: delay?.type === "delay" ? Math.floor(delay.data.seconds / 3600) : 24,
      channels: channels.map((channel) => term(`channel.window.channels.${channel}`)),
    };
  },
  check(context) {
    return pathRuleDiagnostics(this, context);
  },
};
