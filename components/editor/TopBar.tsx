"use client";
import { ArrowLeft, CircleAlert, Keyboard, LayoutDashboard, Redo2, ShieldCheck, TriangleAlert, Undo2 } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { Button } from "@/components/ui/Button";
import { AnalyticsToggle } from "@/components/analytics/AnalyticsToggle";
import { SaveState } from "./SaveState";
import { FlowActions } from "./publish/FlowActions";
import { useEditor, useEditorActions } from "./store/EditorStoreProvider";
import type { EditorState } from "./store/editorStore";
import { useLiveBlockedReasons } from "./useLiveBlockedReasons";

const selectName = (s: EditorState) => s.history.present.meta.name;
const selectCanEdit = (s: EditorState) => s.canEdit;
const selectCanUndo = (s: EditorState) => s.history.past.length > 0;
const selectCanRedo = (s: EditorState) => s.history.future.length > 0;
const selectErrorCount = (s: EditorState) => s.diagnostics.filter((d) => d.severity === "error").length;
const selectWarningCount = (s: EditorState) => s.diagnostics.filter((d) => d.severity === "warning").length;
const selectValidating = (s: EditorState) => s.validating;
const selectSlug = (s: EditorState) => s.workspaceSlug;
const selectPublished = (s: EditorState) => s.publishedVersion;
const selectLiveBlockedBy = (s: EditorState) => s.liveBlockedBy;

export function TopBar({
  onShowDiagnostics,
  onLayout,
  layouting,
  onShowShortcuts,
}: {
  onShowDiagnostics: () => void;
  onLayout: () => void;
  layouting: boolean;
  onShowShortcuts: () => void;
}) {
  const t = useTranslations("editor");
  const locale = useLocale();
  const name = useEditor(selectName);
  const canEdit = useEditor(selectCanEdit);
  const canUndo = useEditor(selectCanUndo);
  const canRedo = useEditor(selectCanRedo);
  const errorCount = useEditor(selectErrorCount);
  const warningCount = useEditor(selectWarningCount);
  const validating = useEditor(selectValidating);
  const slug = useEditor(selectSlug);
  const publishedVersion = useEditor(selectPublished);
  const liveBlockedBy = useEditor(selectLiveBlockedBy);
  const blockedReasons = useLiveBlockedReasons(liveBlockedBy, locale);
  const { updateMeta, undo, redo } = useEditorActions();

  return (
    <div className="flex h-12 shrink-0 items-center gap-2 border-b border-slate-200 bg-white px-3">
      <Link href={`/w/${slug}/flows`} aria-label={t("backToFlows")} className="rounded-lg p-1.5 text-slate-600 hover:bg-slate-100">
        <ArrowLeft className="size-4" aria-hidden />
      </Link>
      <input
        aria-label={t("flowName")}
        data-testid="flow-name"
        value={name}
        readOnly={!canEdit}
        maxLength={120}
        onChange={(e) => updateMeta({ name: e.target.value }, "name")}
        className="w-64 min-w-24 shrink truncate rounded-md border border-transparent px-2 py-1 text-sm font-semibold text-slate-900 hover:border-slate-200 focus:border-brand-500 focus:outline-none"
      />
      <SaveState />
      {publishedVersion !== null && liveBlockedBy && (
        <Link
          href={`/w/${slug}/settings/legal`}
          data-testid="live-blocked-badge"
          title={t("liveBlockedHelp", { reasons: blockedReasons?.join(" ") ?? "" })}
          className="shrink-0 rounded-full bg-red-50 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-red-700 ring-1 ring-red-200"
        >
          {t("liveBlocked", { number: publishedVersion })}
        </Link>
      )}
      {publishedVersion !== null && !liveBlockedBy && (
        <span
          data-testid="live-badge"
          title={t("liveHelp")}
          className="shrink-0 rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium whitespace-nowrap text-emerald-700 ring-1 ring-emerald-200"
        >
          {t("live", { number: publishedVersion })}
        </span>
      )}
      <div className="mx-2 h-5 w-px bg-slate-200" aria-hidden />
      <Button
        variant="ghost"
        size="sm"
        onClick={undo}
        disabled={!canEdit || !canUndo}
        aria-label={t("undo")}
        title={`${t("undo")} (Ctrl+Z)`}
      >
        <Undo2 className="size-4" aria-hidden />
      </Button>
      <Button
        variant="ghost"
        size="sm"
        onClick={redo}
        disabled={!canEdit || !canRedo}
        aria-label={t("redo")}
        title={`${t("redo")} (Ctrl+Shift+Z)`}
      >
        <Redo2 className="size-4" aria-hidden />
      </Button>
      <Button variant="ghost" size="sm" onClick={onLayout} busy={layouting} disabled={!canEdit} title={t("autoLayoutHelp")}>
        <LayoutDashboard className="size-4" aria-hidden />
        <span className="hidden lg:inline">{t("autoLayout")}</span>
      </Button>
      <Button variant="ghost" size="sm" onClick={onShowShortcuts} aria-label={t("shortcuts.open")} title={`${t("shortcuts.open")} (?)`}>
        <Keyboard className="size-4" aria-hidden />
      </Button>
      <div className="flex-1" />
      <AnalyticsToggle />
      {/* Named by its content (the numbers with their words for screen readers), so the name contains what is seen. */}
      <button
        type="button"
        onClick={onShowDiagnostics}
        data-testid="compliance-badge"
        className="flex shrink-0 items-center gap-2 rounded-full px-2.5 py-1 text-xs font-medium whitespace-nowrap ring-1 ring-slate-200 hover:bg-slate-50"
      >
        {errorCount === 0 ? (
          <span className="flex items-center gap-1 text-emerald-700">
            <ShieldCheck className="size-4" aria-hidden />
            {t("compliant")}
          </span>
        ) : (
          <span className="flex items-center gap-1 text-red-700">
            <CircleAlert className="size-4" aria-hidden />
            {errorCount}
            <span className="sr-only"> {t("badge.errors", { count: errorCount })}</span>
          </span>
        )}
        {warningCount > 0 && (
          <span className="flex items-center gap-1 text-amber-700">
            <span className="sr-only">, </span>
            <TriangleAlert className="size-4" aria-hidden />
            {warningCount}
            <span className="sr-only"> {t("badge.warnings", { count: warningCount })}</span>
          </span>
        )}
        {validating && <span className="sr-only">{t("checking")}</span>}
      </button>
      <FlowActions onShowDiagnostics={onShowDiagnostics} />
    </div>
  );
}
