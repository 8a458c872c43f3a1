"use client";
import { useTranslations } from "next-intl";
import { memo, useMemo } from "react";
import type { CanvasNode } from "@/components/editor/model/types";
import { useEditor } from "@/components/editor/store/EditorStoreProvider";
import type { EditorState } from "@/components/editor/store/editorStore";
import { stepName } from "@/components/editor/steps/outputLabels";
import { createKeeper } from "./keeper";
import { LightLayer } from "./LightLayer";
import { createTitles, lightBoxes, type Box, type BoxLook } from "./lightBoxes";

/*
 * Steps zoomed far out. A thousand boxes in the DOM, each with a border, a title and a
 * layer of its own (React Flow moves every node by a transform), cost every frame of a
 * drag in hit-testing and layerizing. Here they are drawn as shapes in one SVG under
 * the viewport (see LightLayer); React Flow's nodes stay as empty, transparent targets
 * of the same size that take the pointer, the keyboard focus and the spoken labels (and
 * carry the step's test id and type). A shape is found by `data-light-box` (the step's id).
 */

const selectIssues = (s: EditorState) => s.issuesByNode;

/** Fill and stroke of the box, fill of its title: the light level's colours, one per state or palette group. */
const LOOKS: Record<BoxLook, { box: string; text: string }> = {
  messages: { box: "fill-sky-100 stroke-sky-300", text: "fill-sky-950" },
  questions: { box: "fill-violet-100 stroke-violet-300", text: "fill-violet-950" },
  logic: { box: "fill-slate-100 stroke-slate-300", text: "fill-slate-900" },
  compliance: { box: "fill-emerald-100 stroke-emerald-300", text: "fill-emerald-950" },
  integrations: { box: "fill-orange-100 stroke-orange-300", text: "fill-orange-950" },
  selected: { box: "fill-brand-100 stroke-brand-500", text: "fill-slate-900" },
  highlighted: { box: "fill-amber-200 stroke-amber-500", text: "fill-amber-950" },
  error: { box: "fill-red-100 stroke-red-500", text: "fill-red-950" },
  note: { box: "fill-amber-100 stroke-amber-300", text: "" },
  selectedNote: { box: "fill-amber-100 stroke-amber-500", text: "" },
};

/** The border's width; an SVG stroke is centred on the outline, so the shape is inset by half of it. */
const BORDER = 4;
/** The title's distance from the box's left edge (`px-3` and the border). */
const TITLE_INSET = 16;

const LightBox = memo(function LightBox({ box }: { box: Box }) {
  const look = LOOKS[box.look];
  const step = box.type !== "note";
  return (
    <g data-light-box={box.id} data-highlighted={box.highlighted || undefined}>
      <rect
        x={box.x + BORDER / 2}
        y={box.y + BORDER / 2}
        width={box.width - BORDER}
        height={box.height - BORDER}
        rx={step ? 12 : 8}
        strokeWidth={BORDER}
        className={look.box}
      />
      {box.title && (
        <text
          x={box.x + TITLE_INSET}
          y={box.y + box.height / 2}
          dominantBaseline="central"
          className={`text-2xl font-semibold ${look.text}`}
        >
          {box.title}
        </text>
      )}
    </g>
  );
});

const drawBox = (box: Box) => <LightBox key={box.id} box={box} />;

/** All steps and notes as boxes in one SVG; shown under React Flow's empty light nodes at low detail. */
export function LightBoxes({ nodes, highlight }: { nodes: readonly CanvasNode[]; highlight: ReadonlySet<string> | undefined }) {
  const tSteps = useTranslations("steps");
  const issues = useEditor(selectIssues);
  // Worded once per step's data: a drag moves a step without touching its data.
  const titleOf = useMemo(() => createTitles((node) => stepName(node, tSteps)), [tSteps]);
  const keep = useMemo(() => createKeeper<Box>(), []);
  const boxes = useMemo(() => keep(lightBoxes(nodes, highlight, issues, titleOf)), [keep, nodes, highlight, issues, titleOf]);
  return <LightLayer items={boxes} draw={drawBox} className="react-flow__light-boxes" testId="light-boxes" />;
}
