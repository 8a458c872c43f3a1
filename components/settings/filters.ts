/*
 * Helpers shared by the audit log and the consent ledger pages: date inputs give
 * days in the person's time zone; the server filters on instants.
 */

/** The start of `fromDay` and the start of the day after `toDay` (exclusive), as dates. */
export function dayRange(fromDay: string, toDay: string): { from?: Date; to?: Date } {
  const from = fromDay ? new Date(`${fromDay}T00:00:00`) : undefined;
  let to: Date | undefined;
  if (toDay) {
    to = new Date(`${toDay}T00:00:00`);
    to.setDate(to.getDate() + 1);
  }
  return { from, to };
}

/** A download link with the filter as query parameters (dates as ISO instants). */
export function downloadHref(base: string, filter: Record<string, string | Date | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) {
    if (value instanceof Date) params.set(key, value.toISOString());
    else if (value) params.set(key, value);
  }
  const query = params.toString();
  return query ? `${base}?${query}` : base;
}

export const selectClass =
  "rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-brand-500 focus:ring-2 focus:ring-brand-100";
