// Business-hours calendars (DESIGN.md §3): working windows are built from local dates and local wall
// times in the calendar's zone and only then converted to instants, so DST and the host TZ never leak in.
import { wallTimeToInstant, zoneFormatter } from '../domain/time-zone';

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface BusinessCalendar {
  /** IANA zone the days, hours and holidays are read in. */
  timeZone: string;
  days?: readonly Weekday[];
  /** Local ["HH:MM", "HH:MM"], start < end; the end may be "24:00". */
  hours?: readonly [string, string];
  /** Local dates YYYY-MM-DD with no working window. */
  holidays?: readonly string[];
  /** Every day, all day (days and hours are ignored; holidays still apply). */
  always?: boolean;
  /** Passed through to SLO cycles so reports can name the settings they used. */
  version?: string;
}

export const ALWAYS_CALENDAR: BusinessCalendar = { timeZone: 'UTC', always: true };

export const DEFAULT_DAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
export const DEFAULT_HOURS: readonly [string, string] = ['09:00', '17:00'];

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
// Days computed beyond what a call needs, so neighbouring calls rarely rebuild the prefix sums.
const SLACK_DAYS = 64;
// dueAt gives up rather than loop forever on a calendar with no working time.
const MAX_SEARCH_DAYS = 366 * 200;

/** Minutes since local midnight for "HH:MM" (24:00 allowed), or null when malformed. */
export function parseClock(value: string): number | null {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(value);
  if (!m) return null;
  const minutes = Number(m[1]) * 60 + Number(m[2]);
  return minutes <= 1440 ? minutes : null;
}

/** Days since 1970-01-01 for a valid "YYYY-MM-DD", or null. */
export function parseLocalDate(value: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return null;
  return Math.floor(date.getTime() / DAY_MS);
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const DAY_INDEX: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };
const DAY_INDEXES = [0, 1, 2, 3, 4, 5, 6];

class CompiledCalendar {
  private readonly zone: string;
  private readonly workdays: ReadonlySet<number>;
  private readonly startMinute: number;
  private readonly endMinute: number;
  private readonly holidays: ReadonlySet<number>;
  private base = 0;
  private starts: number[] = [];
  private ends: number[] = [];
  private midnights: number[] = [];
  // prefix[i] = working ms in local days [base, base + i)
  private prefix: number[] = [0];

  constructor(cal: BusinessCalendar) {
    this.zone = cal.timeZone;
    const days = cal.always ? [...DAY_INDEXES] : (cal.days ?? DEFAULT_DAYS).map((d) => DAY_INDEX[d]);
    this.workdays = new Set(days);
    const [start, end] = cal.always ? ['00:00', '24:00'] : (cal.hours ?? DEFAULT_HOURS);
    const startMinute = parseClock(start);
    const endMinute = parseClock(end);
    if (startMinute === null || endMinute === null || startMinute >= endMinute) {
      throw new RangeError(`invalid working hours ${start}–${end}`);
    }
    this.startMinute = startMinute;
    this.endMinute = endMinute;
    const holidays = new Set<number>();
    for (const h of cal.holidays ?? []) {
      const day = parseLocalDate(h);
      if (day === null) throw new RangeError(`invalid holiday ${h}`);
      holidays.add(day);
    }
    this.holidays = holidays;
    // Fails fast on an unknown zone rather than on the first query.
    zoneFormatter(this.zone);
  }

  /** Local day of an instant, read from the cached local midnights (no Intl call once cached). */
  localDay(instant: number): number {
    // Offsets lie within ±1 day, so the local day is the UTC day or a neighbour.
    const utcDay = Math.floor(instant / DAY_MS);
    this.ensure(utcDay - 1, utcDay + 1);
    for (let day = utcDay + 1; day > utcDay - 1; day--) {
      if ((this.midnights[day - this.base] ?? Number.POSITIVE_INFINITY) <= instant) return day;
    }
    return utcDay - 1;
  }

  /** Working ms in [from, to), from ≤ to. */
  elapsed(from: number, to: number): number {
    const dayFrom = this.localDay(from);
    const dayTo = this.localDay(to);
    // Both days are cached before reading: extending the range backwards shifts every prefix sum.
    return this.cumulative(to, dayTo) - this.cumulative(from, dayFrom);
  }

  // Working ms from the start of the cached range; only valid until the range is next extended backwards.
  private cumulative(instant: number, day: number): number {
    const i = day - this.base;
    const start = this.starts[i] ?? 0;
    const end = this.ends[i] ?? 0;
    const within = end > start ? Math.max(0, Math.min(instant, end) - start) : 0;
    return (this.prefix[i] ?? 0) + within;
  }

