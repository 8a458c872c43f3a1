/** Periods offered in the analytics filters: the last N UTC days, or everything. */
export const PERIODS = ["last7", "last30", "last90", "allTime"] as const;
export type Period = (typeof PERIODS)[number];

const DAYS: Record<Period, number | null> = { last7: 7, last30: 30, last90: 90, allTime: null };

/** The inclusive UTC day range of a period, as the analytics procedures take it. */
export function periodRange(period: Period, now = Date.now()): { from?: string; to?: string } {
  const days = DAYS[period];
  if (days === null) return {};
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(now - (days - 1) * 86_400_000), to: day(now) };
}
