"use client";
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection,
  type Edge,
  type FitViewOptions,
  type OnConnect,
  type OnNodeDrag,
} from "@xyflow/react";
import clsx from "clsx";
import { useTranslations } from "next-intl";
import { useCallback, useMemo, useState, type DragEvent } from "react";
import { toast } from "@/components/ui/toast";
import type { PaletteType } from "@/components/editor/model/newStep";
import type { CanvasNode } from "@/components/editor/model/types";
import { useEditor, useEditorActions } from "@/components/editor/store/EditorStoreProvider";
import type { EditorState } from "@/components/editor/store/editorStore";
import { LowDetailContext, selectLowDetail } from "@/components/editor/steps/levelOfDetail";
import { nodeTypes } from "@/components/editor/steps/nodeTypes";
import { PALETTE_MIME } from "./dnd";
import { useCanvasKeyboard } from "./useCanvasKeyboard";
import { useSpokenLabels } from "./useSpokenLabels";
import { withEstimate } from "./estimate";
import { LightBoxes } from "./LightBoxes";
import { LightEdges } from "./LightEdges";
import { edgeOverlayKey, useCanvasOverlay } from "./overlay";

const selectNodes = (s: EditorState) => s.history.present.nodes;
const selectEdges = (s: EditorState) => s.history.present.edges;
const selectHighlight = (s: EditorState) => s.highlight;
const selectCanEdit = (s: EditorState) => s.canEdit;
const selectEdgeWidths = (s: { edgeWidths: Readonly<Record<string, number>> | null }) => s.edgeWidths;
const selectOverlayActive = (s: { active: boolean }) => s.active;

const SNAP: [number, number] = [16, 16];
const DEFAULT_EDGE_OPTIONS = { type: "smoothstep" as const };
const PRO_OPTIONS = { hideAttribution: true };
const NO_EDGES: Edge[] = [];
/** The mouse's pointer id in the Pointer Events model. */
const MOUSE_POINTER_ID = 1;
/** Far enough out to see a few thousand steps at once; they draw as light boxes there. */
const MIN_ZOOM = 0.05;

/** Up to this many steps a flow opens whole; longer ones open at their first steps. */
const WHOLE_FLOW_UP_TO = 8;
const OPENING_STEPS = 5;

function readableFit(nodes: readonly CanvasNode[]): FitViewOptions {
  if (nodes.length <= WHOLE_FLOW_UP_TO) return { maxZoom: 1, padding: 0.15 };
  const top = [...nodes].sort((a, b) => a.position.y - b.position.y).slice(0, OPENING_STEPS);
  return { nodes: top.map((n) => ({ id: n.id })), maxZoom: 1, minZoom: 0.7, padding: 0.1 };
}

/** Finds the edge under the pointer (its wide, invisible interaction path). */
function edgeIdAt(x: number, y: number): string | null {
  for (const element of document.elementsFromPoint(x, y)) {
    const edge = element.closest(".react-flow__edge");
    const id = edge?.getAttribute("data-id");
    if (id) return id;
  }
  return null;
}