  /** Earliest instant at or after `from` by which `ms` working time has passed. */
  advance(from: number, ms: number): number {
    if (!(ms > 0)) return from;
    const day = this.localDay(from);
    const target = this.cumulative(from, day) + ms;
    let lo = day - this.base + 1;
    for (let searched = 0; searched < MAX_SEARCH_DAYS; searched += SLACK_DAYS * 4) {
      const last = this.prefix.length - 1;
      if ((this.prefix[last] ?? 0) >= target) {
        // Smallest k in [lo, last] with prefix[k] >= target; day k−1 holds the instant.
        let hi = last;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if ((this.prefix[mid] ?? 0) >= target) hi = mid;
          else lo = mid + 1;
        }
        const j = lo - 1;
        return (this.starts[j] ?? 0) + (target - (this.prefix[j] ?? 0));
      }
      this.ensure(this.base + last, this.base + last + SLACK_DAYS * 4);
    }
    throw new RangeError('calendar has no working time to reach the goal');
  }

  private ensure(lo: number, hi: number): void {
    if (this.starts.length === 0) {
      this.base = lo - SLACK_DAYS;
      this.append(hi + SLACK_DAYS);
      return;
    }
    if (lo < this.base) {
      const old = { base: this.base, starts: this.starts, ends: this.ends, midnights: this.midnights };
      this.base = lo - SLACK_DAYS;
      this.starts = [];
      this.ends = [];
      this.midnights = [];
      this.prefix = [0];
      this.append(old.base - 1);
      this.starts.push(...old.starts);
      this.ends.push(...old.ends);
      this.midnights.push(...old.midnights);
      for (let i = this.prefix.length - 1; i < this.starts.length; i++) {
        this.prefix.push((this.prefix[i] ?? 0) + ((this.ends[i] ?? 0) - (this.starts[i] ?? 0)));
      }
    }
    if (hi >= this.base + this.starts.length) this.append(hi + SLACK_DAYS);
  }

  /** Caches local days up to `throughDay`: midnight and working window ([0, 0] when none) as instants. */
  private append(throughDay: number): void {
    for (let day = this.base + this.starts.length; day <= throughDay; day++) {
      const midnight = day * DAY_MS;
      const weekday = (((day + 4) % 7) + 7) % 7;
      let start = 0;
      let end = 0;
      if (this.workdays.has(weekday) && !this.holidays.has(day)) {
        start = wallTimeToInstant(this.zone, midnight + this.startMinute * MINUTE_MS);
        end = wallTimeToInstant(this.zone, midnight + this.endMinute * MINUTE_MS);
        if (end <= start) [start, end] = [0, 0];
      }
      this.midnights.push(
        this.startMinute === 0 && end > start ? start : wallTimeToInstant(this.zone, midnight),
      );
      this.starts.push(start);
      this.ends.push(end);
      this.prefix.push((this.prefix[this.prefix.length - 1] ?? 0) + (end - start));
    }
  }
}

const compiled = new Map<string, CompiledCalendar>();
// Analysis asks the same calendar object millions of times: skip building the JSON key for it.
const compiledByObject = new WeakMap<BusinessCalendar, CompiledCalendar>();

function compile(cal: BusinessCalendar): CompiledCalendar {
  const known = compiledByObject.get(cal);
  if (known) return known;
  const key = JSON.stringify([cal.timeZone, cal.always ?? false, cal.days, cal.hours, cal.holidays]);
  let c = compiled.get(key);
  if (!c) {
    c = new CompiledCalendar(cal);
    compiled.set(key, c);
  }
  compiledByObject.set(cal, c);
  return c;
}

// A 24×7 calendar without holidays is plain elapsed time; no zone lookups needed.
function isPlainTime(cal: BusinessCalendar): boolean {
  return cal.always === true && (cal.holidays ?? []).length === 0;
}

function checkDate(d: Date, name: string): number {
  const t = d.getTime();
  if (Number.isNaN(t)) throw new RangeError(`${name} is an invalid date`);
  return t;
}

/** Working ms in [a, b); 0 when b ≤ a. */
export function elapsedBusinessMs(cal: BusinessCalendar, a: Date, b: Date): number {
  const from = checkDate(a, 'a');
  const to = checkDate(b, 'b');
  if (to <= from) return 0;
  if (isPlainTime(cal)) return to - from;
  return compile(cal).elapsed(from, to);
}

/**
 * Earliest instant at or after `a` by which `businessMs` of working time has passed (so a start outside
 * hours counts from the next working instant). `businessMs` ≤ 0 returns `a`.
 */
export function dueAt(cal: BusinessCalendar, a: Date, businessMs: number): Date {
  const from = checkDate(a, 'a');
  if (!(businessMs > 0)) return new Date(from);
  if (isPlainTime(cal)) return new Date(from + businessMs);
  return new Date(compile(cal).advance(from, businessMs));
}

/** Sorted, merged [start, end) spans clipped to [a, b); empty and reversed spans dropped. */
export function mergeSpans(
  spans: ReadonlyArray<readonly [Date, Date]>,
  a: Date,
  b: Date,
): Array<[Date, Date]> {
  const lo = a.getTime();
  const hi = b.getTime();
  const clipped = spans
    .map(([s, e]): [number, number] => [Math.max(lo, s.getTime()), Math.min(hi, e.getTime())])
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const [s, e] of clipped) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  return merged.map(([s, e]) => [new Date(s), new Date(e)]);
}

/** Working ms in [a, b) outside the pauses; overlapping pauses and their non-working parts count once. */
export function elapsedBusinessMsExcluding(
  cal: BusinessCalendar,
  a: Date,
  b: Date,
  pauses: ReadonlyArray<readonly [Date, Date]>,
): number {
  let total = elapsedBusinessMs(cal, a, b);
  for (const [s, e] of mergeSpans(pauses, a, b)) total -= elapsedBusinessMs(cal, s, e);
  return total;
}
