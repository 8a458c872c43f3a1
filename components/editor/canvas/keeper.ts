/** Whether two flat records hold the same values under the same keys. */
function sameFields<T extends object>(p: T, q: T): boolean {
  const keys = Object.keys(p) as (keyof T)[];
  return keys.length === Object.keys(q).length && keys.every((key) => p[key] === q[key]);
}

/**
 * Keeps the previous object of every item (by id) whose fields did not change, so a drag
 * frame hands React the same objects for all items but those of the moving step, and
 * memoised parts skip them.
 */
export function createKeeper<T extends { id: string }>(): (items: T[]) => T[] {
  let previous = new Map<string, T>();
  return (items) => {
    const next = new Map<string, T>();
    const kept = items.map((item) => {
      const old = previous.get(item.id);
      const same = old && sameFields(old, item) ? old : item;
      next.set(item.id, same);
      return same;
    });
    previous = next;
    return kept;
  };
}
