"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import clsx from "clsx";
import { Eraser, FileDown, ShieldCheck } from "lucide-react";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { Button } from "@/components/ui/Button";
import { EmptyState } from "@/components/ui/EmptyState";
import { Spinner } from "@/components/ui/Spinner";
import { TextField } from "@/components/ui/TextField";
import { describeError } from "@/components/ui/errorMessage";
import { CONSENT_OUTCOMES, type ConsentOutcome } from "@/core/domain/consent";
import { dayRange, downloadHref } from "./filters";
import { CsvDownloadLink, DayRangeFilter, FilterSelect, PagedTable } from "./ListControls";
import { Dialog } from "@/components/ui/Dialog";
import { SettingsSection } from "./SettingsSection";

const PAGE_SIZE = 50;

const OUTCOME_STYLE: Record<ConsentOutcome, string> = {
  accept: "bg-emerald-50 text-emerald-800",
  decline: "bg-amber-50 text-amber-800",
  withdraw: "bg-slate-100 text-slate-700",
  object: "bg-slate-100 text-slate-700",
};

export function ConsentLedgerPanel({ slug }: { slug: string }) {
  return (
    <div className="flex flex-col gap-6">
      <LedgerSection slug={slug} />
      <EraseSection slug={slug} />
    </div>
  );
}

function LedgerSection({ slug }: { slug: string }) {
  const t = useTranslations();
  const format = useFormatter();
  const trpc = useTRPC();
  const [flowId, setFlowId] = useState("");
  const [purpose, setPurpose] = useState("");
  const [outcome, setOutcome] = useState<ConsentOutcome | "">("");
  const [fromDay, setFromDay] = useState("");
  const [toDay, setToDay] = useState("");
  const [offset, setOffset] = useState(0);
  const filter = { flowId: flowId || undefined, purpose: purpose || undefined, outcome: outcome || undefined, ...dayRange(fromDay, toDay) };
  const facets = useQuery(trpc.consent.facets.queryOptions({ workspaceSlug: slug }));
  // One name per thing: purposes as the flows name them, channels as the editor does.
  const purposeName = (id: string) => facets.data?.purposeLabels[id] ?? id;
  const channelName = (channel: string) =>
    t.has(`editor.channels.${channel}`) ? t(`editor.channels.${channel}` as "editor.channels.whatsapp") : channel;
  const verify = useMutation(trpc.consent.verify.mutationOptions());
  const list = useQuery({
    ...trpc.consent.list.queryOptions({ workspaceSlug: slug, ...filter, offset }),
    placeholderData: keepPreviousData,
  });
  const changeFilter = (apply: () => void) => {
    apply();
    setOffset(0);
  };

  return (
    <SettingsSection
      title={t("consent.title")}
      description={t("consent.text")}
      actions={
        <div className="flex flex-wrap items-center gap-2">
          <Button
            variant="secondary"
            busy={verify.isPending}
            onClick={() => verify.mutate({ workspaceSlug: slug })}
            data-testid="consent-verify"
          >
            <ShieldCheck className="size-4" aria-hidden />
            {t("consent.verify")}
          </Button>
          <CsvDownloadLink href={downloadHref(`/api/workspaces/${slug}/consent.csv`, filter)}>{t("consent.download")}</CsvDownloadLink>
        </div>
      }
    >
      {verify.data && (
        <div className="mb-4" data-testid="consent-verify-result">
          {verify.data.ok ? (
            <Alert tone="success">{t("consent.verifyOk", { rows: verify.data.rows })}</Alert>
          ) : (
            <Alert>{t("consent.verifyBroken", { seq: verify.data.broken.seq, reason: verify.data.broken.reason })}</Alert>
          )}
        </div>
      )}
      {verify.isError && (
        <div className="mb-4">
          <Alert>{describeError(verify.error, t)}</Alert>
        </div>
      )}
      <div className="mb-4 flex flex-wrap gap-3">
        <FilterSelect
          label={t("consent.filterFlow")}
          allLabel={t("consent.allFlows")}
          value={flowId}
          onChange={(value) => changeFilter(() => setFlowId(value))}
          options={(facets.data?.flows ?? []).map((flow) => ({ value: flow.id, label: flow.name ?? flow.id }))}
        />
        <FilterSelect
          label={t("consent.filterPurpose")}
          allLabel={t("consent.allPurposes")}
          value={purpose}
          onChange={(value) => changeFilter(() => setPurpose(value))}
          options={(facets.data?.purposes ?? []).map((p) => ({ value: p, label: purposeName(p) }))}
        />
        <FilterSelect
          label={t("consent.filterOutcome")}
          allLabel={t("consent.allOutcomes")}
          value={outcome}
          onChange={(value) => changeFilter(() => setOutcome(value))}
          options={CONSENT_OUTCOMES.map((o) => ({ value: o, label: t(`consent.outcomes.${o}`) }))}
        />
        <DayRangeFilter
          fromDay={fromDay}
          toDay={toDay}
          onFromDay={(day) => changeFilter(() => setFromDay(day))}
          onToDay={(day) => changeFilter(() => setToDay(day))}
        />
      </div>

      {list.isPending ? (
        <Spinner label={t("common.loading")} />
      ) : list.isError ? (
        <Alert>{describeError(list.error, t)}</Alert>
      ) : list.data.events.length === 0 ? (
        <EmptyState icon={<ShieldCheck className="size-8" aria-hidden />} title={t("consent.emptyTitle")} text={t("consent.emptyText")} />
      ) : (
        <PagedTable
          testId="consent-table"
          headings={[
            t("consent.when"),
            t("consent.flow"),
            t("consent.subject"),
            t("consent.channel"),
            t("consent.purpose"),
            t("consent.outcome"),
          ]}
          offset={offset}
          pageSize={PAGE_SIZE}
          hasMore={list.data.hasMore}
          onOffset={setOffset}
        >
          {list.data.events.map((event) => (
            <tr key={event.eventId}>
              <td className="whitespace-nowrap py-2 pr-4 text-slate-600">
                {format.dateTime(event.occurredAt, { dateStyle: "medium", timeStyle: "short" })}
              </td>
              <td className="py-2 pr-4 text-slate-900">
                {event.flowName ?? event.flowId}{" "}
                <span className="text-xs text-slate-500">{t("consent.version", { version: event.flowVersion })}</span>
              </td>
              <td className="py-2 pr-4 font-mono text-xs text-slate-700" title={event.pseudonym}>
                {event.subject ?? <span className="italic text-slate-500">{t("consent.erasedSubject")}</span>}
              </td>
              <td className="py-2 pr-4 text-slate-700">{channelName(event.channel)}</td>
              <td className="py-2 pr-4 text-slate-700">{purposeName(event.purpose)}</td>
              <td className="py-2">
                <span className={clsx("rounded-full px-2 py-0.5 text-xs font-medium", OUTCOME_STYLE[event.outcome])}>
                  {t(`consent.outcomes.${event.outcome}`)}
                </span>
              </td>
            </tr>
          ))}
        </PagedTable>
      )}
    </SettingsSection>
  );
}

