import type { StateCreator } from "zustand";
import type { Diagnostic, WorkspaceLegal } from "@/core/compliance";
import type { FlowDocument } from "@/core/flow/schema";
import type { ChecksActions, ChecksState } from "./checks";
import type { GraphActions, GraphState } from "./graph";
import type { SelectionActions, SelectionState } from "./selection";
import type { SyncActions, SyncState } from "./sync";

/** What the editor page hands the store when a flow opens. */
export type EditorInit = {
  workspaceSlug: string;
  flowId: string;
  canEdit: boolean;
  company: string;
  document: FlowDocument;
  version: number;
  /** The findings stored with the draft: shown at once, without asking the server again. */
  diagnostics: Diagnostic[];
  publishedVersion: number | null;
  /** Why the bot API refuses the live version (legal settings changed since publishing); null while it is served. */
  liveBlockedBy?: Diagnostic[] | null;
  /** The workspace's legal settings, for the live check in the browser; null skips the workspace rules. */
  legal: WorkspaceLegal | null;
};

export type EditorState = GraphState & SelectionState & SyncState & ChecksState;
export type EditorActions = GraphActions & SelectionActions & SyncActions & ChecksActions;
export type EditorStoreState = EditorState & EditorActions;

/** One slice of the editor store: its own fields and actions, reading the others through `get`. */
export type EditorSlice<T> = StateCreator<EditorStoreState, [], [], T>;
