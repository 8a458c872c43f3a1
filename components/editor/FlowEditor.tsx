"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ReactFlowProvider, useReactFlow } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import clsx from "clsx";
import { PanelRightClose, PanelRightOpen } from "lucide-react";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useCallback, useEffect, useState } from "react";
import { toast } from "@/components/ui/toast";
import { FlowCanvas } from "@/components/editor/canvas/FlowCanvas";
import { FlowSettingsForm } from "@/components/editor/inspector/FlowSettingsForm";
import { useTRPC } from "@/components/providers/trpc";
import { useDescribeError } from "@/components/ui/errorMessage";
import { LiveBlockedBanner } from "./LiveBlockedBanner";
import { Palette } from "./Palette";
import { TopBar } from "./TopBar";
import { graphToDocument } from "./model/document";
import { layoutPositions } from "./model/autoLayout";
import { loadEngine } from "./model/engine";
import { EditorStoreProvider, useEditor, useEditorStoreApi } from "./store/EditorStoreProvider";
import { useCanvasOverlay } from "./canvas/overlay";
import type { EditorInit, EditorState } from "./store/editorStore";
import { readLocalDraft } from "./store/localDraft";
import { useAutosave } from "./store/useAutosave";
import { useLeaveGuard } from "./store/useLeaveGuard";
import { useLiveCheck } from "./store/useLiveCheck";
import { useEditorShortcuts } from "./useEditorShortcuts";
import { usePanelOpen } from "./usePanelOpen";

// Parts that appear only after an action (selecting a step, an insertion, a conflict)
// load right after the canvas instead of with it. The checks panel (and its list
// virtualiser) loads when the checks tab is about to open: pointed at, focused or opened.
const loadNodeInspector = () => import("@/components/editor/inspector/NodeInspector").then((m) => m.NodeInspector);
const loadDiagnosticsPanel = () => import("./DiagnosticsPanel").then((m) => m.DiagnosticsPanel);
const loadAutoInsertNotice = () => import("./AutoInsertNotice").then((m) => m.AutoInsertNotice);
const loadConflictDialog = () => import("./ConflictDialog").then((m) => m.ConflictDialog);
const loadShortcutsDialog = () => import("./ShortcutsDialog").then((m) => m.ShortcutsDialog);
const NodeInspector = dynamic(loadNodeInspector, { ssr: false });
const DiagnosticsPanel = dynamic(loadDiagnosticsPanel, { ssr: false });
const AutoInsertNotice = dynamic(loadAutoInsertNotice, { ssr: false });
const ConflictDialog = dynamic(loadConflictDialog, { ssr: false });
const ShortcutsDialog = dynamic(loadShortcutsDialog, { ssr: false });
// The analytics mode's panel (and its queries) only when the mode is on.
const AnalyticsPanel = dynamic(() => import("@/components/analytics/AnalyticsPanel").then((m) => m.AnalyticsPanel), { ssr: false });

/** The editor page: palette, canvas, inspector and diagnostics around one flow. */
export function FlowEditor({ init }: { init: EditorInit }) {
  return (
    <EditorStoreProvider init={init}>
      <ReactFlowProvider>
        <EditorLayout />
      </ReactFlowProvider>
    </EditorStoreProvider>
  );
}

/** The one selected step's id; null for none or several (then the flow settings show). */
const selectSelectedId = (s: EditorState) => {
  let found: string | null = null;
  for (const n of s.history.present.nodes) {
    if (n.selected) {
      if (found) return null;
      found = n.type === "note" ? null : n.id;
      if (!found) return null;
    }
  }
  return found;
};
const selectCanEdit = (s: EditorState) => s.canEdit;
const selectHasInsertions = (s: EditorState) => s.autoInserted !== null;
const selectInserted = (s: EditorState) => s.autoInserted;
const selectHasConflict = (s: EditorState) => s.conflict !== null;
const selectFindingCount = (s: EditorState) => s.diagnostics.length;

const startEngine = () => void loadEngine();
const preloadChecks = () => void loadDiagnosticsPanel();

