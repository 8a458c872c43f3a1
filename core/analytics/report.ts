import { outputsOf, type FlowDocument } from "../flow";
import { shownCount, shownShare, type ShownCount } from "../domain/analytics";
import type { CountKind } from "./aggregate";

/*
 * Turns summed counts into what the editor's overlay and the dashboard show. Every
 * count passes through `shownCount` here, so numbers below 5 never leave the server,
 * and a share is only given when both of its counts are shown.
 */

/** A count row summed over days (and channels, when no channel is chosen). */
export interface SummedCount {
  nodeId: string;
  kind: CountKind;
  output: string;
  count: number;
}

export interface OutputReport {
  output: string;
  count: ShownCount;
  /** Percent of those who reached the step. */
  share: number | null;
}

export interface StepReport {
  nodeId: string;
  type: string;
  reached: ShownCount;
  continued: ShownCount;
  dropped: ShownCount;
  /** Percent of those who reached the step. */
  droppedShare: number | null;
  /** Conversations that ended here as the flow intends (an end step). */
  completed: ShownCount;
  optOuts: ShownCount;
  outputs: OutputReport[];
  consent: {
    accept: ShownCount;
    decline: ShownCount;
    noAnswer: ShownCount;
    acceptShare: number | null;
    optOutsAfter: ShownCount;
  } | null;
}

export interface EdgeReport {
  source: string;
  output: string;
  target: string;
  count: ShownCount;
  /** 0…1 relative to the busiest edge; suppressed counts weigh 0 (drawn thinnest). */
  weight: number;
}

export interface FlowReport {
  steps: StepReport[];
  edges: EdgeReport[];
  conversations: ShownCount;
}

/** Indexes summed counts by node, kind and output. */
function indexCounts(counts: readonly SummedCount[]) {
  const byKey = new Map<string, number>();
  const byNodeKind = new Map<string, number>();
  for (const row of counts) {
    const key = `${row.nodeId}\u0000${row.kind}\u0000${row.output}`;
    byKey.set(key, (byKey.get(key) ?? 0) + row.count);
    const nodeKind = `${row.nodeId}\u0000${row.kind}`;
    byNodeKind.set(nodeKind, (byNodeKind.get(nodeKind) ?? 0) + row.count);
  }
  return {
    get: (nodeId: string, kind: CountKind, output = "") => byKey.get(`${nodeId}\u0000${kind}\u0000${output}`) ?? 0,
    total: (nodeId: string, kind: CountKind) => byNodeKind.get(`${nodeId}\u0000${kind}`) ?? 0,
  };
}

/** Per step and edge of one published version: reached, continued, dropped, output shares, consent answers. */
export function flowReport(document: Pick<FlowDocument, "nodes" | "edges">, counts: readonly SummedCount[]): FlowReport {
  const index = indexCounts(counts);
  let conversations = 0;
  const steps = document.nodes.map((node): StepReport => {
    const reached = index.get(node.id, "reached");
    if (node.type === "start") conversations += reached;
    const continued = index.total(node.id, "left");
    const completed = index.get(node.id, "ended", "completed");
    const dropped = Math.max(0, reached - continued - completed);
    const outputs = outputsOf(node).map((output) => {
      const count = index.get(node.id, "left", output);
      return { output, count: shownCount(count), share: shownShare(count, reached) };
    });
    let consent: StepReport["consent"] = null;
    if (node.type === "consent") {
      const accept = index.get(node.id, "answer", "accept");
      const decline = index.get(node.id, "answer", "decline");
      consent = {
        accept: shownCount(accept),
        decline: shownCount(decline),
        noAnswer: shownCount(Math.max(0, reached - accept - decline)),
        acceptShare: shownShare(accept, reached),
        optOutsAfter: shownCount(index.total(node.id, "optOutAfter")),
      };
    }
    return {
      nodeId: node.id,
      type: node.type,
      reached: shownCount(reached),
      continued: shownCount(continued),
      dropped: shownCount(dropped),
      droppedShare: shownShare(dropped, reached),
      completed: shownCount(completed),
      optOuts: shownCount(index.total(node.id, "optOut")),
      outputs,
      consent,
    };
  });
  const raw = document.edges.map((edge) => ({ edge, count: index.get(edge.source, "left", edge.sourceHandle) }));
  const visible = raw.map(({ count }) => shownCount(count));
  const busiest = Math.max(1, ...visible.map((count) => (typeof count === "number" ? count : 0)));
  const edges = raw.map(({ edge }, i) => ({
    source: edge.source,
    output: edge.sourceHandle,
    target: edge.target,
    count: visible[i],
    weight: typeof visible[i] === "number" ? visible[i] / busiest : 0,
  }));
  return { steps, edges, conversations: shownCount(conversations) };
}
