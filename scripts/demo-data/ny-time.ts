// Wall-clock arithmetic for the demo world's one zone, America/New_York. Hand-rolled (the US DST
// rule since 2007) because the generator converts millions of instants and must not depend on the
// host's TZ or ICU data; windows are built from local dates, never by stepping 24 h.

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;

const EST = -5 * HOUR;
const EDT = -4 * HOUR;

/** Day of month of the n-th given weekday (0 = Sunday); n = -1 for the last one. */
function nthWeekday(year: number, month: number, weekday: number, n: number): number {
  if (n > 0) {
    const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
    return 1 + ((weekday - first + 7) % 7) + (n - 1) * 7;
  }
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const lastWeekday = new Date(Date.UTC(year, month, lastDay)).getUTCDay();
  return lastDay - ((lastWeekday - weekday + 7) % 7);
}

const dstCache = new Map<number, readonly [number, number]>();

/** [start, end) of daylight time in UTC: 02:00 EST on March's 2nd Sunday to 02:00 EDT on November's 1st. */
function dstBounds(year: number): readonly [number, number] {
  let bounds = dstCache.get(year);
  if (!bounds) {
    bounds = [
      Date.UTC(year, 2, nthWeekday(year, 2, 0, 2), 7),
      Date.UTC(year, 10, nthWeekday(year, 10, 0, 1), 6),
    ];
    dstCache.set(year, bounds);
  }
  return bounds;
}

/** UTC offset of New York at an instant, in ms (negative). */
export function offsetAt(ms: number): number {
  const [start, end] = dstBounds(new Date(ms).getUTCFullYear());
  return ms >= start && ms < end ? EDT : EST;
}

/** Days since 1970-01-01 of the New York local date at an instant. */
export function localDayOf(ms: number): number {
  return Math.floor((ms + offsetAt(ms)) / DAY);
}

export function isoDate(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

function observed(year: number, month: number, date: number): number {
  const day = Math.floor(Date.UTC(year, month, date) / DAY);
  const weekday = new Date(day * DAY).getUTCDay();
  return weekday === 6 ? day - 1 : weekday === 0 ? day + 1 : day;
}

/** US federal holidays of a year as local day numbers, moved to the observed weekday. */
export function usHolidayDays(year: number): number[] {
  const fixed = (month: number, date: number) => observed(year, month, date);
  const floating = (month: number, weekday: number, n: number) =>
    Math.floor(Date.UTC(year, month, nthWeekday(year, month, weekday, n)) / DAY);
  return [
    fixed(0, 1), // New Year's Day
    floating(0, 1, 3), // Martin Luther King Jr. Day
    floating(1, 1, 3), // Washington's Birthday
    floating(4, 1, -1), // Memorial Day
    fixed(5, 19), // Juneteenth
    fixed(6, 4), // Independence Day
    floating(8, 1, 1), // Labor Day
    floating(9, 1, 2), // Columbus Day
    fixed(10, 11), // Veterans Day
    floating(10, 4, 4), // Thanksgiving
    fixed(11, 25), // Christmas Day
  ];
}

export function usHolidays(year: number): string[] {
  return usHolidayDays(year).map(isoDate);
}

export interface LocalDay {
  day: number;
  /** 0 = Sunday … 6 = Saturday. */
  weekday: number;
  holiday: boolean;
  working: boolean;
  /** Offset in force at local noon (DST switches happen at 02:00, outside every window used here). */
  offset: number;
  /** The 09:00–17:00 working window as UTC instants (meaningless when not working). */
  workStart: number;
  workEnd: number;
}

/** The 09:00–17:00 Mon–Fri New York calendar with US holidays, cached per local day. */
export class BusinessCalendar {
  private readonly days = new Map<number, LocalDay>();
  private readonly holidays = new Set<number>();
  private readonly holidayYears = new Set<number>();

  localDay(day: number): LocalDay {
    let info = this.days.get(day);
    if (info) return info;
    const noon = day * DAY + 12 * HOUR;
    const date = new Date(noon);
    const year = date.getUTCFullYear();
    if (!this.holidayYears.has(year)) {
      this.holidayYears.add(year);
      // Observed New Year's Day can fall on the previous year's Dec 31.
      for (const y of [year, year + 1]) for (const h of usHolidayDays(y)) this.holidays.add(h);
    }
    const weekday = date.getUTCDay();
    const holiday = this.holidays.has(day);
    const offset = offsetAt(day * DAY + 17 * HOUR);
    info = {
      day,
      weekday,
      holiday,
      working: weekday >= 1 && weekday <= 5 && !holiday,
      offset,
      workStart: day * DAY + 9 * HOUR - offset,
      workEnd: day * DAY + 17 * HOUR - offset,
    };
    this.days.set(day, info);
    return info;
  }

  /** UTC instant of a local time (minutes after local midnight) on a local day. */
  instantOf(day: number, minuteOfDay: number): number {
    return day * DAY + minuteOfDay * MINUTE - this.localDay(day).offset;
  }

  /** The instant itself when inside working hours, else the start of the next working window. */
  nextWorking(ms: number): number {
    let day = localDayOf(ms);
    for (;;) {
      const info = this.localDay(day);
      if (info.working) {
        if (ms < info.workStart) return info.workStart;
        if (ms < info.workEnd) return ms;
      }
      day++;
    }
  }

  /** Add business time (ms of working hours) to an instant; starts at the next working instant. */
  add(ms: number, duration: number): number {
    let at = this.nextWorking(ms);
    let rest = duration;
    for (;;) {
      const end = this.localDay(localDayOf(at)).workEnd;
      if (at + rest <= end) return at + rest;
      rest -= end - at;
      at = this.nextWorking(end);
    }
  }

  /** Working hours in [from, to), for capacity planning. */
  workingHoursBetween(fromDay: number, toDay: number): number {
    let hours = 0;
    for (let d = fromDay; d < toDay; d++) if (this.localDay(d).working) hours += 8;
    return hours;
  }
}
