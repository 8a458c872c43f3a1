"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { useCanvasOverlay } from "@/components/editor/canvas/overlay";
import { useEditor, useEditorStoreApi } from "@/components/editor/store/EditorStoreProvider";
import type { EditorState } from "@/components/editor/store/editorStore";
import { outputLabel } from "@/components/editor/steps/outputLabels";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { Spinner } from "@/components/ui/Spinner";
import { useDescribeError } from "@/components/ui/errorMessage";
import { CHANNELS } from "@/core/flow/constants";
import type { Channel } from "@/core/flow";
import { overlayOf } from "./overlayLines";
import { PERIODS, periodRange, type Period } from "./period";

const selectSlug = (s: EditorState) => s.workspaceSlug;
const selectFlowId = (s: EditorState) => s.flowId;
const selectPublished = (s: EditorState) => s.publishedVersion;

const selectClass = "rounded-md border border-slate-300 bg-white px-2 py-1 text-xs";

/**
 * The "Auswertung" mode's controls (version, compare, channel, period, test data) over
 * the canvas. It fetches the counts and puts them into the canvas overlay; the canvas
 * draws them. Loaded only when the mode is switched on.
 */
export function AnalyticsPanel() {
  const t = useTranslations("analytics");
  const tSteps = useTranslations("steps");
  const tChannels = useTranslations("export.channels");
  const describeError = useDescribeError();
  const trpc = useTRPC();
  const store = useEditorStoreApi();
  const slug = useEditor(selectSlug);
  const flowId = useEditor(selectFlowId);
  const published = useEditor(selectPublished);
  const show = useCanvasOverlay((s) => s.show);
  const clear = useCanvasOverlay((s) => s.clear);
  const [test, setTest] = useState(false);
  const [version, setVersion] = useState<number>(published ?? 0);
  const [compareWith, setCompareWith] = useState<number | null>(null);
  const [channel, setChannel] = useState<Channel | "">("");
  const [period, setPeriod] = useState<Period>("last30");
  const range = useMemo(() => periodRange(period), [period]);
  const versions = useQuery(trpc.analytics.versions.queryOptions({ workspaceSlug: slug, flowId }));
  const shownVersion = !test && version === 0 ? (published ?? 0) : version;
  const input = { workspaceSlug: slug, flowId, channel: channel || null, test, ...range };
  const report = useQuery({
    ...trpc.analytics.flow.queryOptions({ ...input, version: shownVersion }),
    enabled: shownVersion > 0 || test,
  });
  const compared = useQuery({
    ...trpc.analytics.flow.queryOptions({ ...input, version: compareWith ?? 1 }),
    enabled: compareWith !== null,
  });

  useEffect(() => {
    if (!report.data) return clear();
    const nodes = new Map(store.getState().history.present.nodes.map((node) => [node.id, node]));
    const label = (nodeId: string, output: string) => {
      const node = nodes.get(nodeId);
      return node && node.type !== "note" ? outputLabel(node, output, tSteps) : output;
    };
    const compare = compareWith !== null && compared.data ? { version: compareWith, report: compared.data } : null;
    const overlay = overlayOf(report.data, (key, values) => t(key, values), label, compare);
    show(overlay.steps, overlay.edgeWidths);
  }, [report.data, compared.data, compareWith, show, clear, store, t, tSteps]);
  useEffect(() => () => clear(), [clear]);

  const versionOptions = versions.data ?? [];
  return (
    <div
      data-testid="analytics-panel"
      className="absolute top-2 left-2 z-20 flex max-w-[calc(100%-1rem)] flex-wrap items-end gap-2 rounded-xl border border-indigo-200 bg-white/95 p-2 text-xs shadow-sm"
    >
      <label className="flex flex-col gap-0.5">
        {t("version")}
        <select
          className={selectClass}
          data-testid="analytics-version"
          value={shownVersion}
          onChange={(e) => setVersion(Number(e.target.value))}
        >
          {test && <option value={0}>{t("draft")}</option>}
          {versionOptions.map((v) => (
            <option key={v.number} value={v.number}>
              {t("versionNumber", { number: v.number })}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        {t("compareWith")}
        <select
          className={selectClass}
          data-testid="analytics-compare"
          value={compareWith ?? ""}
          onChange={(e) => setCompareWith(e.target.value ? Number(e.target.value) : null)}
        >
          <option value="">{t("noCompare")}</option>
          {versionOptions
            .filter((v) => v.number !== shownVersion)
            .map((v) => (
              <option key={v.number} value={v.number}>
                {t("versionNumber", { number: v.number })}
              </option>
            ))}
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        {t("channel")}
        <select className={selectClass} value={channel} onChange={(e) => setChannel(e.target.value as Channel | "")}>
          <option value="">{t("allChannels")}</option>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {tChannels(c)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-0.5">
        {t("periodDays")}
        <select className={selectClass} data-testid="analytics-period" value={period} onChange={(e) => setPeriod(e.target.value as Period)}>
          {PERIODS.map((p) => (
            <option key={p} value={p}>
              {t(p)}
            </option>
          ))}
        </select>
      </label>
      <label className="flex items-center gap-1 pb-1" title={t("testDataHint")}>
        <input type="checkbox" checked={test} onChange={(e) => setTest(e.target.checked)} data-testid="analytics-test" />
        {t("showTestData")}
      </label>
      {report.isFetching && <Spinner className="size-4" />}
      {report.data && (
        <span className="pb-1 font-medium text-slate-700" data-testid="analytics-conversations">
          {t("stepsSummary", { conversations: String(report.data.conversations) })}
        </span>
      )}
      {shownVersion === 0 && !test && <p className="w-full text-slate-600">{t("notPublished")}</p>}
      {report.error && (
        <div className="w-full">
          <Alert tone="error">{describeError(report.error)}</Alert>
        </div>
      )}
    </div>
  );
}
