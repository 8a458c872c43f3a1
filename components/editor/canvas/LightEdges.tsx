"use client";
import { ViewportPortal } from "@xyflow/react";
import { memo, useMemo } from "react";
import type { CanvasEdge, CanvasNode } from "@/components/editor/model/types";
import { lightLines, type Line } from "./lightLines";

/*
 * Connections zoomed far out. React Flow draws each connection in an SVG of its own,
 * and the browser treats each as a layer: with a thousand of them every pointer move
 * and every frame of a drag walks a thousand layers (hit-testing, layerizing). Here all
 * connections are straight lines in one SVG inside the viewport: one layer, nothing to
 * hit-test (the lines take no pointer), and a drag redraws only the lines of the step
 * that moves. Each line keeps React Flow's classes, id and spoken label, so keyboard
 * focus, the witness path's styling and the tests find it as before.
 */

const LightLine = memo(function LightLine({ line, role }: { line: Line; role: string | undefined }) {
  return (
    <g
      className={line.witness ? "react-flow__edge is-witness" : "react-flow__edge"}
      data-id={line.id}
      tabIndex={0}
      role="group"
      aria-label={line.label}
      aria-roledescription={role}
    >
      <path
        className="react-flow__edge-path"
        d={`M${line.x1},${line.y1}L${line.x2},${line.y2}`}
        style={line.width !== undefined ? { strokeWidth: line.width, stroke: "#6366f1" } : undefined}
      />
    </g>
  );
}, sameLine);

function sameLine(a: { line: Line; role: string | undefined }, b: { line: Line; role: string | undefined }): boolean {
  const [p, q] = [a.line, b.line];
  return (
    a.role === b.role &&
    p.id === q.id &&
    p.x1 === q.x1 &&
    p.y1 === q.y1 &&
    p.x2 === q.x2 &&
    p.y2 === q.y2 &&
    p.witness === q.witness &&
    p.width === q.width &&
    p.label === q.label
  );
}

/** All connections as plain lines in one SVG; shown instead of React Flow's edges at low detail. */
export function LightEdges({
  nodes,
  edges,
  witness,
  widthOf,
  role,
}: {
  nodes: readonly CanvasNode[];
  edges: readonly CanvasEdge[];
  witness: ReadonlySet<string> | undefined;
  widthOf: (edge: CanvasEdge) => number | undefined;
  role: string | undefined;
}) {
  const lines = useMemo(() => lightLines(nodes, edges, witness, widthOf), [nodes, edges, witness, widthOf]);
  // Witness lines last: drawn above the others, as React Flow raises them.
  const ordered = useMemo(() => [...lines.filter((l) => !l.witness), ...lines.filter((l) => l.witness)], [lines]);
  return (
    <ViewportPortal>
      <svg
        data-testid="light-edges"
        data-count={lines.length}
        className="react-flow__light-edges pointer-events-none absolute top-0 left-0 overflow-visible"
        width={1}
        height={1}
      >
        {ordered.map((line) => (
          <LightLine key={line.id} line={line} role={role} />
        ))}
      </svg>
    </ViewportPortal>
  );
}