function EditorLayout() {
  const t = useTranslations("editor");
  const store = useEditorStoreApi();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describeError = useDescribeError();
  const { fitView } = useReactFlow();
  const [tab, setTab] = useState<"step" | "checks">("step");
  // On a tablet the palette starts as a rail, so the canvas keeps at least half the width.
  const [paletteOpen, setPaletteOpen] = usePanelOpen("palette", (width) => width >= 1024);
  const [inspectorOpen, setInspectorOpen] = usePanelOpen("inspector", () => true);
  const [layouting, setLayouting] = useState(false);
  const analyticsOn = useCanvasOverlay((s) => s.active);
  const [reloading, setReloading] = useState(false);
  const selectedId = useEditor(selectSelectedId);
  const canEdit = useEditor(selectCanEdit);
  const hasInsertions = useEditor(selectHasInsertions);
  const hasConflict = useEditor(selectHasConflict);
  const findingCount = useEditor(selectFindingCount);
  const autofix = useMutation(trpc.flows.autofix.mutationOptions());

  useEffect(() => {
    void Promise.all([loadNodeInspector(), loadAutoInsertNotice(), loadConflictDialog()]);
  }, []);
  useAutosave(store);
  useLiveCheck(store);
  useLeaveGuard(
    store,
    useCallback(() => window.confirm(t("leaveUnsaved")), [t]),
  );
  const [showShortcuts, setShowShortcuts] = useState(false);
  useEditorShortcuts(
    store,
    t,
    useCallback(() => setShowShortcuts(true), []),
  );

  // Edits the browser kept from a session that could not save them.
  useEffect(() => {
    const state = store.getState();
    const local = readLocalDraft(state.flowId);
    if (!local || !state.canEdit) return;
    if (state.restoreLocalDraft(local) === "restored") toast.info(t("restoredLocal"));
  }, [store, t]);

  useEffect(() => {
    if (selectedId) void loadEngine();
  }, [selectedId]);

  // Selecting a step shows it (adjusted while rendering, not in an effect: no extra render pass).
  const [shownSelection, setShownSelection] = useState(selectedId);
  if (selectedId !== shownSelection) {
    setShownSelection(selectedId);
    if (selectedId) setTab("step");
  }

  // Show what was just inserted: the new steps and the step they protect, once the browser has measured them.
  const inserted = useEditor(selectInserted);
  useEffect(() => {
    if (!inserted) return;
    const ids = new Set([...inserted.inserted, ...inserted.moved].flatMap((item) => [item.nodeId, item.beforeNodeId]));
    if (ids.size === 0) return;
    const frame = requestAnimationFrame(() =>
      requestAnimationFrame(
        () => void fitView({ nodes: [...ids].map((id) => ({ id })), padding: 0.2, maxZoom: 1, minZoom: 0.5, duration: 300 }),
      ),
    );
    return () => cancelAnimationFrame(frame);
  }, [inserted, fitView]);

  async function runAutofix() {
    const state = store.getState();
    try {
      const result = await autofix.mutateAsync({ workspaceSlug: state.workspaceSlug, document: graphToDocument(state.history.present) });
      // Reusing a step (moved in front of the one it protects) or dropping a redundant consent is a fix too.
      if (result.inserted.length === 0 && result.moved.length === 0 && result.removed.length === 0) {
        toast.info(t("nothingToFix"));
        return;
      }
      state.applyInsertions(result.document, result.inserted, result.moved);
      // The path the checks pointed at is repaired now.
      state.setHighlight(null);
    } catch (error) {
      toast.error(describeError(error));
    }
  }

  async function runLayout() {
    setLayouting(true);
    try {
      const { nodes, edges } = store.getState().history.present;
      store.getState().applyLayout(await layoutPositions(nodes, edges));
      requestAnimationFrame(() => void fitView({ duration: 300 }));
    } finally {
      setLayouting(false);
    }
  }

  async function reloadAfterConflict() {
    setReloading(true);
    try {
      const state = store.getState();
      const fresh = await queryClient.fetchQuery(
        trpc.flows.get.queryOptions({ workspaceSlug: state.workspaceSlug, flowId: state.flowId }, { staleTime: 0 }),
      );
      state.loadFromServer(fresh.document, fresh.version, fresh.diagnostics);
    } catch (error) {
      toast.error(describeError(error));
    } finally {
      setReloading(false);
    }
  }

  return (
    // The first press of a pointer or key anywhere in the editor fetches the compliance engine (see model/engine.ts).
    <div className="flex h-[calc(100vh-3.5rem)] flex-col" onPointerDownCapture={startEngine} onKeyDownCapture={startEngine}>
      <TopBar
        onShowDiagnostics={() => setTab("checks")}
        onLayout={() => void runLayout()}
        layouting={layouting}
        onShowShortcuts={() => setShowShortcuts(true)}
      />
      <LiveBlockedBanner />
      <div className="flex min-h-0 flex-1">
        <Palette open={paletteOpen} onToggle={setPaletteOpen} />
        <div className="relative flex min-w-0 flex-1 flex-col">
          {hasInsertions && <AutoInsertNotice />}
          <div className="relative min-h-0 flex-1">
            <FlowCanvas />
            {analyticsOn && <AnalyticsPanel />}
          </div>
        </div>
        {inspectorOpen ? (
          <aside
            aria-label={t("sidePanel")}
            data-testid="side-panel"
            className="flex w-72 shrink-0 flex-col border-l border-slate-200 bg-white lg:w-80"
          >
            <div className="flex items-stretch border-b border-slate-200 text-sm">
              <button
                type="button"
                onClick={() => setInspectorOpen(false)}
                aria-label={t("panels.closeInspector")}
                title={t("panels.closeInspector")}
                aria-expanded
                className="px-2 text-slate-600 hover:bg-slate-100"
              >
                <PanelRightClose className="size-4" aria-hidden />
              </button>
              <div role="tablist" className="flex flex-1">
                {(["step", "checks"] as const).map((value) => (
                  <button
                    key={value}
                    role="tab"
                    type="button"
                    aria-selected={tab === value}
                    onClick={() => setTab(value)}
                    onPointerEnter={value === "checks" ? preloadChecks : undefined}
                    onFocus={value === "checks" ? preloadChecks : undefined}
                    className={clsx(
                      "-mb-px flex-1 border-b-2 px-3 py-2 font-medium",
                      tab === value ? "border-brand-600 text-brand-700" : "border-transparent text-slate-600 hover:text-slate-900",
                    )}
                  >
                    {value === "step" ? (selectedId ? t("tabStep") : t("tabFlow")) : t("tabChecks", { count: findingCount })}
                  </button>
                ))}
              </div>
            </div>
            <div className="flex-1 overflow-y-auto p-4">
              {tab === "checks" ? (
                <DiagnosticsPanel onAutofix={() => void runAutofix()} fixing={autofix.isPending} />
              ) : selectedId ? (
                <NodeInspector key={selectedId} nodeId={selectedId} canEdit={canEdit} />
              ) : (
                <FlowSettingsForm canEdit={canEdit} />
              )}
            </div>
          </aside>
        ) : (
          <aside
            aria-label={t("sidePanel")}
            data-testid="side-panel"
            className="flex w-11 shrink-0 flex-col items-center border-l border-slate-200 bg-white"
          >
            <button
              type="button"
              onClick={() => setInspectorOpen(true)}
              aria-label={t("panels.openInspector")}
              title={t("panels.openInspector")}
              aria-expanded={false}
              className="my-1.5 rounded-lg p-1.5 text-slate-600 hover:bg-slate-100"
            >
              <PanelRightOpen className="size-4" aria-hidden />
            </button>
            {findingCount > 0 && (
              <button
                type="button"
                onClick={() => {
                  setTab("checks");
                  setInspectorOpen(true);
                }}
                onPointerEnter={preloadChecks}
                onFocus={preloadChecks}
                aria-label={t("tabChecks", { count: findingCount })}
                className="rounded-full bg-amber-100 px-1.5 text-xs font-medium text-amber-800"
              >
                {findingCount}
              </button>
            )}
          </aside>
        )}
      </div>
      {showShortcuts && <ShortcutsDialog open onClose={() => setShowShortcuts(false)} />}
      {hasConflict && <ConflictDialog onReload={() => void reloadAfterConflict()} reloading={reloading} />}
    </div>
  );
}
