"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { Spinner } from "@/components/ui/Spinner";
import { toast } from "@/components/ui/toast";
import { useDescribeError } from "@/components/ui/errorMessage";
import { CsvDownloadLink, FilterSelect } from "@/components/settings/ListControls";
import { downloadHref } from "@/components/settings/filters";
import { MAX_RAW_RETENTION_DAYS, type ShownCount } from "@/core/domain/analytics";
import { PERIODS, periodRange, type Period } from "./period";

// The chart library loads only with this page, and after its numbers.
const DailyChart = dynamic(() => import("./DailyChart"), { ssr: false });

const share = (value: number | null, t: ReturnType<typeof useTranslations>) => (value === null ? t("noShare") : t("percent", { value }));
const shown = (value: ShownCount) => String(value);

/** The workspace's analytics: totals, per flow and channel, consent rate per purpose, a daily chart, CSV. */
export function AnalyticsDashboard({ slug, isAdmin }: { slug: string; isAdmin: boolean }) {
  const t = useTranslations("analytics");
  const tChannels = useTranslations("export.channels");
  const trpc = useTRPC();
  const describeError = useDescribeError();
  const [period, setPeriod] = useState<Period>("last30");
  const [flowId, setFlowId] = useState("");
  const [test, setTest] = useState(false);
  const range = periodRange(period);
  const flows = useQuery(trpc.flows.list.queryOptions({ workspaceSlug: slug }));
  const filter = { workspaceSlug: slug, flowId: flowId || undefined, test, ...range };
  const data = useQuery(trpc.analytics.dashboard.queryOptions(filter));
  const csvHref = downloadHref(`/api/workspaces/${slug}/analytics.csv`, {
    flowId: flowId || undefined,
    from: range.from,
    to: range.to,
    test: test ? "true" : undefined,
  });

  return (
    <div className="flex flex-col gap-6" data-testid="analytics-dashboard">
      <header className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold text-slate-900">{t("title")}</h1>
        <p className="max-w-3xl text-sm text-slate-600">{t("intro")}</p>
      </header>
      <div className="flex flex-wrap items-end gap-3">
        <FilterSelect
          label={t("flow")}
          allLabel={t("allFlows")}
          value={flowId}
          onChange={setFlowId}
          options={(flows.data ?? []).map((flow) => ({ value: flow.id, label: flow.name }))}
        />
        <FilterSelect<Period>
          label={t("periodDays")}
          allLabel={t("allTime")}
          value={period === "allTime" ? "" : period}
          onChange={(value) => setPeriod(value || "allTime")}
          options={PERIODS.filter((p) => p !== "allTime").map((p) => ({ value: p, label: t(p) }))}
        />
        <label className="flex items-center gap-2 pb-2 text-sm text-slate-700" title={t("testDataHint")}>
          <input type="checkbox" checked={test} onChange={(e) => setTest(e.target.checked)} data-testid="dashboard-test" />
          {t("showTestData")}
        </label>
        <div className="flex-1" />
        <CsvDownloadLink href={csvHref}>{t("downloadCsv")}</CsvDownloadLink>
      </div>
      {data.error && <Alert tone="error">{describeError(data.error)}</Alert>}
      {data.isPending && <Spinner />}
      {data.data && data.data.rows.length === 0 && <EmptyState title={t("empty")} text={t("testDataHint")} />}
      {data.data && data.data.rows.length > 0 && (
        <>
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {(
              [
                ["conversations", shown(data.data.totals.conversations)],
                ["completed", shown(data.data.totals.completed)],
                ["completion", share(data.data.totals.completionShare, t)],
                ["optOuts", shown(data.data.totals.optOuts)],
              ] as const
            ).map(([key, value]) => (
              <div key={key} className="rounded-xl border border-slate-200 bg-white p-4">
                <dt className="text-xs font-medium text-slate-500">{t(key)}</dt>
                <dd className="text-2xl font-semibold text-slate-900 tabular-nums" data-testid={`total-${key}`}>
                  {value}
                </dd>
              </div>
            ))}
          </dl>
          <section className="rounded-xl border border-slate-200 bg-white p-4">
            <h2 className="mb-2 text-sm font-semibold text-slate-800">{t("daily")}</h2>
            <DailyChart data={data.data.daily} label={t("conversations")} />
          </section>
          <section className="rounded-xl border border-slate-200 bg-white p-4">
            <h2 className="mb-2 text-sm font-semibold text-slate-800">{t("perFlowChannel")}</h2>
            <table className="w-full text-left text-sm" data-testid="analytics-flow-table">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className="py-1">{t("flow")}</th>
                  <th>{t("channel")}</th>
                  <th className="text-right">{t("conversations")}</th>
                  <th className="text-right">{t("completed")}</th>
                  <th className="text-right">{t("completion")}</th>
                  <th className="text-right">{t("optOuts")}</th>
                </tr>
              </thead>
              <tbody>
                {data.data.rows.map((row) => (
                  <tr key={`${row.flowId}-${row.channel}`} className="border-t border-slate-100 tabular-nums">
                    <td className="py-1">{row.flowName ?? row.flowId}</td>
                    <td>{tChannels(row.channel)}</td>
                    <td className="text-right">{shown(row.conversations)}</td>
                    <td className="text-right">{shown(row.completed)}</td>
                    <td className="text-right">{share(row.completionShare, t)}</td>
                    <td className="text-right">{shown(row.optOuts)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          <section className="rounded-xl border border-slate-200 bg-white p-4">
            <h2 className="mb-2 text-sm font-semibold text-slate-800">{t("consentRate")}</h2>
            <table className="w-full text-left text-sm" data-testid="analytics-consent-table">
              <thead className="text-xs text-slate-500">
                <tr>
                  <th className="py-1">{t("flow")}</th>
                  <th>{t("purpose")}</th>
                  <th className="text-right">{t("accept")}</th>
                  <th className="text-right">{t("decline")}</th>
                  <th className="text-right">{t("noAnswer")}</th>
                  <th className="text-right">{t("acceptShare")}</th>
                </tr>
              </thead>
              <tbody>
                {data.data.consent.map((row) => (
                  <tr key={`${row.flowId}-${row.purpose}`} className="border-t border-slate-100 tabular-nums">
                    <td className="py-1">{row.flowName ?? row.flowId}</td>
                    <td>{row.purpose}</td>
                    <td className="text-right">{shown(row.accept)}</td>
                    <td className="text-right">{shown(row.decline)}</td>
                    <td className="text-right">{shown(row.noAnswer)}</td>
                    <td className="text-right">{share(row.acceptShare, t)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
      {isAdmin && <RetentionForm slug={slug} />}
    </div>
  );
}

/** The raw-data retention (admins): 0 days by default, up to 90. */
function RetentionForm({ slug }: { slug: string }) {
  const t = useTranslations("analytics");
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const describeError = useDescribeError();
  const settings = useQuery(trpc.analytics.settings.queryOptions({ workspaceSlug: slug }));
  const [days, setDays] = useState<number | null>(null);
  const save = useMutation(
    trpc.analytics.setRetention.mutationOptions({
      onSuccess: () => {
        toast.success(t("retentionSaved"));
        void queryClient.invalidateQueries({ queryKey: trpc.analytics.settings.queryKey({ workspaceSlug: slug }) });
      },
      onError: (error) => toast.error(describeError(error)),
    }),
  );
  const value = days ?? settings.data?.rawRetentionDays ?? 0;
  return (
    <section className="rounded-xl border border-slate-200 bg-white p-4">
      <h2 className="text-sm font-semibold text-slate-800">{t("retention")}</h2>
      <p className="mb-2 text-xs text-slate-600">{t("retentionHelp", { max: MAX_RAW_RETENTION_DAYS })}</p>
      <form
        className="flex items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ workspaceSlug: slug, days: value });
        }}
      >
        <input
          type="number"
          min={0}
          max={MAX_RAW_RETENTION_DAYS}
          value={value}
          aria-label={t("retention")}
          onChange={(e) => setDays(Math.max(0, Math.min(MAX_RAW_RETENTION_DAYS, Math.trunc(Number(e.target.value) || 0))))}
          className="w-24 rounded-lg border border-slate-300 px-3 py-1.5 text-sm"
        />
        <span className="text-sm text-slate-600">{t("retentionDays", { days: value })}</span>
        <Button type="submit" size="sm" busy={save.isPending}>
          {t("retentionSave")}
        </Button>
      </form>
    </section>
  );
}
