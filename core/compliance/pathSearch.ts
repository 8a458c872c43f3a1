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
  /**
   * Present for a consent-state search (see `searchConsentStates`): `reached` then holds
   * a bit mask of the states each node was reached in, and `parent` is indexed by
   * `node * 3 + state`.
   */
  readonly consent?: ConsentStateDetail;
}

/** Consent state on a path for one purpose (rulebook "Terms"). */
export const CONSENT_NONE = 0;
export const CONSENT_ACCEPT = 1;
export const CONSENT_DECLINE = 2;
/** One bit per consent state, for masks of states. */
export const STATE_BIT = [1, 2, 4] as const;

/** What following an edge does to the consent state of the search's purpose. */
export const EDGE_KEEPS = 0;
export const EDGE_ACCEPTS = 1;
export const EDGE_DECLINES = 2;

export interface ConsentStateDetail {
  /** Per edge: EDGE_KEEPS, EDGE_ACCEPTS (an accept of a matching consent) or EDGE_DECLINES. */
  readonly effect: Uint8Array;
  /** `node * 3 + state` where each violator was first reached in a violating state. */
  readonly violatorKeys: ReadonlyMap<number, number>;
}

/**
 * The state after following an edge: a decline is final on the path, so an accept
 * after it changes nothing; an accept is undone by a later decline.
 */
export function nextConsentState(state: number, effect: number): number {
  if (effect === EDGE_DECLINES) return CONSENT_DECLINE;
  if (effect === EDGE_ACCEPTS) return state === CONSENT_DECLINE ? CONSENT_DECLINE : CONSENT_ACCEPT;
  return state;
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
  /** Three entries per node for the consent-state searches, allocated on first use. */
  stateParent: Int32Array | null;
  stateQueue: Int32Array | null;
}

