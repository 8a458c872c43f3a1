"use client";
import { useReactFlow } from "@xyflow/react";
import clsx from "clsx";
import { CircleAlert, ShieldCheck, TriangleAlert, Wand2 } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
// This panel loads after the canvas (see FlowEditor), together with the rulebook.
import { AUTOFIX_RULES, formatDiagnostic, WORKSPACE_RULE_IDS, type Diagnostic } from "@/core/compliance";
import { isLocale } from "@/i18n/config";
import { Button } from "@/components/ui/Button";
import { useEditor, useEditorActions, useEditorStoreApi } from "./store/EditorStoreProvider";
import type { EditorState } from "./store/editorStore";

const selectDiagnostics = (s: EditorState) => s.diagnostics;
const selectCanEdit = (s: EditorState) => s.canEdit;
const selectSlug = (s: EditorState) => s.workspaceSlug;
/** Findings fixed in the workspace's legal settings, not in the flow. */
const WORKSPACE_RULES = new Set(WORKSPACE_RULE_IDS);
const FIXABLE_RULES = new Set(AUTOFIX_RULES.map((rule) => rule.id));

/** Edges along a witness path: each consecutive pair of steps. */
function witnessEdges(state: EditorState, path: readonly string[]): Set<string> {
  const ids = new Set<string>();
  for (let i = 0; i + 1 < path.length; i++) {
    const edge = state.history.present.edges.find((e) => e.source === path[i] && e.target === path[i + 1]);
    if (edge) ids.add(edge.id);
  }
  return ids;
}

/** Problems of the flow in plain words; a click shows the step and the path that leads to it. */
export function DiagnosticsPanel({ onAutofix, fixing }: { onAutofix: () => void; fixing: boolean }) {
  const t = useTranslations("editor");
  // Stored findings are data; they are worded here, in the reader's language.
  const uiLocale = useLocale();
  const locale = isLocale(uiLocale) ? uiLocale : "en";
  const diagnostics = useEditor(selectDiagnostics);
  const canEdit = useEditor(selectCanEdit);
  const slug = useEditor(selectSlug);
  const store = useEditorStoreApi();
  const { selectOnly, setHighlight } = useEditorActions();
  const { getNode, setCenter, getZoom } = useReactFlow();
  const errors = diagnostics.filter((d) => d.severity === "error");
  const warnings = diagnostics.filter((d) => d.severity === "warning");
  const fixable = errors.some((d) => FIXABLE_RULES.has(d.rule));

  function show(diagnostic: Diagnostic) {
    if (diagnostic.nodeId) selectOnly(diagnostic.nodeId);
    const path = diagnostic.path ?? (diagnostic.nodeId ? [diagnostic.nodeId] : []);
    setHighlight(path.length ? { nodeIds: new Set(path), edgeIds: witnessEdges(store.getState(), path) } : null);
    const node = diagnostic.nodeId ? getNode(diagnostic.nodeId) : undefined;
    if (node) void setCenter(node.position.x + 120, node.position.y + 50, { zoom: Math.max(getZoom(), 0.8), duration: 300 });
  }

  if (diagnostics.length === 0) {
    return (
      <div className="flex flex-col items-center gap-2 py-10 text-center" data-testid="diagnostics-empty">
        <ShieldCheck className="size-8 text-emerald-600" aria-hidden />
        <p className="text-sm font-medium text-slate-900">{t("noProblemsTitle")}</p>
        <p className="text-xs text-slate-600">{t("noProblemsText")}</p>
      </div>
    );
  }

  return (
    <div className="flex flex-col gap-3" data-testid="diagnostics">
      {fixable && canEdit && (
        <Button onClick={onAutofix} busy={fixing} className="w-full">
          <Wand2 className="size-4" aria-hidden />
          {t("autofix")}
        </Button>
      )}
      {[
        { list: errors, tone: "error" as const },
        { list: warnings, tone: "warning" as const },
      ].map(({ list, tone }) =>
        list.length === 0 ? null : (
          <section key={tone}>
            <h3 className="mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase">
              {tone === "error" ? t("errorsHeading", { count: list.length }) : t("warningsHeading", { count: list.length })}
            </h3>
            <ul className="flex flex-col gap-1.5">
              {list.map((d, index) => (
                <li key={`${d.rule}-${d.nodeId}-${index}`}>
                  <button
                    type="button"
                    onClick={() => show(d)}
                    data-rule={d.rule}
                    className={clsx(
                      "flex w-full gap-2 rounded-lg p-2 text-left text-xs ring-1 hover:shadow-sm",
                      tone === "error" ? "bg-red-50 text-red-900 ring-red-200" : "bg-amber-50 text-amber-900 ring-amber-200",
                    )}
                  >
                    {tone === "error" ? (
                      <CircleAlert className="size-4 shrink-0" aria-hidden />
                    ) : (
                      <TriangleAlert className="size-4 shrink-0" aria-hidden />
                    )}
                    <span>
                      {formatDiagnostic(d, locale)}
                      {d.path && d.path.length > 1 && <span className="mt-0.5 block text-[11px] opacity-75">{t("showPath")}</span>}
                    </span>
                  </button>
                  {WORKSPACE_RULES.has(d.rule) && (
                    <Link
                      href={`/w/${slug}/settings/legal`}
                      className="mt-1 ml-6 inline-block text-xs font-medium text-brand-700 hover:underline"
                    >
                      {t("openLegalSettings")}
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ),
      )}
    </div>
  );
}
