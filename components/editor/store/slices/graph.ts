import { applyEdgeChanges, applyNodeChanges, type EdgeChange, type NodeChange } from "@xyflow/react";
import type { AutofixInsertion, AutofixMove } from "@/core/compliance";
import { COMPANY_PLACEHOLDER } from "@/core/flow/defaultTexts";
import type { FlowDocument, NodeType } from "@/core/flow/schema";
import { documentToGraph } from "../../model/document";
import { addHumanPath } from "../../model/humanPath";
import {
  addNode,
  connect as connectEdge,
  connectionRefusal,
  insertOnEdge,
  moveNodes,
  setOutputTarget as pointOutput,
  updateNodeData,
  type Connection,
  type ConnectRefusal,
} from "../../model/edits";
import { loadedEngine, loadEngine } from "../../model/engine";
import { createHistory, pushHistory, redo as redoHistory, replacePresent, undo as undoHistory, type History } from "../../model/history";
import { createStep, type PaletteType } from "../../model/newStep";
import { freeSpot, makeRoomForInserted } from "../../model/placement";
import type { CanvasEdge, CanvasNode, EditorGraph, FlowMeta, NodeContent, XY } from "../../model/types";
import { dirtyStatus } from "./sync";
import type { EditorInit, EditorSlice } from "./types";

/** An existing compliance step an automatic fix moved in front of the step that needs it, with its type for the notice. */
export type AutoMove = AutofixMove & { type: NodeType };

/** What the last automatic fix did to the flow: steps it added and existing steps it reused in a new place. */
export type AutoInsertion = { inserted: AutofixInsertion[]; moved: AutoMove[] };

/** The announcement for a fix, or null when it neither added nor moved a step. */
function announce(graph: EditorGraph, inserted: readonly AutofixInsertion[], moved: readonly AutofixMove[]): AutoInsertion | null {
  if (inserted.length === 0 && moved.length === 0) return null;
  const typeOf = new Map(graph.nodes.map((n) => [n.id, n.type]));
  return {
    inserted: [...inserted],
    moved: moved.flatMap((m) => {
      const type = typeOf.get(m.nodeId);
      return type && type !== "note" ? [{ ...m, type }] : [];
    }),
  };
}

/** "structure" and "data" edits can change the compliance result; moves cannot. */
export type EditKind = "structure" | "data" | "move";

/** The flow being edited and its undo history. */
export type GraphState = {
  workspaceSlug: string;
  flowId: string;
  canEdit: boolean;
  company: string;
  history: History<EditorGraph>;
  /** Increments on every change that needs saving. */
  revision: number;
  /** Increments on changes that can change the compliance result (not moves). */
  contentRevision: number;
  /** Compliance steps the last edit inserted or moved, announced until dismissed or undone. */
  autoInserted: AutoInsertion | null;
  /** The graph before the drag in progress, so the whole drag becomes one undo step. */
  dragOrigin: EditorGraph | null;
  /**
   * The graph before the first structural edit made while the compliance engine was
   * still loading: once it is there, what those edits left uncovered is inserted.
   */
  uncheckedSince: EditorGraph | null;
};

export type GraphActions = {
  /** Records an edit as one undo step, then inserts missing compliance steps if a structural edit needs them. */
  commitEdit(next: EditorGraph, kind: EditKind, mergeKey?: string): void;
  onNodesChange(changes: NodeChange<CanvasNode>[]): void;
  onEdgesChange(changes: EdgeChange<CanvasEdge>[]): void;
  addStep(type: PaletteType, position: XY, onEdgeId?: string | null): string;
  connect(connection: Connection): ConnectRefusal | null;
  /** Connects (or unplugs) one output from the inspector, without dragging. */
  setOutputTarget(nodeId: string, handle: string, targetId: string | null): void;
  /** Replaces a node's data; `content` names its type, so the data is checked against that type. */
  updateData(nodeId: string, content: NodeContent, field: string): void;
  updateMeta(patch: Partial<FlowMeta>, field: string): void;
  applyLayout(positions: ReadonlyMap<string, XY>): void;
  undo(): void;
  redo(): void;
  dismissAutoInserted(): void;
  undoAutoInserted(): void;
  /** Inserts what edits made before the compliance engine had loaded left uncovered (called once it has). */
  checkUncheckedEdits(): void;
  /** Takes an autofixed document as one undo step and announces what was inserted or moved. */
  applyInsertions(document: FlowDocument, inserted: AutofixInsertion[], moved?: readonly AutofixMove[]): void;
  /** Gives people a way to a person (`channel.humanPath`) as one undo step, announced; false when the flow has nowhere to offer it. */
  addHumanPath(): boolean;
};

