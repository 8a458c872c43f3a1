"use client";
import { Handle, Position, useStore } from "@xyflow/react";
import clsx from "clsx";
import { CircleAlert, TriangleAlert } from "lucide-react";
import { useTranslations } from "next-intl";
import { memo, useCallback } from "react";
import { outputsOfNode, hasInput } from "@/components/editor/model/edits";
import type { StepNodeProps } from "@/components/editor/model/types";
import { useEditor } from "@/components/editor/store/EditorStoreProvider";
import type { EditorState } from "@/components/editor/store/editorStore";
import { selectLowDetail } from "./levelOfDetail";
import { outputLabel } from "./outputLabels";
import { operatorWord, STEP_META, summaryOf, type PaletteGroup } from "./stepMeta";
import { StepOverlayBadge } from "./StepOverlayBadge";

/** Light boxes are told apart by colour alone: one per palette group. */
const GROUP_COLOUR: Record<PaletteGroup, string> = {
  messages: "border-sky-300 bg-sky-100 text-sky-950",
  questions: "border-violet-300 bg-violet-100 text-violet-950",
  logic: "border-slate-300 bg-slate-100 text-slate-900",
  compliance: "border-emerald-300 bg-emerald-100 text-emerald-950",
  integrations: "border-orange-300 bg-orange-100 text-orange-950",
};

/** One flow step on the canvas: full detail when readable, a light box when zoomed far out. */
function StepNodeView(props: StepNodeProps) {
  // `props` keeps type and data paired (narrowing one narrows the other); destructured they are not.
  const { id, type, data, selected } = props;
  const t = useTranslations("editor");
  const tSteps = useTranslations("steps");
  const lowDetail = useStore(selectLowDetail);
  const issue = useEditor(useCallback((s: EditorState) => s.issuesByNode[id], [id]));
  const highlighted = useEditor(useCallback((s: EditorState) => s.highlight?.nodeIds.has(id) ?? false, [id]));
  const outputs = outputsOfNode(props);
  const input = hasInput(props);
  const title = typeof data.title === "string" && data.title ? data.title : tSteps(`types.${type}`);

  if (lowDetail) {
    return (
      <div
        data-testid={`step-${id}`}
        data-step-type={type}
        data-detail="light"
        data-highlighted={highlighted || undefined}
        className={clsx(
          // Fixed size, no shadows, no icons, no handles: cheap to lay out, paint and hit-test by the thousand.
          "step-light relative flex h-16 w-60 items-center rounded-xl border-4 px-3",
          selected
            ? "border-brand-500 bg-brand-100 text-slate-900"
            : highlighted
              ? "border-amber-500 bg-amber-200 text-amber-950"
              : issue === "error"
                ? "border-red-500 bg-red-100 text-red-950"
                : GROUP_COLOUR[STEP_META[type].group],
        )}
      >
        <span className="truncate text-2xl font-semibold">{title}</span>
        <EdgeAnchors input={input} outputs={outputs} />
        <StepOverlayBadge nodeId={id} large />
      </div>
    );
  }

  const meta = STEP_META[type];
  const Icon = meta.icon;
  const summary = props.type === "start" ? t(`triggers.${props.data.trigger}`) : summaryOf(props, (o) => operatorWord(o, t));
  return (
    <div
      data-testid={`step-${id}`}
      data-step-type={type}
      data-detail="full"
      data-highlighted={highlighted || undefined}
      className={clsx(
        // Borders, not shadows: hundreds of shadowed boxes make every drag frame expensive to paint.
        "relative w-60 rounded-xl border-2 bg-white text-left",
        selected
          ? "border-brand-500"
          : highlighted
            ? "border-amber-500 bg-amber-50"
            : issue === "error"
              ? "border-red-400"
              : meta.compliance
                ? "border-emerald-300"
                : "border-slate-200",
      )}
    >
      {input && <Handle type="target" position={Position.Top} className="!size-3 !border-2 !border-white !bg-slate-400" />}
      <div className={clsx("flex items-center gap-2 rounded-t-[10px] px-3 py-2", meta.compliance ? "bg-emerald-50" : "bg-slate-50")}>
        <Icon className={clsx("size-4 shrink-0", meta.compliance ? "text-emerald-700" : "text-brand-600")} aria-hidden />
        <span className="flex-1 truncate text-xs font-semibold text-slate-800">{title}</span>
        {issue === "error" && <CircleAlert className="size-4 text-red-600" aria-label={t("nodeHasErrors")} />}
        {issue === "warning" && <TriangleAlert className="size-4 text-amber-600" aria-label={t("nodeHasWarnings")} />}
      </div>
      {/* Margins, not padding: a clamped paragraph clips at its padding edge, so padding would show part of a third line. */}
      <p className={clsx("mx-3 my-2 line-clamp-2 text-xs", summary ? "text-slate-600" : "text-slate-400 italic")}>
        {summary || t("emptyText")}
      </p>
      {outputs.length > 0 && (
        <div className="flex border-t border-slate-100">
          {outputs.map((handle) => (
            <div key={handle} className="relative flex-1 px-1 pt-1 pb-2 text-center">
              <span className="block truncate text-[10px] font-medium text-slate-500">{outputLabel(props, handle, tSteps)}</span>
              {/* No aria-label: a handle is a plain div (a name is not allowed there); the output's name is the text above. */}
              <Handle type="source" id={handle} position={Position.Bottom} className="!size-3 !border-2 !border-white !bg-brand-500" />
            </div>
          ))}
        </div>
      )}
      <StepOverlayBadge nodeId={id} />
    </div>
  );
}

/**
 * Where connections attach to a light box. React Flow measures attachment points from
 * elements marked "source"/"target" inside a node; these plain, invisible markers give it
 * the same points as the full step's handles (input on top, outputs spread along the
 * bottom), without a Handle component's store subscription, pointer handling and paint.
 */
function EdgeAnchors({ input, outputs }: { input: boolean; outputs: string[] }) {
  return (
    <>
      {input && <span aria-hidden className="target pointer-events-none absolute top-0 left-1/2" data-handlepos="top" />}
      {outputs.map((handle, index) => (
        <span
          key={handle}
          aria-hidden
          className="source pointer-events-none absolute bottom-0"
          style={{ left: `${((index + 0.5) / outputs.length) * 100}%` }}
          data-handleid={handle}
          data-handlepos="bottom"
        />
      ))}
    </>
  );
}

export const StepNode = memo(StepNodeView);
