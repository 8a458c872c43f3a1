/*
 * The compliance engine (the rulebook, autofix and the zod schemas) is loaded with
 * the first interaction in the editor (a pointer or key press, a selected step),
 * not with the editor: someone who only looks at a flow never needs it, and the
 * canvas becomes interactive sooner. Until it is there (a fraction of a second,
 * seconds on a busy machine), edits are remembered and the automatic insertion runs
 * for them as soon as it has loaded (see the graph slice's `uncheckedSince`).
 */
export type Engine = typeof import("./engineImpl");

let engine: Engine | null = null;
let loading: Promise<Engine> | null = null;

export function loadEngine(): Promise<Engine> {
  loading ??= import("./engineImpl").then((module) => (engine = module));
  return loading;
}

/** The engine if it has loaded, else null. */
export function loadedEngine(): Engine | null {
  return engine;
}
