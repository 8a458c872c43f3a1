"use client";
import { Download } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/Button";
import { selectClass } from "./filters";

/*
 * The pieces the audit log and the consent ledger share around their tables: filter
 * fields, the CSV link with the current filter, and paging by offset.
 */

const fieldClass = "flex flex-col gap-1 text-sm font-medium text-slate-700";

/** A labelled select whose first option ("all …", empty value) clears the filter. */
export function FilterSelect<T extends string>({
  label,
  allLabel,
  value,
  onChange,
  options,
}: {
  label: string;
  allLabel: string;
  value: T | "";
  onChange: (value: T | "") => void;
  options: readonly { value: T; label: string }[];
}) {
  return (
    <label className={fieldClass}>
      {label}
      <select className={selectClass} value={value} onChange={(e) => onChange(e.target.value as T | "")}>
        <option value="">{allLabel}</option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** "From" and "to" day inputs (days in the person's time zone; see `dayRange`). */
export function DayRangeFilter({
  fromDay,
  toDay,
  onFromDay,
  onToDay,
}: {
  fromDay: string;
  toDay: string;
  onFromDay: (day: string) => void;
  onToDay: (day: string) => void;
}) {
  const t = useTranslations();
  return (
    <>
      <label className={fieldClass}>
        {t("settings.fromDate")}
        <input type="date" className={selectClass} value={fromDay} onChange={(e) => onFromDay(e.target.value)} />
      </label>
      <label className={fieldClass}>
        {t("settings.toDate")}
        <input type="date" className={selectClass} value={toDay} onChange={(e) => onToDay(e.target.value)} />
      </label>
    </>
  );
}

/** The CSV download link, styled as a secondary button. */
export function CsvDownloadLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <a
      href={href}
      download
      className="inline-flex items-center gap-2 rounded-lg bg-white px-3 py-1.5 text-sm font-medium text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
    >
      <Download className="size-4" aria-hidden />
      {children}
    </a>
  );
}

/** Previous / next page by offset. */
export function Pager({ offset, pageSize, hasMore, onOffset }: { offset: number; pageSize: number; hasMore: boolean; onOffset: (offset: number) => void }) {
  const t = useTranslations();
  return (
    <div className="mt-4 flex justify-end gap-2">
      <Button variant="secondary" size="sm" disabled={offset === 0} onClick={() => onOffset(Math.max(0, offset - pageSize))}>
        {t("settings.previousPage")}
      </Button>
      <Button variant="secondary" size="sm" disabled={!hasMore} onClick={() => onOffset(offset + pageSize)}>
        {t("settings.nextPage")}
      </Button>
    </div>
  );
}
