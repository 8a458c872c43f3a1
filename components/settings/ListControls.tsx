"use client";
import { Download } from "lucide-react";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { Button } from "@/components/ui/Button";
import { selectClass } from "./filters";

/*
 * The pieces the audit log and the consent ledger share: filter fields, the CSV link
 * with the current filter, and a table paged by offset.
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

type Paging = { offset: number; pageSize: number; hasMore: boolean; onOffset: (offset: number) => void };

/** One page of a list as a table: the headings, the rows given as children, and previous / next below. */
export function PagedTable({
  testId,
  headings,
  children,
  ...paging
}: Paging & { testId: string; headings: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm" data-testid={testId}>
        <thead className="border-b border-slate-200 text-xs uppercase tracking-wide text-slate-500">
          <tr>
            {headings.map((heading, i) => (
              <th key={i} className={i < headings.length - 1 ? "py-2 pr-4 font-medium" : "py-2 font-medium"}>
                {heading}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
      <Pager {...paging} />
    </div>
  );
}

/** Previous / next page by offset. */
function Pager({ offset, pageSize, hasMore, onOffset }: Paging) {
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