export function createSearchScratch(nodeCount: number): SearchScratch {
  return {
    reached: new Uint8Array(nodeCount),
    parent: new Int32Array(nodeCount),
    queue: new Int32Array(nodeCount),
    stateParent: null,
    stateQueue: null,
  };
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

export interface ConsentStateSearchSpec {
  startNodes: readonly number[];
  /** Per edge, what following it does to the state (see `ConsentStateDetail.effect`). */
  effect: Uint8Array;
  /**
   * Per node, the states (bit mask of `STATE_BIT`) in which reaching it is a
   * violation; 0 for nodes that never violate.
   */
  violatingStates: Uint8Array;
}

/**
 * The search over (step, consent state) for one purpose: breadth-first over at most
 * 3 × nodes pairs, each visited once, so still O(nodes + edges). Every start begins in
 * state *none*; an accept of a matching consent leads to *accept*, a decline to
 * *decline*, which no later accept undoes. A node is a violator when it is reached
 * in one of its violating states; it is listed once, with the first such pair as
 * the end of its witness.
 */
export function searchConsentStates(graph: FlowGraph, spec: ConsentStateSearchSpec, scratch?: SearchScratch): UncoveredSearch {
  const n = graph.nodeCount;
  const buffers = scratch && scratch.reached.length === n ? scratch : createSearchScratch(n);
  // The usual flow asks for consent once, near the start, and every path goes on in
  // state accept. When reaching a step in *accept* violates nothing, a cheaper search
  // first answers whether anything is violated at all; only then does the full one run.
  if (acceptNeverViolates(spec.violatingStates) && !anyViolationReachable(graph, spec, buffers)) {
    const none: ConsentStateDetail = { effect: spec.effect, violatorKeys: new Map() };
    return {
      reached: EMPTY_BYTES,
      parent: EMPTY_INTS,
      violators: [],
      blockedNodes: null,
      blockedEdges: null,
      seedEdges: [],
      consent: none,
    };
  }
  buffers.stateParent ??= new Int32Array(3 * n);
  buffers.stateQueue ??= new Int32Array(3 * n);
  const { reached } = buffers;
  const parent = buffers.stateParent;
  const queue = buffers.stateQueue;
  reached.fill(0);
  const { effect, violatingStates } = spec;
  const violators: number[] = [];
  const violatorKeys = new Map<number, number>();
  const { outOffsets, outEdges, edgeTarget } = graph;
  let tail = 0;

  for (const start of spec.startNodes) {
    if ((reached[start] & 1) !== 0) continue;
    reached[start] |= 1;
    const key = start * 3;
    parent[key] = -1;
    queue[tail++] = key;
    if ((violatingStates[start] & 1) !== 0) {
      violators.push(start);
      violatorKeys.set(start, key);
    }
  }
  for (let head = 0; head < tail; head++) {
    const key = queue[head];
    const node = (key / 3) | 0;
    const state = key - node * 3;
    for (let k = outOffsets[node], end = outOffsets[node + 1]; k < end; k++) {
      const edge = outEdges[k];
      const next = nextConsentState(state, effect[edge]);
      const target = edgeTarget[edge];
      const bit = 1 << next;
      const before = reached[target];
      if ((before & bit) !== 0) continue;
      reached[target] = before | bit;
      const targetKey = target * 3 + next;
      parent[targetKey] = key;
      queue[tail++] = targetKey;
      const bad = violatingStates[target];
      if ((bad & bit) !== 0 && (bad & before) === 0) {
        violators.push(target);
        violatorKeys.set(target, targetKey);
      }
    }
  }
  const detail: ConsentStateDetail = { effect, violatorKeys };
  if (violators.length === 0) {
    return { reached: EMPTY_BYTES, parent: EMPTY_INTS, violators, blockedNodes: null, blockedEdges: null, seedEdges: [], consent: detail };
  }
  return {
    reached: reached.slice(),
    parent: parent.slice(0, 3 * n),
    violators,
    blockedNodes: null,
    blockedEdges: null,
    seedEdges: [],
    consent: detail,
  };
}

/** Whether no step violates when reached in state *accept*. */
function acceptNeverViolates(violatingStates: Uint8Array): boolean {
  const accept = STATE_BIT[CONSENT_ACCEPT];
  for (let i = 0; i < violatingStates.length; i++) if ((violatingStates[i] & accept) !== 0) return false;
  return true;
}

/**
 * Whether `searchConsentStates` would find any violator, for a spec in which state
 * *accept* violates nothing (`acceptNeverViolates`). The same search over (step, state),
 * except that a step reached in *accept* is not gone on from when no declining edge can
 * be reached from it: on from there the state stays *accept*, so nothing further on
 * can be a violation. Which pairs in other states are reached does not change.
 * O(nodes + edges), like the search; on a usual flow it visits a few steps.
 */
function anyViolationReachable(graph: FlowGraph, spec: ConsentStateSearchSpec, buffers: SearchScratch): boolean {
  const n = graph.nodeCount;
  const { effect, violatingStates } = spec;
  const { outOffsets, outEdges, edgeTarget, edgeSource, inOffsets, inEdges } = graph;
  // Steps from which a declining edge can be reached: backwards from the edges' sources.
  const mayDecline = new Uint8Array(n);
  const nodeQueue = buffers.queue;
  let tail = 0;
  for (let edge = 0; edge < effect.length; edge++) {
    if (effect[edge] !== EDGE_DECLINES || graph.edgeUsable[edge] === 0) continue;
    const source = edgeSource[edge];
    if (mayDecline[source] === 0) {
      mayDecline[source] = 1;
      nodeQueue[tail++] = source;
    }
  }
  for (let head = 0; head < tail; head++) {
    const node = nodeQueue[head];
    for (let k = inOffsets[node], end = inOffsets[node + 1]; k < end; k++) {
      const source = edgeSource[inEdges[k]];
      if (mayDecline[source] === 0) {
        mayDecline[source] = 1;
        nodeQueue[tail++] = source;
      }
    }
  }
  buffers.stateQueue ??= new Int32Array(3 * n);
  const queue = buffers.stateQueue;
  const reached = buffers.reached;
  reached.fill(0);
  tail = 0;
  for (const start of spec.startNodes) {
    if ((reached[start] & 1) !== 0) continue;
    if ((violatingStates[start] & 1) !== 0) return true;
    reached[start] |= 1;
    queue[tail++] = start * 3;
  }
  for (let head = 0; head < tail; head++) {
    const key = queue[head];
    const node = (key / 3) | 0;
    const state = key - node * 3;
    if (state === CONSENT_ACCEPT && mayDecline[node] === 0) continue;
    for (let k = outOffsets[node], end = outOffsets[node + 1]; k < end; k++) {
      const edge = outEdges[k];
      const next = nextConsentState(state, effect[edge]);
      const target = edgeTarget[edge];
      const bit = 1 << next;
      if ((reached[target] & bit) !== 0) continue;
      if ((violatingStates[target] & bit) !== 0) return true;
      reached[target] |= bit;
      queue[tail++] = target * 3 + next;
    }
  }
  return false;
}

/**
 * The consent states (bit mask) in which following `edge` arrives at its target,
 * given the states its source was reached in. For a search without consent state,
 * `STATE_BIT[CONSENT_NONE]` when the search went along the edge, else 0.
 */
export function statesThroughEdge(graph: FlowGraph, search: UncoveredSearch, edge: number): number {
  const consent = search.consent;
  if (!consent) return searchTraversedEdge(graph, search, edge) ? STATE_BIT[CONSENT_NONE] : 0;
  if (graph.edgeUsable[edge] === 0) return 0;
  const from = search.reached[graph.edgeSource[edge]];
  let states = 0;
  for (let state = 0; state < 3; state++) {
    if ((from & (1 << state)) !== 0) states |= 1 << nextConsentState(state, consent.effect[edge]);
  }
  return states;
}

/** Whether the search went along `edge` (the uncovered side of the graph). */
export function searchTraversedEdge(graph: FlowGraph, search: UncoveredSearch, edge: number, seedSet?: ReadonlySet<number>): boolean {
  if (graph.edgeUsable[edge] === 0) return false;
  if (search.consent) return (statesThroughEdge(graph, search, edge) & ~STATE_BIT[CONSENT_ACCEPT]) !== 0;
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
  if (search.consent) return { indices: statePathIndices(search, stateWitnessEnd(search.consent, node)), seedNode: null };
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

/** The (node, state) key a consent-state witness for `node` ends at. */
function stateWitnessEnd(consent: ConsentStateDetail, node: number): number {
  return consent.violatorKeys.get(node) ?? node * 3;
}

/**
 * The ids (`nodeIds`, indexed like the graph's nodes) along the parent pointers of a
 * consent-state search, from a start to the witness end of `node`: written straight
 * into an array of the path's length, as witnesses can be long and a flow can have many.
 */
export function statePathIds(search: UncoveredSearch, node: number, nodeIds: readonly string[]): string[] {
  const parents = search.parent;
  const end = search.consent ? stateWitnessEnd(search.consent, node) : node * 3;
  // Parent pointers form a tree, so a path has at most as many keys as there are.
  let length = 0;
  for (let key = end; key >= 0 && length <= parents.length; key = parents[key]) length++;
  const ids = new Array<string>(length);
  let key = end;
  for (let i = length - 1; i >= 0; i--) {
    ids[i] = nodeIds[(key / 3) | 0];
    key = parents[key];
  }
  return ids;
}

/** Node indices along the parent pointers of a consent-state search, from a start to `key`. */
function statePathIndices(search: UncoveredSearch, key: number): number[] {
  const indices: number[] = [];
  let current = key;
  for (let steps = 0; steps <= search.parent.length && current >= 0; steps++) {
    indices.push((current / 3) | 0);
    current = search.parent[current];
  }
  return indices.reverse();
}

/**
 * The witness of a consent-state violator as (node, state) keys, from a start to the
 * violator, for repairs that need to know where on the path the state changed.
 */
export function stateWitnessKeys(search: UncoveredSearch, node: number): number[] {
  const keys: number[] = [];
  let current = search.consent?.violatorKeys.get(node) ?? -1;
  for (let steps = 0; steps <= search.parent.length && current >= 0; steps++) {
    keys.push(current);
    current = search.parent[current];
  }
  return keys.reverse();
}

/** One byte per node, 1 where the predicate holds. */
export function markNodes(count: number, indices: readonly number[]): Uint8Array {
  const mask = new Uint8Array(count);
  for (const index of indices) mask[index] = 1;
  return mask;
}
