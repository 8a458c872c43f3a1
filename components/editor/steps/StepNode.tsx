"use client";
import { Handle, Position, type NodeProps } from "@xyflow/react";
import clsx from "clsx";
import { CircleAlert, TriangleAlert } from "lucide-react";
import { useTranslations } from "next-intl";
import { memo, useCallback } from "react";
import { outputsOfNode, hasInput } from "@/components/editor/model/edits";
import type { CanvasNode } from "@/components/editor/model/types";
import { useEditor } from "@/components/editor/store/EditorStoreProvider";
import type { EditorState } from "@/components/editor/store/editorStore";
import { outputLabel } from "./outputLabels";
import { STEP_META, summaryOf } from "./stepMeta";

/** One flow step on the canvas: icon, title, first line of text, one labelled handle per output. */
function StepNodeView(props: NodeProps<CanvasNode>) {
  const { id, type, data, selected } = props;
  const t = useTranslations("editor");
  const issue = useEditor(useCallback((s: EditorState) => s.issuesByNode[id], [id]));
  const highlighted = useEditor(useCallback((s: EditorState) => s.highlight?.nodeIds.has(id) ?? false, [id]));
  const meta = STEP_META[type];
  const Icon = meta.icon;
  const node = props as unknown as CanvasNode;
  const outputs = outputsOfNode({ ...node, type, data } as CanvasNode);
  const summary = type === "start" ? t(`triggers.${String(data.trigger)}`) : summaryOf(type, data);
  const title = typeof data.title === "string" && data.title ? data.title : t(`types.${type}`);

  return (
    <div
      data-testid={`step-${id}`}
      data-step-type={type}
      data-highlighted={highlighted || undefined}
      className={clsx(
        // Borders, not shadows: hundreds of shadowed boxes make every drag frame expensive to paint.
        "w-60 rounded-xl border-2 bg-white text-left",
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
      {hasInput(node) && <Handle type="target" position={Position.Top} className="!size-3 !border-2 !border-white !bg-slate-400" />}
      <div className={clsx("flex items-center gap-2 rounded-t-[10px] px-3 py-2", meta.compliance ? "bg-emerald-50" : "bg-slate-50")}>
        <Icon className={clsx("size-4 shrink-0", meta.compliance ? "text-emerald-700" : "text-brand-600")} aria-hidden />
        <span className="flex-1 truncate text-xs font-semibold text-slate-800">{title}</span>
        {issue === "error" && <CircleAlert className="size-4 text-red-600" aria-label={t("nodeHasErrors")} />}
        {issue === "warning" && <TriangleAlert className="size-4 text-amber-600" aria-label={t("nodeHasWarnings")} />}
      </div>
      <p className={clsx("line-clamp-2 px-3 py-2 text-xs", summary ? "text-slate-600" : "italic text-slate-400")}>
        {summary || t("emptyText")}
      </p>
      {outputs.length > 0 && (
        <div className="flex border-t border-slate-100">
          {outputs.map((handle) => (
            <div key={handle} className="relative flex-1 px-1 pt-1 pb-2 text-center">
              <span className="block truncate text-[10px] font-medium text-slate-500">{outputLabel(type, data, handle, t)}</span>
              <Handle
                type="source"
                id={handle}
                position={Position.Bottom}
                aria-label={outputLabel(type, data, handle, t)}
                className="!size-3 !border-2 !border-white !bg-brand-500"
              />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

export const StepNode = memo(StepNodeView);
