"use client";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useReactFlow } from "@xyflow/react";
import clsx from "clsx";
import { CircleAlert, ShieldCheck, TriangleAlert, Wand2 } from "lucide-react";
import { useLocale, useTranslations } from "next-intl";
import Link from "next/link";
import { useMemo, useRef } from "react";
// This panel loads after the canvas (see FlowEditor), together with the rulebook.
import { AUTOFIX_RULES, formatDiagnostic, RULES, WORKSPACE_RULE_IDS, type Diagnostic } from "@/core/compliance";
import { isLocale, type Locale } from "@/i18n/config";
import { Button } from "@/components/ui/Button";
import { toast } from "@/components/ui/toast";
import { useEditor, useEditorActions, useEditorStoreApi } from "./store/EditorStoreProvider";
import type { EditorState } from "./store/editorStore";
import { findingKey } from "./store/slices/selection";

const selectDiagnostics = (s: EditorState) => s.diagnostics;
const selectCanEdit = (s: EditorState) => s.canEdit;
const selectSlug = (s: EditorState) => s.workspaceSlug;
/** Findings fixed in the workspace's legal settings, not in the flow. */
const WORKSPACE_RULES = new Set(WORKSPACE_RULE_IDS);

/** A webhook address that is not https: the step's address is wrong, whatever the legal settings say. */
function fixedInStep(d: Diagnostic): boolean {
  return d.rule === "processor.declared" && d.params?.problem === "insecure";
}
const FIXABLE_RULES = new Set(AUTOFIX_RULES.map((rule) => rule.id));
/** The legal basis of each rule, from the registry: the explanation and the README read the same source. */
const BASIS_BY_RULE = new Map(RULES.map((rule) => [rule.id, rule.basis]));

type Tone = "error" | "warning";
/** The list, flattened so that only the rows in view are mounted: a broken flow of thousands of steps has thousands of findings. */
type Row = { kind: "heading"; tone: Tone; count: number } | { kind: "finding"; tone: Tone; diagnostic: Diagnostic; key: string };

