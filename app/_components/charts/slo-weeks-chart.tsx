'use client';

import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatCalendarDate, formatPercent } from '../format';

export interface SloWeek {
  /** Monday of the week, YYYY-MM-DD. */
  period: string;
  assessed: number;
  breaches: number;
  /** null when nothing was assessed that week. */
  attainment: number | null;
  /** Share of the window's error budget spent by the end of the week; null when the window allows none. */
  budgetConsumedToDate: number | null;
}

function WeekTooltip({
  active,
  payload,
}: {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: SloWeek }>;
}) {
  const week = payload?.[0]?.payload;
  if (!active || !week) return null;
  return (
    <div className="chart-tooltip">
      <strong>Week of {formatCalendarDate(week.period, true)}</strong>
      <span>
        {week.assessed === 0
          ? 'no assessed cycles'
          : `${formatPercent(week.attainment, 1)} met · ${week.breaches} of ${week.assessed} breached`}
      </span>
      <span>budget spent to date: {formatPercent(week.budgetConsumedToDate)}</span>
    </div>
  );
}

/** Weekly attainment (bars, left axis) against the target, and the error budget spent so far (line, right). */
export function SloWeeksChart({ weeks, target, label }: { weeks: SloWeek[]; target: number; label: string }) {
  const maxBurn = Math.max(1, ...weeks.map((w) => w.budgetConsumedToDate ?? 0));
  return (
    <div className="chart" role="img" aria-label={label} data-testid="slo-weeks-chart">
      <ResponsiveContainer width="100%" height={220}>
        <ComposedChart data={weeks} margin={{ top: 8, right: 0, bottom: 0, left: -8 }} barCategoryGap="18%">
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
            yAxisId="attainment"
            domain={[0, 1]}
            tickFormatter={(s: number) => formatPercent(s)}
            tickLine={false}
            axisLine={false}
            tick={{ fontSize: 12, fill: '#5b6475' }}
            width={48}
          />
          <YAxis
            yAxisId="budget"
            orientation="right"
            domain={[0, Math.ceil(maxBurn)]}
            tickFormatter={(s: number) => formatPercent(s)}
            tickLine={false}
            axisLine={false}
            tick={{ fontSize: 12, fill: '#b4562a' }}
            width={52}
          />
          <Tooltip cursor={{ fill: 'rgba(79, 91, 213, 0.08)' }} content={<WeekTooltip />} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine
            yAxisId="attainment"
            y={target}
            stroke="#2f8f5b"
            strokeDasharray="4 3"
            label={{
              value: `target ${formatPercent(target, 1)}`,
              position: 'insideTopLeft',
              fontSize: 11,
              fill: '#2f8f5b',
            }}
          />
          <Bar
            yAxisId="attainment"
            dataKey="attainment"
            name="Attainment (week)"
            fill="#4f5bd5"
            radius={[3, 3, 0, 0]}
            isAnimationActive={false}
          />
          <Line
            yAxisId="budget"
            dataKey="budgetConsumedToDate"
            name="Error budget spent to date"
            type="monotone"
            stroke="#b4562a"
            strokeWidth={2}
            dot={false}
            connectNulls
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
