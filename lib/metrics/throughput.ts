import type { StatusCategory, StatusInterval } from '../domain/ticket';

export type Period = 'day' | 'week' | 'month';

export interface TimeWindow {
  from: Date;
  /** Exclusive. */
  to: Date;
}

export interface PeriodCount {
  /** Local date of the period's first day ("2025-03-03"), or "2025-03" for a month. */
  period: string;
  count: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const TERMINAL: ReadonlySet<StatusCategory> = new Set(['done', 'canceled']);

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** The calendar date of an instant in an IANA zone, independent of the host's zone. */
export function localDate(instant: Date, timeZone: string): CivilDate {
  const parts = formatterFor(timeZone).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: part('year'), month: part('month'), day: part('day') };
}

// Civil-date arithmetic on a day count, done in UTC so the host zone never leaks in.
function toDayNumber({ year, month, day }: CivilDate): number {
  return Date.UTC(year, month - 1, day) / DAY_MS;
}

function fromDayNumber(days: number): CivilDate {
  const d = new Date(days * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const formatDay = (d: CivilDate) => `${pad(d.year, 4)}-${pad(d.month)}-${pad(d.day)}`;

/** First local day of the period containing `date` (weeks start on Monday). */
function periodStart(date: CivilDate, period: Period): CivilDate {
  if (period === 'day') return date;
  if (period === 'month') return { ...date, day: 1 };
  const days = toDayNumber(date);
  const daysSinceMonday = (((days + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return fromDayNumber(days - daysSinceMonday);
}

function nextPeriodStart(start: CivilDate, period: Period): CivilDate {
  if (period === 'day') return fromDayNumber(toDayNumber(start) + 1);
  if (period === 'week') return fromDayNumber(toDayNumber(start) + 7);
  return start.month === 12
    ? { year: start.year + 1, month: 1, day: 1 }
    : { ...start, month: start.month + 1 };
}

function label(start: CivilDate, period: Period): string {
  return period === 'month' ? `${pad(start.year, 4)}-${pad(start.month)}` : formatDay(start);
}

/** Label of the period (in the report zone) containing an instant. */
export function periodOf(instant: Date, period: Period, timeZone: string): string {
  return label(periodStart(localDate(instant, timeZone), period), period);
}

/**
 * Counts of instants per period over [from, to), zero-filled. Periods are local to `timeZone`; the first
 * and last may be partial. Null instants (e.g. never resolved) are skipped.
 */
export function throughput(
  instants: ReadonlyArray<Date | null>,
  options: TimeWindow & { period: Period; timeZone: string },
): PeriodCount[] {
  const { from, to, period, timeZone } = options;
  if (to.getTime() <= from.getTime()) return [];
  const counts = new Map<string, number>();
  const last = label(periodStart(localDate(new Date(to.getTime() - 1), timeZone), period), period);
  let start = periodStart(localDate(from, timeZone), period);
  for (;;) {
    const key = label(start, period);
    counts.set(key, 0);
    if (key >= last) break;
    start = nextPeriodStart(start, period);
  }
  for (const instant of instants) {
    if (instant === null || instant.getTime() < from.getTime() || instant.getTime() >= to.getTime()) continue;
    const key = periodOf(instant, period, timeZone);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts].map(([key, count]) => ({ period: key, count }));
}

/** The interval a ticket is in at an instant (half-open), if it existed then. */
function intervalAt(intervals: readonly StatusInterval[], instant: Date): StatusInterval | undefined {
  const t = instant.getTime();
  return intervals.find((i) => i.enteredAt.getTime() <= t && (i.leftAt === null || t < i.leftAt.getTime()));
}

/** Work in progress at an instant: tickets in triage, queue, active or waiting then. */
export function wipAt(tickets: ReadonlyArray<readonly StatusInterval[]>, instant: Date): number {
  let wip = 0;
  for (const intervals of tickets) {
    const current = intervalAt(intervals, instant);
    if (current && !TERMINAL.has(current.category)) wip++;
  }
  return wip;
}

export interface AgingWipItem {
  key: string;
  /** Since creation (not since a reopen), so a reopened ticket does not look young. */
  ageHours: number;
  status: string;
  category: StatusCategory;
}

/** Tickets open at asOf with their age, oldest first. */
export function agingWip(
  tickets: ReadonlyArray<{ key: string; createdAt: Date; intervals: readonly StatusInterval[] }>,
  asOf: Date,
): AgingWipItem[] {
  const items: AgingWipItem[] = [];
  for (const ticket of tickets) {
    const current = intervalAt(ticket.intervals, asOf);
    if (!current || TERMINAL.has(current.category)) continue;
    const ageHours = (asOf.getTime() - ticket.createdAt.getTime()) / HOUR_MS;
    items.push({ key: ticket.key, ageHours, status: current.status, category: current.category });
  }
  return items.sort((a, b) => b.ageHours - a.ageHours || a.key.localeCompare(b.key));
}

export interface LittlesLawCheck {
  windowHours: number;
  /** Time-averaged WIP over the window (L). */
  averageWip: number;
  /** Tickets whose final move into done/canceled falls in the window. */
  departures: number;
  throughputPerDay: number;
  /** Mean total time in working categories of the departures (W), whole life. */
  meanTimeInSystemHours: number | null;
  /** λ · W. */
  predictedWip: number;
  /** averageWip ÷ predictedWip; 1 when every ticket arrived and left inside the window. */
  ratio: number | null;
}

/**
 * Little's law (L = λW) as a data check. It holds exactly only when the window starts and ends empty;
 * a ratio far from 1 means tickets that straddle the window, or suspicious status data.
 */
export function littlesLawCheck(
  tickets: ReadonlyArray<readonly StatusInterval[]>,
  window: TimeWindow,
): LittlesLawCheck {
  const fromMs = window.from.getTime();
  const toMs = window.to.getTime();
  const windowMs = Math.max(0, toMs - fromMs);
  let wipMs = 0;
  let departures = 0;
  let departedSystemMs = 0;

  for (const intervals of tickets) {
    const seen = intervals.filter((i) => i.enteredAt.getTime() < toMs);
    for (const i of seen) {
      if (TERMINAL.has(i.category)) continue;
      const end = Math.min(i.leftAt?.getTime() ?? toMs, toMs);
      wipMs += Math.max(0, end - Math.max(i.enteredAt.getTime(), fromMs));
    }
    let finalRun = seen.length;
    while (finalRun > 0 && TERMINAL.has(seen[finalRun - 1]?.category ?? 'queue')) finalRun--;
    const departure = seen[finalRun];
    if (!departure || departure.enteredAt.getTime() < fromMs) continue;
    departures++;
    for (const i of seen.slice(0, finalRun)) {
      if (!TERMINAL.has(i.category))
        departedSystemMs += (i.leftAt?.getTime() ?? toMs) - i.enteredAt.getTime();
    }
  }

  const windowHours = windowMs / HOUR_MS;
  const averageWip = windowMs > 0 ? wipMs / windowMs : 0;
  const meanTimeInSystemHours = departures > 0 ? departedSystemMs / departures / HOUR_MS : null;
  const throughputPerHour = windowHours > 0 ? departures / windowHours : 0;
  const predictedWip = throughputPerHour * (meanTimeInSystemHours ?? 0);
  return {
    windowHours,
    averageWip,
    departures,
    throughputPerDay: throughputPerHour * 24,
    meanTimeInSystemHours,
    predictedWip,
    ratio: predictedWip > 0 ? averageWip / predictedWip : null,
  };
}