function rowsOf(diagnostics: readonly Diagnostic[]): Row[] {
  const rows: Row[] = [];
  for (const tone of ["error", "warning"] as const) {
    const list = diagnostics.filter((d) => d.severity === tone);
    if (list.length === 0) continue;
    rows.push({ kind: "heading", tone, count: list.length });
    list.forEach((diagnostic, index) =>
      rows.push({ kind: "finding", tone, diagnostic, key: `${diagnostic.rule}-${diagnostic.nodeId}-${index}` }),
    );
  }
  return rows;
}

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
  const rows = useMemo(() => rowsOf(diagnostics), [diagnostics]);
  const fixable = useMemo(() => diagnostics.some((d) => d.severity === "error" && FIXABLE_RULES.has(d.rule)), [diagnostics]);
  const scrollRef = useRef<HTMLDivElement>(null);
  // The library measures each row as it mounts; the estimates only size the scroll bar until then.
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualiser's functions are not memoised, and need not be
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (index) => (rows[index].kind === "heading" ? 24 : 48),
    getItemKey: (index) => {
      const row = rows[index];
      return row.kind === "heading" ? `heading-${row.tone}` : row.key;
    },
    overscan: 8,
  });

  function show(diagnostic: Diagnostic) {
    if (diagnostic.nodeId) selectOnly(diagnostic.nodeId);
    const path = diagnostic.path ?? (diagnostic.nodeId ? [diagnostic.nodeId] : []);
    setHighlight(
      path.length ? { nodeIds: new Set(path), edgeIds: witnessEdges(store.getState(), path), finding: findingKey(diagnostic) } : null,
    );
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
    <div className="flex h-full flex-col gap-3" data-testid="diagnostics">
      {fixable && canEdit && (
        <Button onClick={onAutofix} busy={fixing} className="w-full shrink-0">
          <Wand2 className="size-4" aria-hidden />
          {t("autofix")}
        </Button>
      )}
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto" role="list">
        <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            return (
              <div
                key={item.key}
                data-index={item.index}
                ref={virtualizer.measureElement}
                role={row.kind === "finding" ? "listitem" : undefined}
                className="absolute top-0 left-0 w-full pb-1.5"
                style={{ transform: `translateY(${item.start}px)` }}
              >
                {row.kind === "heading" ? (
                  <h3 className={clsx("mb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase", item.index > 0 && "pt-3")}>
                    {row.tone === "error" ? t("errorsHeading", { count: row.count }) : t("warningsHeading", { count: row.count })}
                  </h3>
                ) : (
                  <Finding diagnostic={row.diagnostic} tone={row.tone} slug={slug} onShow={show} locale={locale} canEdit={canEdit} />
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/** One finding: a click shows it on the canvas; findings about the workspace link to its legal settings. */
function Finding({
  diagnostic: d,
  tone,
  slug,
  onShow,
  locale,
  canEdit,
}: {
  locale: Locale;
  canEdit: boolean;
  diagnostic: Diagnostic;
  tone: Tone;
  slug: string;
  onShow: (d: Diagnostic) => void;
}) {
  const t = useTranslations("editor");
  return (
    <>
      <button
        type="button"
        onClick={() => onShow(d)}
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
      <RuleExplanation ruleId={d.rule} slug={slug} />
      {d.rule === "channel.humanPath" && canEdit && <AddHumanPath />}
      {fixedInStep(d) ? (
        // An address that is not https (the template's placeholder, say) is fixed in the step, not in the legal settings.
        <button
          type="button"
          onClick={() => {
            onShow(d);
            let frames = 0;
            const focusField = () => {
              const field = document.querySelector<HTMLElement>('[data-testid="field-url"]');
              if (field) field.focus();
              else if (++frames < 20) requestAnimationFrame(focusField);
            };
            requestAnimationFrame(focusField);
          }}
          className="mt-1 ml-6 inline-block text-xs font-medium text-brand-700 hover:underline"
        >
          {t("enterWebhookUrl")}
        </button>
      ) : (
        WORKSPACE_RULES.has(d.rule) && (
          <Link href={`/w/${slug}/settings/legal`} className="mt-1 ml-6 inline-block text-xs font-medium text-brand-700 hover:underline">
            {t("openLegalSettings")}
          </Link>
        )
      )}
    </>
  );
}

/** The one-click fix for a WhatsApp flow with no way to a person: adds it, announced above the canvas with undo. */
function AddHumanPath() {
  const t = useTranslations("editor");
  const { addHumanPath } = useEditorActions();
  return (
    <button
      type="button"
      data-testid="add-human-path"
      onClick={() => {
        if (!addHumanPath()) toast.error(t("addHumanPathImpossible"));
      }}
      className="mt-1 ml-6 inline-flex items-center gap-1 text-xs font-medium text-brand-700 hover:underline"
    >
      <Wand2 className="size-3.5" aria-hidden />
      {t("addHumanPath")}
    </button>
  );
}

/** A short "why": the rule's meaning in the reader's language, its legal basis, and a link to its entry among all rules. */
function RuleExplanation({ ruleId, slug }: { ruleId: string; slug: string }) {
  const t = useTranslations("rulebook");
  const basis = BASIS_BY_RULE.get(ruleId);
  const key = `rules.${ruleId}.summary`;
  if (basis === undefined || !t.has(key)) return null;
  return (
    <details className="mt-1 ml-6 text-xs text-slate-600" data-testid="rule-explanation">
      <summary className="cursor-pointer font-medium text-brand-700">{t("why")}</summary>
      <p className="mt-1">{t(key)}</p>
      <p className="mt-0.5">
        {t("basis")}: {basis}
      </p>
      <Link
        href={`/w/${slug}/rules#${ruleId}`}
        className="mt-1 inline-block font-medium text-brand-700 hover:underline"
        data-testid="rule-link"
      >
        {t("page.openRule")}
      </Link>
    </details>
  );
}
