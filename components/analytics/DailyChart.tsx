"use client";
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { SMALL_COUNT, type ShownCount } from "@/core/domain/analytics";

/**
 * Conversations per day as bars (Recharts, loaded on demand). A day below 5 is drawn
 * as an empty bar labelled "< 5": the chart never shows a number the tables hide.
 */
export default function DailyChart({ data, label }: { data: { day: string; conversations: ShownCount }[]; label: string }) {
  const rows = data.map((row) => ({
    day: row.day,
    value: typeof row.conversations === "number" ? row.conversations : 0,
    shown: String(row.conversations),
  }));
  return (
    <div className="h-56 w-full" data-testid="analytics-daily-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} width={36} />
          <Tooltip
            formatter={(_value, _name, item) => [(item.payload as { shown: string }).shown ?? SMALL_COUNT, label]}
            labelFormatter={(day) => String(day)}
          />
          <Bar dataKey="value" name={label} fill="#6366f1" radius={[3, 3, 0, 0]} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
