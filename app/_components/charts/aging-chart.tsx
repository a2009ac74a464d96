'use client';

import {
  CartesianGrid,
  Cell,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatHours } from '../format';
import type { PercentileLines } from './lead-time-scatter';

export interface AgingPointInput {
  key: string;
  status: string;
  category: string;
  ageHours: number;
}

const CATEGORIES = ['triage', 'queue', 'active', 'waiting'] as const;
const LOG_FLOOR_HOURS = 0.1;

// A stable horizontal spread inside each column, so tickets of one category do not sit on one line.
function jitter(key: string): number {
  let hash = 0;
  for (const ch of key) hash = (hash * 31 + ch.charCodeAt(0)) | 0;
  return ((Math.abs(hash) % 1000) / 1000 - 0.5) * 0.6;
}

function colourFor(age: number, lines: PercentileLines): string {
  if (lines.p85 !== null && age > lines.p85) return '#c2410c';
  if (lines.p50 !== null && age > lines.p50) return '#d98b1f';
  return '#2f9e6e';
}

function AgingTooltip({
  active,
  payload,
}: {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: AgingPointInput }>;
}) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <strong>{point.key}</strong>
      <span>
        {point.status} · open for {formatHours(point.ageHours)}
      </span>
    </div>
  );
}

/** Age of each open ticket by its current category, against the lead-time percentiles of resolved tickets. */
export function AgingChart({
  points,
  lines,
  label,
}: {
  points: AgingPointInput[];
  lines: PercentileLines;
  label: string;
}) {
  // The axis starts a little under the youngest ticket or the p50 line, whichever is lower.
  const lowest = Math.min(...points.map((p) => p.ageHours), lines.p50 ?? Number.POSITIVE_INFINITY);
  const floor = Math.max(LOG_FLOOR_HOURS, Number.isFinite(lowest) ? lowest / 2 : LOG_FLOOR_HOURS);
  const highest = Math.max(...points.map((p) => p.ageHours), lines.p95 ?? 0);
  const ceiling = Math.max(floor * 10, highest * 1.5);
  const data = points.map((p) => ({
    ...p,
    x: Math.max(0, CATEGORIES.indexOf(p.category as (typeof CATEGORIES)[number])) + jitter(p.key),
    y: Math.max(floor, p.ageHours),
  }));
  return (
    <div className="chart" role="img" aria-label={label} data-testid="aging-chart">
      <ResponsiveContainer width="100%" height={300}>
        <ScatterChart margin={{ top: 12, right: 84, bottom: 0, left: -4 }}>
          <CartesianGrid stroke="#e6e8ee" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[-0.5, CATEGORIES.length - 0.5]}
            ticks={CATEGORIES.map((_, i) => i)}
            tickFormatter={(i: number) => CATEGORIES[i] ?? ''}
            tick={{ fontSize: 12, fill: '#5b6475' }}
            tickLine={false}
          />
          <YAxis
            type="number"
            dataKey="y"
            scale="log"
            domain={[floor, ceiling]}
            allowDataOverflow
            tickFormatter={(h: number) => formatHours(h)}
            tick={{ fontSize: 12, fill: '#5b6475' }}
            tickLine={false}
            width={64}
          />
          <Tooltip content={<AgingTooltip />} cursor={false} />
          <Scatter data={data} isAnimationActive={false} fillOpacity={0.7}>
            {data.map((p) => (
              <Cell key={p.key} fill={colourFor(p.ageHours, lines)} />
            ))}
          </Scatter>
          {(['p50', 'p85', 'p95'] as const).map((name) => {
            const value = lines[name];
            if (value === null) return null;
            return (
              <ReferenceLine
                key={name}
                y={Math.max(floor, value)}
                stroke="#8a93a6"
                strokeDasharray="5 4"
                label={{
                  value: `${name} ${formatHours(value)}`,
                  position: 'right',
                  fontSize: 11,
                  fill: '#5b6475',
                }}
              />
            );
          })}
        </ScatterChart>
      </ResponsiveContainer>
    </div>
  );
}
