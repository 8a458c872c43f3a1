import type { EditorStore, SaveStatus } from "../store/editorStore";

/** Statuses after which waiting longer will not bring a save. */
const SETTLED: ReadonlySet<SaveStatus> = new Set(["saved", "conflict", "invalid", "offline"]);

/**
 * Resolves with the save status once the autosave has settled (or after `timeoutMs`),
 * so publish never runs on a draft the server has not got yet.
 */
export function waitUntilSaved(store: EditorStore, timeoutMs = 15_000): Promise<SaveStatus> {
  const now = store.getState().saveStatus;
  if (SETTLED.has(now)) return Promise.resolve(now);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      unsubscribe();
      resolve(store.getState().saveStatus);
    }, timeoutMs);
    const unsubscribe = store.subscribe((state) => {
      if (!SETTLED.has(state.saveStatus)) return;
      clearTimeout(timer);
      unsubscribe();
      resolve(state.saveStatus);
    });
  });
}
