'use client';

import {
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Scatter,
  ScatterChart,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatHours } from '../format';

export interface ScatterPointInput {
  key: string;
  /** Epoch milliseconds. */
  x: number;
  /** Hours. */
  y: number;
}

export interface PercentileLines {
  p50: number | null;
  p85: number | null;
  p95: number | null;
}

// A log axis cannot show 0; such points sit on the floor, and the tooltip still says the true value.
const LOG_FLOOR_HOURS = 0.01;
const LINE_COLORS = { p50: '#2f9e6e', p85: '#d98b1f', p95: '#c2410c' } as const;

function dateLabel(ms: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone, day: 'numeric', month: 'short' }).format(new Date(ms));
}

function PointTooltip({
  active,
  payload,
  timeZone,
}: {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: ScatterPointInput & { hours: number } }>;
  timeZone: string;
}) {
  const point = payload?.[0]?.payload;
  if (!active || !point) return null;
  return (
    <div className="chart-tooltip">
      <strong>{point.key}</strong>
      <span>
        {formatHours(point.hours)} · resolved {dateLabel(point.x, timeZone)}
      </span>
    </div>
  );
}

/** Lead time per resolved ticket against its resolution date, with the percentile lines of the whole cohort. */
export function LeadTimeScatter({
  points,
  lines,
  scale,
  timeZone,
  label,
}: {
  points: ScatterPointInput[];
  lines: PercentileLines;
  scale: 'linear' | 'log';
  timeZone: string;
  label: string;
}) {
  // Log axis: from a little under the smallest positive value to a little over the largest.
  const positive = points.map((p) => p.y).filter((y) => y > 0);
  const floor = Math.max(LOG_FLOOR_HOURS, positive.length > 0 ? Math.min(...positive) / 2 : LOG_FLOOR_HOURS);
  const ceiling = Math.max(floor * 10, ...points.map((p) => p.y * 1.5), (lines.p95 ?? 0) * 1.5);
  const data = points.map((p) => ({ ...p, hours: p.y, y: scale === 'log' ? Math.max(floor, p.y) : p.y }));
  return (
    <div className="chart" role="img" aria-label={label} data-testid="lead-time-scatter">
      <ResponsiveContainer width="100%" height={300}>
        <ScatterChart margin={{ top: 12, right: 16, bottom: 0, left: -4 }}>
          <CartesianGrid stroke="#e6e8ee" />
          <XAxis
            type="number"
            dataKey="x"
            domain={['dataMin', 'dataMax']}
            scale="time"
            tickFormatter={(ms: number) => dateLabel(ms, timeZone)}
            tick={{ fontSize: 12, fill: '#5b6475' }}
            tickLine={false}
            minTickGap={32}
          />
          <YAxis
            type="number"
            dataKey="y"
            scale={scale === 'log' ? 'log' : 'linear'}
            domain={scale === 'log' ? [floor, ceiling] : [0, 'auto']}
            allowDataOverflow={scale === 'log'}
            tickFormatter={(h: number) => formatHours(h)}
            tick={{ fontSize: 12, fill: '#5b6475' }}
            tickLine={false}
            width={64}
          />
          <Tooltip content={<PointTooltip timeZone={timeZone} />} cursor={{ strokeDasharray: '3 3' }} />
          <Scatter data={data} fill="#4f5bd5" fillOpacity={0.45} isAnimationActive={false} shape="circle" />
          {(['p50', 'p85', 'p95'] as const).map((name) => {
            const value = lines[name];
            if (value === null) return null;
            return (
              <ReferenceLine
                key={name}
                y={scale === 'log' ? Math.max(floor, value) : value}
                stroke={LINE_COLORS[name]}
                strokeDasharray="5 4"
                strokeWidth={1.5}
              />
            );
          })}
        </ScatterChart>
      </ResponsiveContainer>
      <ul className="line-legend">
        {(['p50', 'p85', 'p95'] as const).map((name) => (
          <li key={name}>
            <span className="line-swatch" style={{ borderColor: LINE_COLORS[name] }} /> {name}{' '}
            {formatHours(lines[name])}
          </li>
        ))}
      </ul>
    </div>
  );
}
