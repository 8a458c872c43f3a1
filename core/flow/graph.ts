import { NODE_TYPES } from "./constants";
import { IdIndex } from "./idIndex";
import { fixedOutputsOfType, outputPosition } from "./outputs";
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
  /** Node id → node index (`idIndex.indexOf`). Duplicate ids keep the first node. */
  readonly idIndex: IdIndex;
  /**
   * Per node: its type as its position in `NODE_TYPES` (`UNKNOWN_TYPE_CODE` for a type
   * not there), one dense array for passes that only ask what type each step is.
   */
  readonly typeCodes: Uint8Array;
  /** Per edge: source / target node index, or -1 when that node does not exist. */
  readonly edgeSource: Int32Array;
  readonly edgeTarget: Int32Array;
  /** Per edge: 1 when both ends exist and the source has `sourceHandle`. */
  readonly edgeUsable: Uint8Array;
  /**
   * Per usable edge: the position of its `sourceHandle` among the source's outputs
   * (`outputPosition`), so that which outputs are connected is answered without
   * reading the edges again; -1 for an edge that is not usable.
   */
  readonly edgeOutput: Int32Array;
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

/** The code of a type `NODE_TYPES` does not know (a document that skipped parsing). */
export const UNKNOWN_TYPE_CODE = NODE_TYPES.length;

/**
 * Code of a node type in `FlowGraph.typeCodes`: its position in `NODE_TYPES`. A switch
 * over the (interned) type names costs a few comparisons; a map lookup per node cost more.
 */
export function typeCodeOf(type: string): number {
  switch (type) {
    case "start":
      return 0;
    case "botDisclosure":
      return 1;
    case "privacyNotice":
      return 2;
    case "consent":
      return 3;
    case "message":
      return 4;
    case "choice":
      return 5;
    case "input":
      return 6;
    case "condition":
      return 7;
    case "delay":
      return 8;
    case "handoff":
      return 9;
    case "webhook":
      return 10;
    case "subscribe":
      return 11;
    case "end":
      return 12;
    default: {
      // A type added to NODE_TYPES but not above still gets its code, the slower way.
      const code = (NODE_TYPES as readonly string[]).indexOf(type);
      return code === -1 ? UNKNOWN_TYPE_CODE : code;
    }
  }
}

/** Per type code: the outputs of a non-choice node of that type (none for an unknown type). */
const FIXED_OUTPUTS_BY_CODE: readonly (readonly string[])[] = [...NODE_TYPES.map(fixedOutputsOfType), []];
const CHOICE_CODE = typeCodeOf("choice");
const START_CODE = typeCodeOf("start");

/** Builds the shared graph of a flow document in O(nodes + edges). */
export function buildFlowGraph(document: FlowDocument): FlowGraph {
  const nodes = document.nodes;
  const edges = document.edges;
  const nodeCount = nodes.length;
  const edgeCount = edges.length;

  // Each node's type as a code the edge loop and the rules read from one dense array.
  const idIndex = new IdIndex(nodes);
  const typeCodes = new Uint8Array(nodeCount);
  const startIndices: number[] = [];
  for (let i = 0; i < nodeCount; i++) {
    const code = typeCodeOf(nodes[i].type);
    typeCodes[i] = code;
    if (code === START_CODE) startIndices.push(i);
  }

  const edgeSource = new Int32Array(edgeCount);
  const edgeTarget = new Int32Array(edgeCount);
  const edgeUsable = new Uint8Array(edgeCount);
  const edgeOutput = new Int32Array(edgeCount).fill(-1);
  // Counted at the node's own index here; the prefix sums below turn them into ends.
  const outOffsets = new Int32Array(nodeCount + 1);
  const inOffsets = new Int32Array(nodeCount + 1);

  // Edges usually come grouped by source, or in chains (a → b, b → c), so the previous
  // edge's source or target often is this one's source: a comparison instead of a lookup.
  let lastSourceId: string | null = null;
  let lastSource = -1;
  let lastTargetId: string | null = null;
  let lastTarget = -1;
  for (let e = 0; e < edgeCount; e++) {
    const edge = edges[e];
    if (edge.source !== lastSourceId) {
      lastSourceId = edge.source;
      lastSource = edge.source === lastTargetId ? lastTarget : idIndex.indexOf(edge.source);
    }
    const source = lastSource;
    const target = idIndex.indexOf(edge.target);
    lastTargetId = edge.target;
    lastTarget = target;
    edgeSource[e] = source;
    edgeTarget[e] = target;
    if (source < 0 || target < 0) continue;
    const code = typeCodes[source];
    const output =
      code === CHOICE_CODE ? outputPosition(nodes[source], edge.sourceHandle) : FIXED_OUTPUTS_BY_CODE[code].indexOf(edge.sourceHandle);
    if (output !== -1) {
      edgeOutput[e] = output;
      edgeUsable[e] = 1;
      outOffsets[source]++;
      inOffsets[target]++;
    }
  }
  // Inclusive prefix sums: offsets[i] is where node i's edges end. Placing the edges
  // from the last to the first moves each back to where its node's edges begin, so no
  // separate fill pointers are needed and every node keeps its edges in document order.
  for (let i = 1; i <= nodeCount; i++) {
    outOffsets[i] += outOffsets[i - 1];
    inOffsets[i] += inOffsets[i - 1];
  }
  const outEdges = new Int32Array(outOffsets[nodeCount]);
  const inEdges = new Int32Array(inOffsets[nodeCount]);
  for (let e = edgeCount - 1; e >= 0; e--) {
    if (edgeUsable[e] === 0) continue;
    outEdges[--outOffsets[edgeSource[e]]] = e;
    inEdges[--inOffsets[edgeTarget[e]]] = e;
  }

  return {
    document,
    nodes,
    edges,
    nodeCount,
    idIndex,
    typeCodes,
    edgeSource,
    edgeTarget,
    edgeUsable,
    edgeOutput,
    outOffsets,
    outEdges,
    inOffsets,
    inEdges,
    startIndices,
    duplicateNodeIndices: idIndex.duplicates,
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
