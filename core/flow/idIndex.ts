/**
 * Node id → node index for one flow, built once per graph. An open-addressing table of
 * node indices (a typed array, sized once for the whole flow) instead of a `Map`: a
 * `Map` grows by rehashing as it fills and every insertion allocates, which at 50,000
 * steps made filling it most of the cost of building the graph.
 *
 * The hash is seeded per process, and a probe sequence longer than `MAX_PROBES` (ids
 * chosen to collide) makes the index fall back to a `Map`: a flow cannot make lookups
 * slower than linear in its size.
 */

/** Mixed into every hash: ids that collide in one process do not in the next. */
const SEED = (Math.random() * 0x1_0000_0000) | 0;
/** Longest probe sequence before the table gives way to a `Map`; about 1.5 on average at half load. */
const MAX_PROBES = 32;

function hashOf(id: string): number {
  // FNV-1a over the UTF-16 units, then a final mix so that the low bits (the slot)
  // depend on every unit.
  let h = SEED ^ 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x45d9f3b);
  return h ^ (h >>> 16);
}

export class IdIndex {
  /** Per slot: 1 + the index of the node whose id hashed there, 0 when free. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** Set instead of the table when an id is not a string or the ids collide too much. */
  private readonly map: Map<string, number> | null;
  /** Indices of the nodes whose id an earlier node already has, in document order. */
  readonly duplicates: readonly number[];
  /**
   * Per node index: its id, in one dense array. A lookup compares against it rather than
   * loading the node object, which lies elsewhere in memory.
   */
  readonly ids: readonly string[];

  /** `maxProbes` is for tests: 0 makes any two ids that share a slot fall back to the `Map`. */
  constructor(
    nodes: readonly { readonly id: string }[],
    private readonly maxProbes = MAX_PROBES,
  ) {
    let capacity = 16;
    while (capacity < nodes.length * 2) capacity *= 2;
    this.mask = capacity - 1;
    const slots = new Int32Array(capacity);
    const ids = new Array<string>(nodes.length);
    const duplicates: number[] = [];
    let table = true;
    fill: for (let i = 0; i < nodes.length; i++) {
      const id = nodes[i].id;
      ids[i] = id;
      if (typeof id !== "string") {
        table = false;
        break;
      }
      let slot = hashOf(id) & this.mask;
      for (let probes = 0; ; probes++) {
        const held = slots[slot];
        if (held === 0) {
          slots[slot] = i + 1;
          break;
        }
        if (ids[held - 1] === id) {
          duplicates.push(i);
          break;
        }
        if (probes === maxProbes) {
          table = false;
          break fill;
        }
        slot = (slot + 1) & this.mask;
      }
    }
    this.slots = slots;
    this.ids = ids;
    if (table) {
      this.map = null;
      this.duplicates = duplicates;
    } else {
      // The first node with an id keeps it, as in the table.
      const map = new Map<string, number>();
      const late: number[] = [];
      for (let i = 0; i < nodes.length; i++) {
        ids[i] = nodes[i].id;
        if (map.has(ids[i])) late.push(i);
        else map.set(ids[i], i);
      }
      this.map = map;
      this.duplicates = late;
    }
  }

  /** Whether the ids made the index fall back to a `Map` (an id not a string, or too many collisions). */
  get usesMap(): boolean {
    return this.map !== null;
  }

  /** The index of the first node with this id, or -1 when no node has it. */
  indexOf(id: string): number {
    if (this.map !== null) return this.map.get(id) ?? -1;
    if (typeof id !== "string") return -1;
    const { slots, mask, ids } = this;
    let slot = hashOf(id) & mask;
    // No id took more than maxProbes steps to place, so none is further away.
    for (let probes = 0; probes <= this.maxProbes; probes++) {
      const held = slots[slot];
      if (held === 0) return -1;
      if (ids[held - 1] === id) return held - 1;
      slot = (slot + 1) & mask;
    }
    return -1;
  }
}
