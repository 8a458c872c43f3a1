"use client";
import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from "@xyflow/react";
import { createStore } from "zustand/vanilla";
import type { AutofixInsertion, Diagnostic } from "@/core/compliance";
import { loadedEngine } from "../model/engine";
import { freeSpot, makeRoomForInserted } from "../model/placement";
import { documentToGraph } from "../model/document";
import {
  connect as connectEdge,
  connectionRefusal,
  copyNodes,
  insertOnEdge,
  removeElements,
  addNode,
  moveNodes,
  pasteClipboard,
  setOutputTarget as pointOutput,
  updateNodeData,
  type Clipboard,
  type Connection,
  type ConnectRefusal,
} from "../model/edits";
import { clearLocalDraft, type LocalDraft } from "./localDraft";
import { createHistory, pushHistory, redo as redoHistory, replacePresent, undo as undoHistory, type History } from "../model/history";
import { createStep, type PaletteType } from "../model/newStep";
import type { CanvasEdge, CanvasNode, EditorGraph, FlowMeta, StepData, XY } from "../model/types";
import { isComplianceStepType } from "@/core/flow/constants";
import type { FlowDocument } from "@/core/flow/schema";

export type SaveStatus = "saved" | "dirty" | "saving" | "offline" | "conflict" | "invalid";

export type Highlight = { nodeIds: ReadonlySet<string>; edgeIds: ReadonlySet<string> };

export type EditorInit = {
  workspaceSlug: string;
  flowId: string;
  canEdit: boolean;
  company: string;
  document: FlowDocument;
  version: number;
  diagnostics: Diagnostic[];
  publishedVersion: number | null;
  /** Why the bot API refuses the live version (legal settings changed since publishing); null while it is served. */
  liveBlockedBy?: { rule: string; message: string }[] | null;
};

type EditKind = "structure" | "data" | "move";

export type EditorState = {
  workspaceSlug: string;
  flowId: string;
  canEdit: boolean;
  company: string;
  history: History<EditorGraph>;
  /** Increments on every change that needs saving. */
  revision: number;
  /** Increments on changes that can change the compliance result (not moves). */
  contentRevision: number;
  serverVersion: number;
  /** The live version's number, null while nothing is published. */
  publishedVersion: number | null;
  liveBlockedBy: { rule: string; message: string }[] | null;
  savedRevision: number;
  saveStatus: SaveStatus;
  saveMessage: string | null;
  conflict: { currentVersion: number; updatedByName: string | null } | null;
  diagnostics: Diagnostic[];
  issuesByNode: Readonly<Record<string, "error" | "warning">>;
  validating: boolean;
  highlight: Highlight | null;
  autoInserted: AutofixInsertion[] | null;
  clipboard: Clipboard | null;
  dragOrigin: EditorGraph | null;
};

export type EditorActions = {
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange<CanvasEdge>[]): void;
  addStep(type: PaletteType, position: XY, onEdgeId?: string | null): string;
  connect(connection: Connection): ConnectRefusal | null;
  /** Connects (or unplugs) one output from the inspector, without dragging. */
  setOutputTarget(nodeId: string, handle: string, targetId: string | null): void;
  deleteSelection(): { blockedBy: string; reason: string } | null;
  copySelection(): number;
  paste(): number;
  duplicateSelection(): number;
  updateData(nodeId: string, data: StepData, field: string): void;
  updateMeta(patch: Partial<FlowMeta>, field: string): void;
  applyLayout(positions: ReadonlyMap<string, XY>): void;
  undo(): void;
  redo(): void;
  selectOnly(nodeId: string | null): void;
  setHighlight(highlight: Highlight | null): void;
  setDiagnostics(diagnostics: Diagnostic[], forContentRevision: number): void;
  setValidating(validating: boolean): void;
  dismissAutoInserted(): void;
  undoAutoInserted(): void;
  /** Takes the server's draft (after a conflict or a restored version); the browser's copy is dropped. */
  loadFromServer(document: FlowDocument, version: number, diagnostics: Diagnostic[]): void;
  /** Brings back edits the browser kept; a draft based on an older version opens the conflict choice. */
  restoreLocalDraft(draft: LocalDraft): "restored" | "conflict";
  /** Takes an autofixed document as one undo step and announces what was inserted. */
  applyInsertions(document: FlowDocument, inserted: AutofixInsertion[]): void;
  markSaving(): void;
  markSaved(version: number, revision: number, diagnostics: Diagnostic[]): void;
  markConflict(currentVersion: number, updatedByName: string | null): void;
  markOffline(): void;
  markInvalid(message: string): void;
  keepMineAfterConflict(): void;
};

export type EditorStore = ReturnType<typeof createEditorStore>;

