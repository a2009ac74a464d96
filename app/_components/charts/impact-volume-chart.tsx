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

export interface ImpactMonth {
  period: string;
  tickets: number;
  runs: number;
}

/** Tickets of the replaced request type and self-service runs per month, the launch month marked. */
export function ImpactVolumeChart({
  months,
  launchPeriod,
  label,
}: {
  months: ImpactMonth[];
  launchPeriod: string;
  label: string;
}) {
  return (
    <div className="chart" role="img" aria-label={label} data-testid="impact-volume-chart">
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={months} margin={{ top: 16, right: 12, bottom: 0, left: -12 }}>
          <CartesianGrid vertical={false} stroke="#e6e8ee" />
          <XAxis
            dataKey="period"
            tickLine={false}
            axisLine={{ stroke: '#d5d9e2' }}
            tick={{ fontSize: 12, fill: '#5b6475' }}
          />
          <YAxis
            allowDecimals={false}
            tickLine={false}
            axisLine={false}
            tick={{ fontSize: 12, fill: '#5b6475' }}
          />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine
            x={launchPeriod}
            stroke="#d9480f"
            strokeDasharray="4 3"
            label={{ value: 'launch', position: 'top', fill: '#d9480f', fontSize: 12 }}
            data-testid="launch-marker"
          />
          <Bar
            dataKey="tickets"
            name="tickets filed"
            fill="#4f5bd5"
            radius={[3, 3, 0, 0]}
            isAnimationActive={false}
          />
          <Line
            dataKey="runs"
            name="self-service runs"
            stroke="#2f9e44"
            strokeWidth={2}
            dot={false}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
    </div>
  );
}
