import { fixedOutputsOf, hasOutput } from "./outputs";
import type { FlowDocument, FlowEdge, FlowNode } from "./schema";

/**
 * The flow as a compact graph, built once in O(nodes + edges) and shared by every
 * rule, the exporters and the runtime. Nodes are addressed by their index in
 * `document.nodes`; adjacency is stored in CSR form (offset + flat array) because a
 * 50,000-node flow would otherwise allocate 50,000 small arrays.
 *
 * Only usable edges are in the adjacency: both ends exist and the source has the
 * handle. Broken edges are kept out so that a search never follows an edge the
 * runtime could not follow; `graph.edges` reports them.
 */
export interface FlowGraph {
  readonly document: FlowDocument;
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
  readonly nodeCount: number;
  /** Node id → node index. Duplicate ids keep the first node. */
  readonly indexById: ReadonlyMap<string, number>;
  /** Per edge: source / target node index, or -1 when that node does not exist. */
  readonly edgeSource: Int32Array;
  readonly edgeTarget: Int32Array;
  /** Per edge: 1 when both ends exist and the source has `sourceHandle`. */
  readonly edgeUsable: Uint8Array;
  /** Outgoing usable edge indices of node i: `outEdges[outOffsets[i] .. outOffsets[i+1])`. */
  readonly outOffsets: Int32Array;
  readonly outEdges: Int32Array;
  /** Incoming usable edge indices of node i, same layout. */
  readonly inOffsets: Int32Array;
  readonly inEdges: Int32Array;
  /** Indices of the start nodes, in document order. */
  readonly startIndices: readonly number[];
  /** Indices of nodes whose id an earlier node already has. */
  readonly duplicateNodeIndices: readonly number[];
}

/** Builds the shared graph of a flow document in O(nodes + edges). */
export function buildFlowGraph(document: FlowDocument): FlowGraph {
  const nodes = document.nodes;
  const edges = document.edges;
  const nodeCount = nodes.length;
  const edgeCount = edges.length;

  // Filled back to front so that, with duplicate ids, the first node wins with one
  // map operation per node; duplicates are rare and located in a second pass only
  // when the map came out smaller than the node list.
  const indexById = new Map<string, number>();
  for (let i = nodeCount - 1; i >= 0; i--) indexById.set(nodes[i].id, i);
  const duplicateNodeIndices: number[] = [];
  if (indexById.size < nodeCount) {
    for (let i = 0; i < nodeCount; i++) if (indexById.get(nodes[i].id) !== i) duplicateNodeIndices.push(i);
  }
  const startIndices: number[] = [];
  // Whether a node can only have fixed outputs (not a choice), read once per node so
  // the edge loop below does not revisit scattered node objects for common handles.
  const isChoice = new Uint8Array(nodeCount);
  const fixedOutputs: (readonly string[])[] = new Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    const node = nodes[i];
    if (node.type === "start") startIndices.push(i);
    if (node.type === "choice") isChoice[i] = 1;
    else fixedOutputs[i] = fixedOutputsOf(node);
  }

  const edgeSource = new Int32Array(edgeCount);
  const edgeTarget = new Int32Array(edgeCount);
  const edgeUsable = new Uint8Array(edgeCount);
  const outOffsets = new Int32Array(nodeCount + 1);
  const inOffsets = new Int32Array(nodeCount + 1);

  // Edges usually come grouped by source, so the previous lookup is often reusable.
  let lastSourceId: string | null = null;
  let lastSource = -1;
  for (let e = 0; e < edgeCount; e++) {
    const edge = edges[e];
    if (edge.source !== lastSourceId) {
      lastSourceId = edge.source;
      lastSource = indexById.get(edge.source) ?? -1;
    }
    const source = lastSource;
    const target = indexById.get(edge.target) ?? -1;
    edgeSource[e] = source;
    edgeTarget[e] = target;
    const handleExists =
      source >= 0 &&
      (isChoice[source] === 1 ? hasOutput(nodes[source], edge.sourceHandle) : fixedOutputs[source].includes(edge.sourceHandle));
    if (target >= 0 && handleExists) {
      edgeUsable[e] = 1;
      outOffsets[source + 1]++;
      inOffsets[target + 1]++;
    }
  }
  for (let i = 0; i < nodeCount; i++) {
    outOffsets[i + 1] += outOffsets[i];
    inOffsets[i + 1] += inOffsets[i];
  }
  const outEdges = new Int32Array(outOffsets[nodeCount]);
  const inEdges = new Int32Array(inOffsets[nodeCount]);
  const outFill = outOffsets.slice(0, nodeCount);
  const inFill = inOffsets.slice(0, nodeCount);
  for (let e = 0; e < edgeCount; e++) {
    if (edgeUsable[e] === 0) continue;
    outEdges[outFill[edgeSource[e]]++] = e;
    inEdges[inFill[edgeTarget[e]]++] = e;
  }

  return {
    document,
    nodes,
    edges,
    nodeCount,
    indexById,
    edgeSource,
    edgeTarget,
    edgeUsable,
    outOffsets,
    outEdges,
    inOffsets,
    inEdges,
    startIndices,
    duplicateNodeIndices,
  };
}

/** Result of a breadth-first search: who was reached, and from where. */
export interface Reachability {
  /** 1 when the node was reached. */
  readonly reached: Uint8Array;
  /** The node a reached node was first reached from; -1 for the search's sources. */
  readonly parent: Int32Array;
  /** Reached nodes in breadth-first order. */
  readonly order: Int32Array;
  readonly orderLength: number;
}

/** Plain breadth-first search over usable edges from the given sources. O(nodes + edges). */
export function reachableFrom(graph: FlowGraph, sources: readonly number[]): Reachability {
  const n = graph.nodeCount;
  const reached = new Uint8Array(n);
  const parent = new Int32Array(n).fill(-1);
  const order = new Int32Array(n);
  let tail = 0;
  for (const source of sources) {
    if (reached[source] === 0) {
      reached[source] = 1;
      order[tail++] = source;
    }
  }
  const { outOffsets, outEdges, edgeTarget } = graph;
  for (let head = 0; head < tail; head++) {
    const node = order[head];
    for (let k = outOffsets[node], end = outOffsets[node + 1]; k < end; k++) {
      const target = edgeTarget[outEdges[k]];
      if (reached[target] === 0) {
        reached[target] = 1;
        parent[target] = node;
        order[tail++] = target;
      }
    }
  }
  return { reached, parent, order, orderLength: tail };
}

/** Node ids from a search source to `node`, following parent pointers. */
export function pathTo(graph: FlowGraph, parent: Int32Array, node: number): string[] {
  const ids: string[] = [];
  for (let current = node; current !== -1; current = parent[current]) {
    ids.push(graph.nodes[current].id);
    // A parent chain is a tree path, so it is at most nodeCount long; the guard only
    // protects against a corrupted parent array turning into an endless loop.
    if (ids.length > graph.nodeCount) break;
  }
  return ids.reverse();
}