export function FlowCanvas() {
  const t = useTranslations("editor");
  const nodes = useEditor(selectNodes);
  const edges = useEditor(selectEdges);
  const highlight = useEditor(selectHighlight);
  const canEdit = useEditor(selectCanEdit);
  const actions = useEditorActions();
  const { screenToFlowPosition } = useReactFlow();
  // Open at a readable zoom: small flows whole, long ones from their beginning.
  const [initialFit] = useState(() => readableFit(nodes));

  const lowDetail = useStore(selectLowDetail);
  const keyboard = useCanvasKeyboard();
  const spoken = useSpokenLabels(nodes);
  const edgeWidths = useCanvasOverlay(selectEdgeWidths);
  // An overlay's lines hang under the nodes: they stay in the layout while a step is dragged.
  const overlayActive = useCanvasOverlay(selectOverlayActive);

  // Only edges on the highlighted witness path get new objects. An overlay (analytics) draws edges by traffic.
  // Zoomed far out React Flow draws no connections at all: the light edge layer draws them, in one SVG,
  // and the light box layer draws the steps under React Flow's nodes, which are empty targets there.
  const labelledEdges = useMemo(() => edges.map(spoken.edge), [edges, spoken]);
  const widthOf = useCallback((e: Edge) => edgeWidths?.[edgeOverlayKey(e.source, e.sourceHandle)], [edgeWidths]);
  const shownEdges = useMemo<Edge[]>(() => {
    if (lowDetail) return NO_EDGES;
    const witness = highlight?.edgeIds;
    if (!edgeWidths && (!witness || witness.size === 0)) return labelledEdges;
    return labelledEdges.map((e) => {
      let shown: Edge = e;
      const width = widthOf(e);
      if (width !== undefined) shown = { ...shown, style: { strokeWidth: width, stroke: "#6366f1" } };
      return witness?.has(e.id) ? { ...shown, animated: true, className: "is-witness", zIndex: 10 } : shown;
    });
  }, [labelledEdges, highlight, lowDetail, edgeWidths, widthOf]);
  // Steps not measured yet come with an estimated size, so React Flow mounts only those on screen.
  const shownNodes = useMemo(() => nodes.map((n) => withEstimate(spoken.node(n))), [nodes, spoken]);

  const onConnect: OnConnect = useCallback(
    (connection: Connection) => {
      const refusal = actions.connect({
        source: connection.source,
        sourceHandle: connection.sourceHandle ?? null,
        target: connection.target,
      });
      if (refusal) toast.warning(t(`refusals.${refusal}`));
    },
    [actions, t],
  );

  const onDragOver = useCallback((event: DragEvent) => {
    if (!event.dataTransfer.types.includes(PALETTE_MIME)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
  }, []);

  const onDrop = useCallback(
    (event: DragEvent) => {
      const type = event.dataTransfer.getData(PALETTE_MIME) as PaletteType;
      if (!type || !canEdit) return;
      event.preventDefault();
      const position = screenToFlowPosition({ x: event.clientX - 120, y: event.clientY - 30 });
      actions.addStep(type, position, type === "note" ? null : edgeIdAt(event.clientX, event.clientY));
    },
    [actions, canEdit, screenToFlowPosition],
  );

  // Set on the element directly: a state change here would re-render the canvas as a drag starts.
  // While a step is dragged nothing on the canvas needs the pointer (the drag follows it on the window), so
  // `is-dragging` spares the browser from hit-testing every box and connection on each pointer move.
  // Zoomed far out the other steps' nodes are empty targets (the light box layer draws them): `data-held`
  // marks the dragged ones, and the others leave the layout until the drag ends (see globals.css).
  const onNodeDragStart: OnNodeDrag<CanvasNode> = useCallback((event, _node, dragged) => {
    const root = (event.target as Element).closest(".react-flow");
    root?.classList.toggle("is-group-drag", dragged.length > 1);
    for (const { id } of dragged) root?.querySelector(`.react-flow__node[data-id="${CSS.escape(id)}"]`)?.setAttribute("data-held", "");
    root?.classList.add("is-dragging");
    // The dragged step holds the pointer until it is let go: the browser then sends every move
    // to it instead of looking for the element under the pointer among all the others.
    try {
      (event.target as Element).closest(".react-flow__node")?.setPointerCapture(MOUSE_POINTER_ID);
    } catch {
      // No pointer is down (a drag by keyboard or touch): nothing to hold.
    }
  }, []);
  const onNodeDragStop = useCallback(() => {
    const root = document.querySelector(".react-flow.is-dragging");
    root?.classList.remove("is-dragging");
    root?.querySelectorAll(".react-flow__node[data-held]").forEach((node) => node.removeAttribute("data-held"));
  }, []);

  const onPaneClick = useCallback(() => actions.setHighlight(null), [actions]);

  // React Flow's built-in labels, in the person's language.
  const ariaLabels = useMemo(
    () => ({
      "node.a11yDescription.default": t("a11y.nodes"),
      "node.a11yDescription.keyboardDisabled": t("a11y.nodes"),
      "node.a11yDescription.ariaLiveMessage": ({ direction, x, y }: { direction: string; x: number; y: number }) =>
        t("a11y.moved", { direction: t(`a11y.directions.${direction as "up" | "down" | "left" | "right"}`), x, y }),
      "edge.a11yDescription.default": t("a11y.edges"),
      "controls.ariaLabel": t("controls.label"),
      "controls.zoomIn.ariaLabel": t("controls.zoomIn"),
      "controls.zoomOut.ariaLabel": t("controls.zoomOut"),
      "controls.fitView.ariaLabel": t("controls.fitView"),
      "controls.interactive.ariaLabel": t("controls.label"),
      "minimap.ariaLabel": t("minimap"),
      "handle.ariaLabel": t("a11y.handle"),
    }),
    [t],
  );

  return (
    <div
      className="h-full w-full"
      onDragOver={onDragOver}
      onDrop={onDrop}
      onKeyDownCapture={keyboard.onKeyDownCapture}
      onFocusCapture={keyboard.onFocusCapture}
      data-testid="canvas"
      data-detail={lowDetail ? "light" : "full"}
    >
      <LowDetailContext value={lowDetail}>
        <ReactFlow<CanvasNode>
          className={clsx(lowDetail && "is-low-detail", overlayActive && "has-overlay")}
          nodes={shownNodes}
          edges={shownEdges}
          nodeTypes={nodeTypes}
          onNodesChange={actions.onNodesChange}
          onEdgesChange={actions.onEdgesChange}
          onConnect={onConnect}
          onPaneClick={onPaneClick}
          onNodeDragStart={onNodeDragStart}
          onNodeDragStop={onNodeDragStop}
          nodesDraggable={canEdit}
          nodesConnectable={canEdit}
          deleteKeyCode={null}
          selectionKeyCode="Shift"
          multiSelectionKeyCode={["Meta", "Control"]}
          snapToGrid
          snapGrid={SNAP}
          defaultEdgeOptions={DEFAULT_EDGE_OPTIONS}
          proOptions={PRO_OPTIONS}
          onlyRenderVisibleElements
          fitView
          fitViewOptions={initialFit}
          minZoom={MIN_ZOOM}
          ariaLabelConfig={ariaLabels}
        >
          {lowDetail && (
            <>
              <LightEdges nodes={nodes} edges={labelledEdges} witness={highlight?.edgeIds} widthOf={widthOf} role={t("a11y.edgeRole")} />
              <LightBoxes nodes={nodes} highlight={highlight?.nodeIds} />
            </>
          )}
          <Background variant={BackgroundVariant.Dots} gap={16} size={1} />
          <MiniMap pannable zoomable className="!bottom-2 !right-2" ariaLabel={t("minimap")} />
          <Controls showInteractive={false} />
        </ReactFlow>
      </LowDetailContext>
    </div>
  );
}