export const createGraphSlice =
  (init: EditorInit): EditorSlice<GraphState & GraphActions> =>
  (set, get) => {
    const graph = () => get().history.present;

    return {
      workspaceSlug: init.workspaceSlug,
      flowId: init.flowId,
      canEdit: init.canEdit,
      company: init.company,
      history: createHistory(documentToGraph(init.document)),
      revision: 0,
      contentRevision: 0,
      autoInserted: null,
      dragOrigin: null,
      uncheckedSince: null,

      commitEdit(next, kind, mergeKey) {
        const state = get();
        const before = state.history.present;
        if (next === before) return;
        let history = pushHistory(state.history, next, { mergeKey });
        let autoInserted = state.autoInserted;
        let uncheckedSince = state.uncheckedSince;
        const engine = loadedEngine();
        if (kind === "structure" && !engine) {
          // A quick first edit must not miss its insertion: check it as soon as the engine is there.
          if (!uncheckedSince) void loadEngine().then(() => get().checkUncheckedEdits());
          uncheckedSince ??= before;
        } else if (kind === "structure" && engine) {
          const fixed = engine.autoInsertAfterEdit(before, next, COMPANY_PLACEHOLDER);
          if (fixed) {
            // A separate undo step, so "undo" removes exactly the insertion.
            history = pushHistory(history, fixed.graph);
            // A reused (moved) step is announced like an inserted one: the flow changed without being asked.
            autoInserted = announce(fixed.graph, fixed.inserted, fixed.moved);
          }
        }
        set({
          history,
          autoInserted,
          uncheckedSince,
          revision: state.revision + 1,
          contentRevision: kind === "move" ? state.contentRevision : state.contentRevision + 1,
          saveStatus: dirtyStatus(state.saveStatus),
        });
      },

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
          get().commitEdit(next, "move");
        } else if (dragEnded) {
          // A move without a drag: arrow keys on a selected step. Presses in quick succession are one undo step.
          const moved = relevant.flatMap((c) => (c.type === "position" ? [c.id] : [])).sort();
          get().commitEdit(next, "move", `keys:${moved.join(",")}`);
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
            // Texts keep the placeholder; preview and export fill in the controller named in the legal details.
            company: COMPANY_PLACEHOLDER,
            meta: current.meta,
            nodes: current.nodes,
          }),
          selected: true,
        };
        // Dropped on a connection: the step takes the place of the one it now precedes, which moves down.
        get().commitEdit(
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
        get().commitEdit(connectEdge(graph(), connection), "structure");
        return null;
      },

      setOutputTarget(nodeId, handle, targetId) {
        get().commitEdit(pointOutput(graph(), nodeId, handle, targetId), "structure");
      },

      updateData(nodeId, content, field) {
        get().commitEdit(updateNodeData(graph(), nodeId, content), "structure", `${nodeId}:${field}`);
      },

      updateMeta(patch, field) {
        const current = graph();
        get().commitEdit({ ...current, meta: { ...current.meta, ...patch } }, "structure", `meta:${field}`);
      },

      applyLayout(positions) {
        get().commitEdit(moveNodes(graph(), positions), "move");
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

      checkUncheckedEdits() {
        const state = get();
        const before = state.uncheckedSince;
        const engine = loadedEngine();
        if (!before || !engine) return;
        const fixed = engine.autoInsertAfterEdit(before, state.history.present, COMPANY_PLACEHOLDER);
        if (!fixed) {
          set({ uncheckedSince: null });
          return;
        }
        // Its own undo step, as if the engine had been there for the edit.
        set({
          uncheckedSince: null,
          history: pushHistory(state.history, fixed.graph),
          autoInserted: announce(fixed.graph, fixed.inserted, fixed.moved),
          revision: state.revision + 1,
          contentRevision: state.contentRevision + 1,
          saveStatus: dirtyStatus(state.saveStatus),
        });
      },

      dismissAutoInserted() {
        set({ autoInserted: null });
      },

      undoAutoInserted() {
        get().undo();
        set({ autoInserted: null });
      },

      applyInsertions(document, inserted, moved = []) {
        // Reused steps are laid out like inserted ones, in front of the step they now protect.
        const placed = makeRoomForInserted(documentToGraph(document), [...inserted, ...moved]);
        get().commitEdit(placed, "data");
        set({ autoInserted: announce(placed, inserted, moved) });
      },

      addHumanPath() {
        const fix = addHumanPath(graph());
        if (!fix) return false;
        get().commitEdit(fix.graph, "structure");
        set({ autoInserted: announce(fix.graph, fix.inserted, []) });
        return true;
      },
    };
  };
