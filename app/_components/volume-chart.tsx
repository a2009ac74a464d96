'use client';

import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCalendarDate } from './format';

export interface VolumeWeek {
  weekStart: string;
  tickets: number;
  partial: boolean;
}

const BAR = '#4f5bd5';
const BAR_PARTIAL = '#c3c8f0';

function WeekTooltip({
  active,
  payload,
}: {
  active?: boolean;
  payload?: ReadonlyArray<{ payload?: VolumeWeek }>;
}) {
  const week = payload?.[0]?.payload;
  if (!active || !week) return null;
  return (
    <div className="chart-tooltip">
      <strong>Week of {formatCalendarDate(week.weekStart, true)}</strong>
      <span>
        {week.tickets} {week.tickets === 1 ? 'ticket' : 'tickets'}
        {week.partial ? ' (part of the week)' : ''}
      </span>
    </div>
  );
}

/** Weekly created-ticket bars; takes plain rows so the server decides every number. */
export function VolumeChart({ weeks }: { weeks: VolumeWeek[] }) {
  const first = weeks[0];
  const last = weeks[weeks.length - 1];
  const label =
    first && last
      ? `Tickets created per week from ${formatCalendarDate(first.weekStart, true)} to ${formatCalendarDate(last.weekStart, true)}`
      : 'Tickets created per week';
  return (
    <div className="chart" role="img" aria-label={label} data-testid="volume-chart">
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={weeks} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} barCategoryGap="18%">
          <CartesianGrid vertical={false} stroke="#e6e8ee" />
          <XAxis
            dataKey="weekStart"
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
          <Bar dataKey="tickets" radius={[3, 3, 0, 0]} isAnimationActive={false}>
            {weeks.map((w) => (
              <Cell key={w.weekStart} fill={w.partial ? BAR_PARTIAL : BAR} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