function EraseSection({ slug }: { slug: string }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [subject, setSubject] = useState("");
  const [confirming, setConfirming] = useState<string | null>(null);
  const [done, setDone] = useState<{ subject: string; erased: number } | null>(null);
  const erase = useMutation(trpc.consent.erase.mutationOptions());
  const proof = useMutation(trpc.consent.proof.mutationOptions());
  const locale = useLocale();
  const preview = useQuery({
    ...trpc.consent.list.queryOptions({ workspaceSlug: slug, subject: confirming ?? "-", offset: 0 }),
    enabled: confirming !== null,
  });
  const found = preview.data ? `${preview.data.events.length}${preview.data.hasMore ? "+" : ""}` : null;

  return (
    <SettingsSection title={t("consent.eraseTitle")} description={t("consent.eraseText")}>
      <form
        noValidate
        className="flex flex-col gap-3 sm:flex-row sm:items-start"
        onSubmit={(event) => {
          event.preventDefault();
          if (subject.trim()) setConfirming(subject.trim());
        }}
      >
        <TextField
          className="flex-1"
          label={t("consent.subjectLabel")}
          hint={t("consent.subjectHint")}
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
        />
        <Button
          variant="secondary"
          className="sm:mt-6"
          disabled={!subject.trim()}
          busy={proof.isPending}
          title={t("consent.proofHint")}
          onClick={async () => {
            const result = await proof.mutateAsync({ workspaceSlug: slug, subject: subject.trim(), locale: locale === "en" ? "en" : "de" });
            const url = URL.createObjectURL(new Blob([result.html], { type: "text/html" }));
            const link = document.createElement("a");
            link.href = url;
            link.download = "consent-proof.html";
            link.click();
            URL.revokeObjectURL(url);
          }}
        >
          <FileDown className="size-4" aria-hidden />
          {t("consent.proof")}
        </Button>
        <Button type="submit" variant="danger" className="sm:mt-6" disabled={!subject.trim()}>
          <Eraser className="size-4" aria-hidden />
          {t("consent.erase")}
        </Button>
      </form>
      {proof.isError && (
        <div className="mt-3">
          <Alert>{describeError(proof.error, t)}</Alert>
        </div>
      )}
      {done && (
        <div className="mt-3">
          <Alert tone="success">{t("consent.erased", { count: done.erased, subject: done.subject })}</Alert>
        </div>
      )}

      <Dialog open={confirming !== null} onClose={() => setConfirming(null)} title={t("consent.eraseConfirmTitle")}>
        <p className="text-sm text-slate-700">{t("consent.eraseConfirmText", { subject: confirming ?? "" })}</p>
        <p className="mt-2 text-sm font-medium text-slate-900">
          {found === null ? t("common.loading") : t("consent.eraseFound", { count: found })}
        </p>
        {erase.isError && (
          <div className="mt-3">
            <Alert>{describeError(erase.error, t)}</Alert>
          </div>
        )}
        <div className="mt-6 flex justify-end gap-2">
          <Button variant="secondary" onClick={() => setConfirming(null)}>
            {t("common.cancel")}
          </Button>
          <Button
            variant="danger"
            busy={erase.isPending}
            onClick={async () => {
              if (!confirming) return;
              try {
                const result = await erase.mutateAsync({ workspaceSlug: slug, subject: confirming });
                setDone({ subject: confirming, erased: result.erased });
                setConfirming(null);
                setSubject("");
                await queryClient.invalidateQueries({ queryKey: trpc.consent.pathKey() });
              } catch {
                // Shown in the dialog.
              }
            }}
          >
            {t("consent.eraseConfirm")}
          </Button>
        </div>
      </Dialog>
    </SettingsSection>
  );
}
