import type { FlowGraph } from "../flow";

/**
 * The one search every path rule uses: breadth-first from the start nodes (and/or
 * from seed edges such as a handoff's `next`), not expanding past satisfying nodes
 * and not following satisfying edges. Every violator reached is uncovered, and the
 * parent pointers give a witness path. O(nodes + edges); loops are fine because a
 * node is visited once.
 */
export interface UncoveredSearch {
  /**
   * 1 for every node the search reached (satisfying nodes included, not expanded).
   * Empty when there are no violators (nothing needs it then).
   */
  readonly reached: Uint8Array;
  /**
   * Where a node was first reached from: a node index; -1 for a start;
   * `-2 - h` when it was reached through a seed edge of node h.
   */
  readonly parent: Int32Array;
  /** Violating nodes in the order they were reached (nearest first). */
  readonly violators: readonly number[];
  /** Nodes the search does not expand past (1 = satisfies the rule). */
  readonly blockedNodes: Uint8Array | null;
  /** Edges the search does not follow (1 = satisfies the rule). */
  readonly blockedEdges: Uint8Array | null;
  /** Edges the search starts on (their targets are sources). */
  readonly seedEdges: readonly number[];
}

/**
 * Work buffers one validation reuses across its searches, so that a search that finds
 * nothing (the usual case) allocates nothing per node; results are copied out only
 * when there are violators to explain.
 */
export interface SearchScratch {
  reached: Uint8Array;
  parent: Int32Array;
  queue: Int32Array;
}

export function createSearchScratch(nodeCount: number): SearchScratch {
  return { reached: new Uint8Array(nodeCount), parent: new Int32Array(nodeCount), queue: new Int32Array(nodeCount) };
}

export interface UncoveredSearchSpec {
  startNodes: readonly number[];
  seedEdges?: readonly number[];
  blockedNodes?: Uint8Array | null;
  blockedEdges?: Uint8Array | null;
  /** 1 for the nodes that violate the rule when reached. */
  violating: Uint8Array;
}

const EMPTY_BYTES = new Uint8Array(0);
const EMPTY_INTS = new Int32Array(0);

/** Runs one uncovered-step search; see `UncoveredSearch`. */
export function searchUncovered(graph: FlowGraph, spec: UncoveredSearchSpec, scratch?: SearchScratch): UncoveredSearch {
  const n = graph.nodeCount;
  const buffers = scratch && scratch.reached.length === n ? scratch : createSearchScratch(n);
  const { reached, parent, queue } = buffers;
  reached.fill(0);
  const violators: number[] = [];
  const blockedNodes = spec.blockedNodes ?? null;
  const blockedEdges = spec.blockedEdges ?? null;
  const seedEdges = spec.seedEdges ?? [];
  const violating = spec.violating;
  const { outOffsets, outEdges, edgeTarget, edgeSource } = graph;
  let tail = 0;

  for (const start of spec.startNodes) {
    if (reached[start] === 1) continue;
    reached[start] = 1;
    parent[start] = -1;
    queue[tail++] = start;
    if (violating[start] === 1) violators.push(start);
  }
  for (const edge of seedEdges) {
    const target = edgeTarget[edge];
    if (target < 0 || reached[target] === 1) continue;
    reached[target] = 1;
    parent[target] = -2 - edgeSource[edge];
    queue[tail++] = target;
    if (violating[target] === 1) violators.push(target);
  }

  for (let head = 0; head < tail; head++) {
    const node = queue[head];
    if (blockedNodes !== null && blockedNodes[node] === 1) continue;
    for (let k = outOffsets[node], end = outOffsets[node + 1]; k < end; k++) {
      const edge = outEdges[k];
      if (blockedEdges !== null && blockedEdges[edge] === 1) continue;
      const target = edgeTarget[edge];
      if (reached[target] === 1) continue;
      reached[target] = 1;
      parent[target] = node;
      queue[tail++] = target;
      if (violating[target] === 1) violators.push(target);
    }
  }
  if (violators.length === 0) {
    // Nothing to explain or repair: the shared buffers stay with the context.
    return { reached: EMPTY_BYTES, parent: EMPTY_INTS, violators, blockedNodes, blockedEdges, seedEdges };
  }
  return { reached: reached.slice(), parent: parent.slice(), violators, blockedNodes, blockedEdges, seedEdges };
}

/** Whether the search went along `edge` (the uncovered side of the graph). */
export function searchTraversedEdge(graph: FlowGraph, search: UncoveredSearch, edge: number, seedSet?: ReadonlySet<number>): boolean {
  if (graph.edgeUsable[edge] === 0) return false;
  if (seedSet ? seedSet.has(edge) : search.seedEdges.includes(edge)) return true;
  const source = graph.edgeSource[edge];
  if (search.reached[source] === 0) return false;
  if (search.blockedNodes !== null && search.blockedNodes[source] === 1) return false;
  if (search.blockedEdges !== null && search.blockedEdges[edge] === 1) return false;
  return true;
}

/**
 * The search's witness for `node`: indices from the search source to the node.
 * For a node reached through a seed edge of node h, the path starts at h.
 */
export function searchPathIndices(search: UncoveredSearch, node: number): { indices: number[]; seedNode: number | null } {
  const indices: number[] = [];
  let current = node;
  let seedNode: number | null = null;
  // Parent pointers form a tree, so the walk ends within nodeCount steps.
  for (let steps = 0; steps <= search.parent.length; steps++) {
    indices.push(current);
    const parent = search.parent[current];
    if (parent === -1) break;
    if (parent <= -2) {
      seedNode = -2 - parent;
      indices.push(seedNode);
      break;
    }
    current = parent;
  }
  return { indices: indices.reverse(), seedNode };
}

/** One byte per node, 1 where the predicate holds. */
export function markNodes(count: number, indices: readonly number[]): Uint8Array {
  const mask = new Uint8Array(count);
  for (const index of indices) mask[index] = 1;
  return mask;
}
