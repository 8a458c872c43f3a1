import { isComplianceStepType } from "@/core/flow/constants";
import { copyNodes, pasteClipboard, removeElements, type Clipboard } from "../../model/edits";
import { loadedEngine } from "../../model/engine";
import { replacePresent } from "../../model/history";
import type { EditorSlice } from "./types";

/** A finding's path on the canvas; `finding` (see findingKey) clears it once that finding is gone. */
export type Highlight = { nodeIds: ReadonlySet<string>; edgeIds: ReadonlySet<string>; finding?: string };

/** Names a finding across checks: the same rule on the same step. */
export function findingKey(d: { rule: string; nodeId?: string | null }): string {
  return `${d.rule}:${d.nodeId ?? ""}`;
}

/** What is selected, highlighted (a finding's path) and on the clipboard. */
export type SelectionState = {
  highlight: Highlight | null;
  clipboard: Clipboard | null;
};

export type SelectionActions = {
  selectOnly(nodeId: string | null): void;
  setHighlight(highlight: Highlight | null): void;
  /** Deletes the selected steps and connections unless a required compliance step would go; then says which. */
  deleteSelection(): { blockedBy: string; reason: string } | null;
  /** Deletes one step or connection (the one with keyboard focus), guarded like the selection. */
  deleteElement(kind: "node" | "edge", id: string): { blockedBy: string; reason: string } | null;
  copySelection(): number;
  paste(): number;
  duplicateSelection(): number;
};

const PASTE_OFFSET = { x: 40, y: 40 };

export const createSelectionSlice: EditorSlice<SelectionState & SelectionActions> = (set, get) => {
  const graph = () => get().history.present;

  function selectedIds(): Set<string> {
    return new Set(
      graph()
        .nodes.filter((n) => n.selected)
        .map((n) => n.id),
    );
  }

  function deleteGuarded(nodeIds: Set<string>, edgeIds: Set<string>): { blockedBy: string; reason: string } | null {
    const current = graph();
    if (nodeIds.size === 0 && edgeIds.size === 0) return null;
    const engine = loadedEngine();
    if (!engine) {
      // Without the rulebook we cannot tell whether a compliance step is still needed.
      const guarded = current.nodes.some((n) => nodeIds.has(n.id) && isComplianceStepType(n.type));
      if (!guarded) get().commitEdit(removeElements(current, nodeIds, edgeIds), "structure");
      return null;
    }
    const result = engine.guardedRemove(current, nodeIds, edgeIds);
    if (!result.ok) return { blockedBy: result.blockingNodeId, reason: result.reason };
    get().commitEdit(result.graph, "structure");
    return null;
  }

  return {
    highlight: null,
    clipboard: null,

    selectOnly(nodeId) {
      const state = get();
      const current = state.history.present;
      const nodes = current.nodes.map((n) => {
        const selected = n.id === nodeId;
        return Boolean(n.selected) === selected ? n : { ...n, selected };
      });
      const edges = current.edges.map((e) => (e.selected ? { ...e, selected: false } : e));
      set({ history: replacePresent(state.history, { ...current, nodes, edges }) });
    },

    setHighlight(highlight) {
      set({ highlight });
    },

    deleteSelection() {
      const current = graph();
      return deleteGuarded(selectedIds(), new Set(current.edges.filter((e) => e.selected).map((e) => e.id)));
    },

    deleteElement(kind, id) {
      return kind === "node" ? deleteGuarded(new Set([id]), new Set()) : deleteGuarded(new Set(), new Set([id]));
    },

    copySelection() {
      const clipboard = copyNodes(graph(), selectedIds());
      if (clipboard.nodes.length > 0) set({ clipboard });
      return clipboard.nodes.length;
    },

    paste() {
      const clipboard = get().clipboard;
      if (!clipboard || clipboard.nodes.length === 0) return 0;
      const { graph: next, pastedIds } = pasteClipboard(graph(), clipboard, PASTE_OFFSET);
      get().commitEdit(next, "structure");
      // The next paste lands a little further on, not on top of this one.
      set({ clipboard: copyNodes(next, new Set(pastedIds)) });
      return pastedIds.length;
    },

    duplicateSelection() {
      const clipboard = copyNodes(graph(), selectedIds());
      if (clipboard.nodes.length === 0) return 0;
      const { graph: next, pastedIds } = pasteClipboard(graph(), clipboard, PASTE_OFFSET);
      get().commitEdit(next, "structure");
      return pastedIds.length;
    },
  };
};
