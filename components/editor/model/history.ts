/**
 * Undo/redo as past / present / future. `push` skips no-op changes (same
 * present) and can merge quick successive edits of one field into one step.
 */
export type History<T> = {
  past: T[];
  present: T;
  future: T[];
  /** Edits with the same key within `mergeWindowMs` merge into one undo step. */
  lastKey: string | null;
  lastAt: number;
};

export const HISTORY_LIMIT = 200;

export function createHistory<T>(present: T): History<T> {
  return { past: [], present, future: [], lastKey: null, lastAt: 0 };
}

export function pushHistory<T>(
  history: History<T>,
  next: T,
  options: { mergeKey?: string; now?: number; mergeWindowMs?: number } = {},
): History<T> {
  if (next === history.present) return history;
  const now = options.now ?? Date.now();
  const merge =
    options.mergeKey !== undefined && options.mergeKey === history.lastKey && now - history.lastAt <= (options.mergeWindowMs ?? 1000);
  const past = merge ? history.past : [...history.past, history.present].slice(-HISTORY_LIMIT);
  return { past, present: next, future: [], lastKey: options.mergeKey ?? null, lastAt: now };
}

/** Replaces the present without an undo step (selection, live drag positions). */
export function replacePresent<T>(history: History<T>, present: T): History<T> {
  return present === history.present ? history : { ...history, present };
}

export function undo<T>(history: History<T>): History<T> {
  if (history.past.length === 0) return history;
  const previous = history.past[history.past.length - 1];
  return { past: history.past.slice(0, -1), present: previous, future: [history.present, ...history.future], lastKey: null, lastAt: 0 };
}

export function redo<T>(history: History<T>): History<T> {
  if (history.future.length === 0) return history;
  const [next, ...rest] = history.future;
  return { past: [...history.past, history.present], present: next, future: rest, lastKey: null, lastAt: 0 };
}
