"use client";
import { ShieldCheck, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/Button";
import { useEditor, useEditorActions } from "./store/EditorStoreProvider";
import type { EditorState } from "./store/editorStore";

const selectInserted = (s: EditorState) => s.autoInserted;

/**
 * Says which compliance steps were just added, or reused from elsewhere in the flow, and
 * why, with one-click undo; sits in a strip above the canvas.
 */
export function AutoInsertNotice() {
  const t = useTranslations("editor");
  const tSteps = useTranslations("steps");
  const announced = useEditor(selectInserted);
  const { undoAutoInserted, dismissAutoInserted } = useEditorActions();
  if (!announced) return null;
  const { inserted, moved } = announced;
  if (inserted.length === 0 && moved.length === 0) return null;
  return (
    <div
      role="status"
      data-testid="auto-insert-notice"
      // Above the canvas, not over it: the steps it announces stay visible and clickable.
      className="shrink-0 border-b border-emerald-300 bg-emerald-50/60 px-3 py-2"
    >
      <div className="flex items-start gap-2">
        <ShieldCheck className="mt-0.5 size-5 shrink-0 text-emerald-600" aria-hidden />
        <div className="flex-1 text-sm">
          {inserted.length > 0 && <p className="font-medium text-slate-900">{t("autoInsertedTitle", { count: inserted.length })}</p>}
          {moved.length > 0 && <p className="font-medium text-slate-900">{t("autoMovedTitle", { count: moved.length })}</p>}
          <ul className="mt-1 list-disc pl-4 text-xs text-slate-600">
            {[...new Set([...inserted, ...moved].map((item) => item.type))].map((type) => (
              <li key={type}>
                <span className="font-medium text-slate-800">{tSteps(`types.${type}`)}:</span> {t(`insertedWhy.${type}`)}
              </li>
            ))}
          </ul>
        </div>
        <Button variant="secondary" size="sm" onClick={undoAutoInserted}>
          {t("undoInsertion")}
        </Button>
        <button
          type="button"
          onClick={dismissAutoInserted}
          aria-label={t("dismiss")}
          className="rounded p-1 text-slate-400 hover:bg-slate-100"
        >
          <X className="size-4" aria-hidden />
        </button>
      </div>
    </div>
  );
}
