"use client";
import { memo, useCallback, useMemo } from "react";
import type { CanvasEdge, CanvasNode } from "@/components/editor/model/types";
import { createKeeper } from "./keeper";
import { LightLayer } from "./LightLayer";
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
});

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
  const keep = useMemo(() => createKeeper<Line>(), []);
  const lines = useMemo(() => keep(lightLines(nodes, edges, witness, widthOf)), [keep, nodes, edges, witness, widthOf]);
  // Witness lines last: drawn above the others, as React Flow raises them.
  const ordered = useMemo(() => [...lines.filter((l) => !l.witness), ...lines.filter((l) => l.witness)], [lines]);
  const draw = useCallback((line: Line) => <LightLine key={line.id} line={line} role={role} />, [role]);
  return <LightLayer items={ordered} draw={draw} className="react-flow__light-edges" testId="light-edges" />;
}