function issuesByNode(diagnostics: Diagnostic[]): Record<string, "error" | "warning"> {
  const result: Record<string, "error" | "warning"> = {};
  for (const d of diagnostics) {
    if (!d.nodeId) continue;
    if (d.severity === "error" || !result[d.nodeId]) result[d.nodeId] = d.severity;
  }
  return result;
}

const PASTE_OFFSET = { x: 40, y: 40 };

/** One store per open editor: the graph with its history, save and compliance state. */
export function createEditorStore(init: EditorInit) {
  return createStore<EditorState & EditorActions>()((set, get) => {
    const graph = () => get().history.present;

    /** Records an edit as one undo step, then inserts missing compliance steps if the edit needs them. */
    function commit(next: EditorGraph, kind: EditKind, mergeKey?: string) {
      const state = get();
      const before = state.history.present;
      if (next === before) return;
      let history = pushHistory(state.history, next, { mergeKey });
      let autoInserted = state.autoInserted;
      if (kind === "structure") {
        const fixed = loadedEngine()?.autoInsertAfterEdit(before, next, state.company);
        if (fixed) {
          // A separate undo step, so "undo" removes exactly the insertion.
          history = pushHistory(history, fixed.graph);
          autoInserted = fixed.inserted;
        }
      }
      set({
        history,
        autoInserted,
        revision: state.revision + 1,
        contentRevision: kind === "move" ? state.contentRevision : state.contentRevision + 1,
        saveStatus: state.saveStatus === "conflict" ? "conflict" : "dirty",
      });
    }

    function selectedIds(): Set<string> {
      return new Set(
        graph()
          .nodes.filter((n) => n.selected)
          .map((n) => n.id),
      );
    }

    return {
      workspaceSlug: init.workspaceSlug,
      flowId: init.flowId,
      canEdit: init.canEdit,
      company: init.company,
      history: createHistory(documentToGraph(init.document)),
      revision: 0,
      contentRevision: 0,
      serverVersion: init.version,
      publishedVersion: init.publishedVersion,
      liveBlockedBy: init.liveBlockedBy ?? null,
      savedRevision: 0,
      saveStatus: "saved",
      saveMessage: null,
      conflict: null,
      diagnostics: init.diagnostics,
      issuesByNode: issuesByNode(init.diagnostics),
      validating: false,
      highlight: null,
      autoInserted: null,
      clipboard: null,
      dragOrigin: null,

      onNodesChange(changes) {
        const state = get();
        let dragging = false;
        let dragEnded = false;
        const relevant = changes.filter((c) => {
          if (c.type === "remove") return false; // deletion goes through deleteSelection (guarded)
          if (c.type === "position") {
            if (!state.canEdit) return false;
            if (c.dragging) dragging = true;
            else dragEnded = true;
          }
          return true;
        });
        if (relevant.length === 0) return;
        const nodes = applyNodeChanges(relevant, state.history.present.nodes);
        const next = { ...state.history.present, nodes };
        if (dragging) {
          set({ history: replacePresent(state.history, next), dragOrigin: state.dragOrigin ?? state.history.present });
        } else if (dragEnded && state.dragOrigin) {
          const origin = state.dragOrigin;
          set({ dragOrigin: null, history: { ...state.history, present: origin } });
          commit(next, "move");
        } else {
          set({ history: replacePresent(state.history, next) });
        }
      },

      onEdgesChange(changes) {
        const relevant = changes.filter((c) => c.type === "select");
        if (relevant.length === 0) return;
        const state = get();
        const edges = applyEdgeChanges(relevant, state.history.present.edges);
        set({ history: replacePresent(state.history, { ...state.history.present, edges }) });
      },

      addStep(type, position, onEdgeId) {
        const current = graph();
        const base = { ...current, nodes: current.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)) };
        const edge = onEdgeId ? current.edges.find((e) => e.id === onEdgeId) : undefined;
        const node = {
          ...createStep(type, edge ? position : freeSpot(current, position), {
            locale: current.meta.locale,
            company: get().company,
            meta: current.meta,
            nodes: current.nodes,
          }),
          selected: true,
        };
        // Dropped on a connection: the step takes the place of the one it now precedes, which moves down.
        commit(
          edge
            ? makeRoomForInserted(insertOnEdge(base, edge.id, node), [{ nodeId: node.id, beforeNodeId: edge.target }])
            : addNode(base, node),
          "structure",
        );
        return node.id;
      },

      connect(connection) {
        const refusal = connectionRefusal(graph(), connection);
        if (refusal) return refusal;
        commit(connectEdge(graph(), connection), "structure");
        return null;
      },

      setOutputTarget(nodeId, handle, targetId) {
        commit(pointOutput(graph(), nodeId, handle, targetId), "structure");
      },

      deleteSelection() {
        const current = graph();
        const nodeIds = selectedIds();
        const edgeIds = new Set(current.edges.filter((e) => e.selected).map((e) => e.id));
        if (nodeIds.size === 0 && edgeIds.size === 0) return null;
        const engine = loadedEngine();
        if (!engine) {
          // Without the rulebook we cannot tell whether a compliance step is still needed.
          const guarded = current.nodes.some((n) => nodeIds.has(n.id) && isComplianceStepType(n.type));
          if (!guarded) commit(removeElements(current, nodeIds, edgeIds), "structure");
          return null;
        }
        const result = engine.guardedRemove(current, nodeIds, edgeIds);
        if (!result.ok) return { blockedBy: result.blockingNodeId, reason: result.reason };
        commit(result.graph, "structure");
        return null;
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
        commit(next, "structure");
        // The next paste lands a little further on, not on top of this one.
        set({ clipboard: copyNodes(next, new Set(pastedIds)) });
        return pastedIds.length;
      },

      duplicateSelection() {
        const clipboard = copyNodes(graph(), selectedIds());
        if (clipboard.nodes.length === 0) return 0;
        const { graph: next, pastedIds } = pasteClipboard(graph(), clipboard, PASTE_OFFSET);
        commit(next, "structure");
        return pastedIds.length;
      },

      updateData(nodeId, data, field) {
        commit(updateNodeData(graph(), nodeId, data), "structure", `${nodeId}:${field}`);
      },

      updateMeta(patch, field) {
        const current = graph();
        commit({ ...current, meta: { ...current.meta, ...patch } }, "structure", `meta:${field}`);
      },

      applyLayout(positions) {
        commit(moveNodes(graph(), positions), "move");
      },

      undo() {
        const state = get();
        if (state.history.past.length === 0) return;
        set({
          history: undoHistory(state.history),
          revision: state.revision + 1,
          contentRevision: state.contentRevision + 1,
          saveStatus: "dirty",
          autoInserted: null,
        });
      },

      redo() {
        const state = get();
        if (state.history.future.length === 0) return;
        set({
          history: redoHistory(state.history),
          revision: state.revision + 1,
          contentRevision: state.contentRevision + 1,
          saveStatus: "dirty",
        });
      },

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

      setDiagnostics(diagnostics, forContentRevision) {
        if (forContentRevision !== get().contentRevision) return; // a newer edit is being checked
        set({ diagnostics, issuesByNode: issuesByNode(diagnostics), validating: false });
      },

      setValidating(validating) {
        set({ validating });
      },

      dismissAutoInserted() {
        set({ autoInserted: null });
      },

      undoAutoInserted() {
        get().undo();
        set({ autoInserted: null });
      },

      applyInsertions(document, inserted) {
        const placed = makeRoomForInserted(documentToGraph(document), inserted);
        commit(placed, "data");
        set({ autoInserted: inserted });
      },

      loadFromServer(document, version, diagnostics) {
        const state = get();
        set({
          history: createHistory(documentToGraph(document)),
          serverVersion: version,
          revision: state.revision + 1,
          savedRevision: state.revision + 1,
          contentRevision: state.contentRevision + 1,
          saveStatus: "saved",
          saveMessage: null,
          conflict: null,
          autoInserted: null,
          highlight: null,
          diagnostics,
          issuesByNode: issuesByNode(diagnostics),
        });
        clearLocalDraft(state.flowId);
      },

      restoreLocalDraft(draft) {
        const state = get();
        const current = state.serverVersion;
        set({
          history: createHistory(documentToGraph(draft.document)),
          // Unsaved by definition: autosave picks it up (unless there is a conflict to settle).
          revision: state.revision + 1,
          contentRevision: state.contentRevision + 1,
          serverVersion: draft.baseVersion,
          saveStatus: "dirty",
        });
        if (draft.baseVersion === current) return "restored";
        // Saved elsewhere since: let the person choose, as with any conflict.
        get().markConflict(current, null);
        return "conflict";
      },

      markSaving() {
        set({ saveStatus: "saving", saveMessage: null });
      },

      markSaved(version, revision, diagnostics) {
        const state = get();
        set({
          serverVersion: version,
          savedRevision: revision,
          saveStatus: state.revision === revision ? "saved" : "dirty",
          saveMessage: null,
        });
        if (state.revision === revision) get().setDiagnostics(diagnostics, state.contentRevision);
      },

      markConflict(currentVersion, updatedByName) {
        set({ saveStatus: "conflict", conflict: { currentVersion, updatedByName } });
      },

      markOffline() {
        set({ saveStatus: "offline" });
      },

      markInvalid(message) {
        set({ saveStatus: "invalid", saveMessage: message });
      },

      keepMineAfterConflict() {
        const state = get();
        if (!state.conflict) return;
        // Save on top of the other version: ours becomes the newest.
        set({ serverVersion: state.conflict.currentVersion, conflict: null, saveStatus: "dirty", revision: state.revision + 1 });
      },
    };
  });
}
