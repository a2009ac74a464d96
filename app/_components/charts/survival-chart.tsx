'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatHours, formatPercent } from '../format';

export interface SurvivalPoint {
  hours: number;
  /** Share still open just after `hours`. */
  share: number;
}

/** Share of tickets not yet resolved by age: Kaplan–Meier (open tickets counted) against completed only. */
export function SurvivalChart({
  kaplanMeier,
  completedOnly,
  label,
}: {
  kaplanMeier: SurvivalPoint[];
  completedOnly: SurvivalPoint[];
  label: string;
}) {
  return (
    <div className="chart" role="img" aria-label={label} data-testid="survival-chart">
      <ResponsiveContainer width="100%" height={240}>
        <LineChart margin={{ top: 8, right: 16, bottom: 0, left: -8 }}>
          <CartesianGrid stroke="#e6e8ee" />
          <XAxis
            type="number"
            dataKey="hours"
            scale="log"
            domain={['dataMin', 'dataMax']}
            allowDataOverflow
            tickFormatter={(h: number) => formatHours(h)}
            tick={{ fontSize: 12, fill: '#5b6475' }}
            tickLine={false}
          />
          <YAxis
            type="number"
            domain={[0, 1]}
            tickFormatter={(s: number) => formatPercent(s)}
            tick={{ fontSize: 12, fill: '#5b6475' }}
            tickLine={false}
            width={48}
          />
          <Tooltip
            formatter={(value) => formatPercent(Number(value), 1)}
            labelFormatter={(h) => `after ${formatHours(Number(h))}`}
          />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Line
            data={kaplanMeier}
            dataKey="share"
            name="Kaplan–Meier (open counted)"
            type="stepAfter"
            stroke="#4f5bd5"
            dot={false}
            strokeWidth={2}
            isAnimationActive={false}
          />
          <Line
            data={completedOnly}
            dataKey="share"
            name="Completed only"
            type="stepAfter"
            stroke="#d98b1f"
            strokeDasharray="5 4"
            dot={false}
            strokeWidth={1.5}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
