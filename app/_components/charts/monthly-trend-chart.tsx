'use client';

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

export interface TrendPoint {
  period: string;
  value: number | null;
}

/** One figure by month; months without a value leave a gap rather than a false zero. */
export function MonthlyTrendChart({
  points,
  label,
  unit,
  testId,
}: {
  points: TrendPoint[];
  label: string;
  unit: string;
  testId?: string;
}) {
  return (
    <div className="chart chart-small" role="img" aria-label={label} data-testid={testId}>
      <ResponsiveContainer width="100%" height={150}>
        <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid vertical={false} stroke="#e6e8ee" />
          <XAxis
            dataKey="period"
            tickFormatter={(p: string) => p.slice(2)}
            tickLine={false}
            axisLine={{ stroke: '#d5d9e2' }}
            tick={{ fontSize: 11, fill: '#5b6475' }}
            minTickGap={12}
          />
          <YAxis tickLine={false} axisLine={false} tick={{ fontSize: 11, fill: '#5b6475' }} />
          <Tooltip
            formatter={(v) => [`${typeof v === 'number' ? Math.round(v * 10) / 10 : v} ${unit}`, label]}
          />
          <Line
            dataKey="value"
            stroke="#4f5bd5"
            strokeWidth={2}
            dot={{ r: 2 }}
            connectNulls={false}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
