import { createStore } from "zustand/vanilla";
import { createChecksSlice } from "./slices/checks";
import { createGraphSlice } from "./slices/graph";
import { createSelectionSlice } from "./slices/selection";
import { createSyncSlice } from "./slices/sync";
import type { EditorInit, EditorStoreState } from "./slices/types";

export type { EditorActions, EditorInit, EditorState } from "./slices/types";
export type { Highlight } from "./slices/selection";
export type { DraftSaver, SaveFailure, SaveStatus } from "./slices/sync";
export type { LiveChecker } from "./slices/checks";

export type EditorStore = ReturnType<typeof createEditorStore>;

/**
 * One store per open editor, in four slices: the graph with its history, selection and
 * clipboard, the sync with the server (autosave, conflicts), and the compliance checks.
 */
export function createEditorStore(init: EditorInit) {
  return createStore<EditorStoreState>()((...a) => ({
    ...createGraphSlice(init)(...a),
    ...createSelectionSlice(...a),
    ...createSyncSlice(init)(...a),
    ...createChecksSlice(init)(...a),
  }));
}
