"use client";
import { Handle, Position } from "@xyflow/react";
import clsx from "clsx";
import { CircleAlert, TriangleAlert } from "lucide-react";
import { useTranslations } from "next-intl";
import { memo, use, useCallback } from "react";
import { outputsOfNode, hasInput } from "@/components/editor/model/edits";
import type { StepNodeProps } from "@/components/editor/model/types";
import { useEditor } from "@/components/editor/store/EditorStoreProvider";
import type { EditorState } from "@/components/editor/store/editorStore";
import { fillCompany } from "@/core/flow/defaultTexts";
import { selectCompanyName } from "./companyName";
import { LowDetailContext } from "./levelOfDetail";
import { outputLabel, stepName } from "./outputLabels";
import { operatorWord, STEP_META, summaryOf } from "./stepMeta";
import { StepOverlayBadge } from "./StepOverlayBadge";

/**
 * One flow step on the canvas: full detail when readable. Zoomed far out the light box layer
 * draws the step (LightBoxes); the node is then an empty target of the light box's size that
 * takes the pointer, the keyboard focus and the spoken label.
 */
function StepNodeView(props: StepNodeProps) {
  const lowDetail = use(LowDetailContext);
  if (lowDetail) {
    return (
      <div data-testid={`step-${props.id}`} data-step-type={props.type} data-detail="light" className="step-light h-16 w-60">
        <StepOverlayBadge nodeId={props.id} large />
      </div>
    );
  }
  return <FullStep {...props} />;
}

function FullStep(props: StepNodeProps) {
  // `props` keeps type and data paired (narrowing one narrows the other); destructured they are not.
  const { id, type, selected } = props;
  const t = useTranslations("editor");
  const tSteps = useTranslations("steps");
  const issue = useEditor(useCallback((s: EditorState) => s.issuesByNode[id], [id]));
  const highlighted = useEditor(useCallback((s: EditorState) => s.highlight?.nodeIds.has(id) ?? false, [id]));
  const outputs = outputsOfNode(props);
  const input = hasInput(props);
  const title = stepName(props, tSteps);
  const meta = STEP_META[type];
  const Icon = meta.icon;
  const company = useEditor(selectCompanyName);
  // A marketer reads the company's name, not the placeholder the stored text keeps for the export.
  const summary =
    props.type === "start"
      ? t(`triggers.${props.data.trigger}`)
      : fillCompany(
          summaryOf(props, (o) => operatorWord(o, t)),
          company,
        );
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

export const StepNode = memo(StepNodeView);
