"use client";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ScrollText } from "lucide-react";
import { useFormatter, useTranslations } from "next-intl";
import { useState } from "react";
import { useTRPC } from "@/components/providers/trpc";
import { Alert } from "@/components/ui/Alert";
import { EmptyState } from "@/components/ui/EmptyState";
import { Spinner } from "@/components/ui/Spinner";
import { describeError } from "@/components/ui/errorMessage";
import { dayRange, downloadHref } from "./filters";
import { CsvDownloadLink, DayRangeFilter, FilterSelect, PagedTable } from "./ListControls";
import { SettingsSection } from "./SettingsSection";

const ACTION_GROUPS = ["member", "invitation", "token", "legal", "consent", "flow", "workspace"] as const;
const PAGE_SIZE = 50;

export function AuditLogPanel({ slug }: { slug: string }) {
  const t = useTranslations();
  const format = useFormatter();
  const trpc = useTRPC();
  const [action, setAction] = useState("");
  const [actorId, setActorId] = useState("");
  const [fromDay, setFromDay] = useState("");
  const [toDay, setToDay] = useState("");
  const [offset, setOffset] = useState(0);
  const range = dayRange(fromDay, toDay);
  const filter = { action: action || undefined, actorId: actorId || undefined, ...range };
  const actors = useQuery(trpc.audit.actors.queryOptions({ workspaceSlug: slug }));
  const list = useQuery({ ...trpc.audit.list.queryOptions({ workspaceSlug: slug, ...filter, offset }), placeholderData: keepPreviousData });
  const changeFilter = (apply: () => void) => {
    apply();
    setOffset(0);
  };

  return (
    <SettingsSection
      title={t("audit.title")}
      description={t("audit.text")}
      actions={<CsvDownloadLink href={downloadHref(`/api/workspaces/${slug}/audit.csv`, filter)}>{t("audit.download")}</CsvDownloadLink>}
    >
      <div className="mb-4 flex flex-wrap gap-3">
        <FilterSelect
          label={t("audit.filterAction")}
          allLabel={t("audit.allActions")}
          value={action}
          onChange={(value) => changeFilter(() => setAction(value))}
          options={ACTION_GROUPS.map((group) => ({ value: group, label: t(`audit.groups.${group}`) }))}
        />
        <FilterSelect
          label={t("audit.filterActor")}
          allLabel={t("audit.allActors")}
          value={actorId}
          onChange={(value) => changeFilter(() => setActorId(value))}
          options={(actors.data ?? []).map((actor) => ({ value: actor.id, label: actor.name }))}
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
      ) : list.data.entries.length === 0 ? (
        <EmptyState icon={<ScrollText className="size-8" aria-hidden />} title={t("audit.emptyTitle")} text={t("audit.emptyText")} />
      ) : (
        <PagedTable
          testId="audit-table"
          headings={[t("audit.when"), t("audit.who"), t("audit.what"), t("audit.details")]}
          offset={offset}
          pageSize={PAGE_SIZE}
          hasMore={list.data.hasMore}
          onOffset={setOffset}
        >
          {list.data.entries.map((entry) => (
            <tr key={entry.id} className="align-top">
              <td className="whitespace-nowrap py-2 pr-4 text-slate-600">
                {format.dateTime(entry.createdAt, { dateStyle: "medium", timeStyle: "short" })}
              </td>
              <td className="py-2 pr-4 text-slate-900">{entry.actorName ?? t("audit.unknownActor")}</td>
              <td className="py-2 pr-4 text-slate-900">{actionLabel(entry.action, t)}</td>
              <td className="py-2 text-xs text-slate-600">
                <ChangeSummary before={entry.before} after={entry.after} />
              </td>
            </tr>
          ))}
        </PagedTable>
      )}
    </SettingsSection>
  );
}

type Translate = ReturnType<typeof useTranslations>;

/** "member.role" → the sentence under audit.actions.member_role; unknown actions show as they are. */
function actionLabel(action: string, t: Translate): string {
  const key = `audit.actions.${action.replace(/\./g, "_")}`;
  return t.has(key) ? t(key) : action;
}

type Format = ReturnType<typeof useFormatter>;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/** A field of a change in words: its name from the catalogue, the stored key only when none is known. */
function fieldName(key: string, t: Translate): string {
  return t.has(`audit.fields.${key}`) ? t(`audit.fields.${key}` as "audit.fields.name") : key;
}

/** A changed value in words: roles and scopes by name, dates in the reader's locale, lists and filters spelled out. */
function show(key: string, value: unknown, t: Translate, format: Format): string {
  let text: string;
  if (key === "role" && typeof value === "string" && t.has(`roles.${value}`)) text = t(`roles.${value}` as "roles.owner");
  else if (value instanceof Date || (typeof value === "string" && ISO_DATE.test(value)))
    text = format.dateTime(new Date(value as string | Date), { dateStyle: "medium", timeStyle: "short" });
  else if (typeof value === "string") text = value === "" ? t("audit.values.empty") : value;
  else if (typeof value === "boolean") text = t(value ? "audit.values.yes" : "audit.values.no");
  else if (typeof value === "number") text = format.number(value);
  else if (value === null || value === undefined) text = t("audit.values.empty");
  else if (Array.isArray(value)) {
    const items = value.map((item) =>
      typeof item === "object" && item !== null && "name" in item
        ? String((item as { name: unknown }).name)
        : key === "scopes" && typeof item === "string" && t.has(`tokens.scopeNames.${item}`)
          ? t(`tokens.scopeNames.${item}` as "tokens.scopeNames.exports_read")
          : show(key, item, t, format),
    );
    text = items.length === 0 ? t("audit.values.none") : items.join(", ");
  } else {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    text =
      entries.length === 0 ? t("audit.values.none") : entries.map(([k, v]) => `${fieldName(k, t)}: ${show(k, v, t, format)}`).join(", ");
  }
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}

/** Before and after as "field: old → new" lines, only for what changed. */
function ChangeSummary({ before, after }: { before: unknown; after: unknown }) {
  const t = useTranslations();
  const format = useFormatter();
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
  const lines = keys.flatMap((key) => {
    const had = key in b;
    const has = key in a;
    if (had && has)
      return JSON.stringify(b[key]) === JSON.stringify(a[key])
        ? []
        : [`${fieldName(key, t)}: ${show(key, b[key], t, format)} → ${show(key, a[key], t, format)}`];
    return [`${fieldName(key, t)}: ${show(key, had ? b[key] : a[key], t, format)}`];
  });
  return (
    <ul>
      {lines.map((line) => (
        <li key={line} className="break-all">
          {line}
        </li>
      ))}
    </ul>
  );
}
