'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCalendarDate } from '../format';

export interface ThroughputWeek {
  period: string;
  count: number;
}

function WeekTooltip({
  active,
  payload,
}: {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: ThroughputWeek }>;
}) {
  const week = payload?.[0]?.payload;
  if (!active || !week) return null;
  return (
    <div className="chart-tooltip">
      <strong>Week of {formatCalendarDate(week.period, true)}</strong>
      <span>
        {week.count} first {week.count === 1 ? 'resolution' : 'resolutions'}
      </span>
    </div>
  );
}

/** First resolutions per week; empty weeks arrive as zero rows and show as gaps at the baseline. */
export function ThroughputChart({ weeks, label }: { weeks: ThroughputWeek[]; label: string }) {
  return (
    <div className="chart" role="img" aria-label={label} data-testid="throughput-chart">
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={weeks} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} barCategoryGap="18%">
          <CartesianGrid vertical={false} stroke="#e6e8ee" />
          <XAxis
            dataKey="period"
            tickFormatter={(value: string) => formatCalendarDate(value)}
            tickLine={false}
            axisLine={{ stroke: '#d5d9e2' }}
            tick={{ fontSize: 12, fill: '#5b6475' }}
            minTickGap={24}
          />
          <YAxis
            allowDecimals={false}
            tickLine={false}
            axisLine={false}
            tick={{ fontSize: 12, fill: '#5b6475' }}
          />
          <Tooltip cursor={{ fill: 'rgba(79, 91, 213, 0.08)' }} content={<WeekTooltip />} />
          <Bar dataKey="count" fill="#4f5bd5" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
