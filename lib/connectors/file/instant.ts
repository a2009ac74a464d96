// Strict instant parsing for imports: canonical files must carry an offset; Jira CSV dates are local
// wall-clock times interpreted in a declared IANA zone using Intl only (results never depend on host TZ).
import { wallTimeToInstant, zoneFormatter } from '../../domain/time-zone';

export type InstantResult = { ok: true; date: Date } | { ok: false; message: string };

const ISO_EXAMPLE = 'e.g. 2025-03-03T09:00:00Z';
const ISO_RE =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?$/;
const DATE_ONLY_RE = /^\d{4}-\d{2}-\d{2}$/;

interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeap(year) ? 29 : (MONTH_DAYS[month - 1] ?? 0);
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function validFields(f: LocalFields): boolean {
  return (
    f.month >= 1 &&
    f.month <= 12 &&
    f.day >= 1 &&
    f.day <= daysInMonth(f.year, f.month) &&
    f.hour <= 23 &&
    f.minute <= 59 &&
    f.second <= 59
  );
}

/** Milliseconds since the epoch of the wall-clock fields read as UTC (years < 100 included). */
function fieldsAsUtc(f: LocalFields): number {
  if (f.year >= 100) return Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, f.millisecond);
  const d = new Date(0); // Date.UTC maps years 0-99 to 1900-1999
  d.setUTCFullYear(f.year, f.month - 1, f.day);
  d.setUTCHours(f.hour, f.minute, f.second, f.millisecond);
  return d.getTime();
}

function fractionToMs(fraction: string | undefined): number {
  return fraction ? Number(fraction.slice(0, 3).padEnd(3, '0')) : 0;
}

/** ISO-8601 / RFC 3339 instant with `Z` or a numeric offset; calendar-checked (no 2025-02-30). */
export function parseIsoInstant(value: string): InstantResult {
  const text = value.trim();
  const m = ISO_RE.exec(text);
  if (!m) {
    const dateOnly = DATE_ONLY_RE.exec(text);
    const [year, month, day] = dateOnly ? text.split('-').map(Number) : [];
    if (
      dateOnly &&
      validFields({
        year: year ?? 0,
        month: month ?? 0,
        day: day ?? 0,
        hour: 0,
        minute: 0,
        second: 0,
        millisecond: 0,
      })
    ) {
      return { ok: false, message: `date ${quote(value)} has no time and UTC offset (${ISO_EXAMPLE})` };
    }
    return {
      ok: false,
      message: `invalid date ${quote(value)} (expected ISO-8601 with an offset, ${ISO_EXAMPLE})`,
    };
  }
  const fields: LocalFields = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6] ?? 0),
    millisecond: fractionToMs(m[7]),
  };
  if (!validFields(fields)) {
    return { ok: false, message: `invalid date ${quote(value)} (no such calendar date or time)` };
  }
  if (!m[8] && !m[9]) {
    return { ok: false, message: `date ${quote(value)} has no UTC offset (add Z or ±hh:mm)` };
  }
  let offsetMinutes = 0;
  if (m[9]) {
    const hours = Number(m[10]);
    const minutes = Number(m[11] ?? 0);
    if (hours > 23 || minutes > 59) return { ok: false, message: `invalid UTC offset in ${quote(value)}` };
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (hours * 60 + minutes);
  }
  return { ok: true, date: new Date(fieldsAsUtc(fields) - offsetMinutes * 60_000) };
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// Jira's default "dd/MMM/yy h:mm a" (also 4-digit years and 24-hour times) and "yyyy-MM-dd HH:mm[:ss]".
const JIRA_DMY_RE =
  /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4}) (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp][Mm]))?$/;
const JIRA_YMD_RE = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?$/;
const JIRA_EXAMPLE = 'expected e.g. "15/Jan/24 9:30 AM", "2024-01-15 09:30" or ISO-8601 with an offset';

/**
 * A date as Jira writes it in a CSV export. Wall-clock forms are read in `timeZone`; a two-digit year is
 * 20yy (Jira did not exist before 2002). A full ISO-8601 instant with an offset is accepted as is.
 */
export function parseJiraDate(value: string, timeZone: string): InstantResult {
  const text = value.trim();
  const iso = ISO_RE.exec(text);
  if (iso && (iso[8] || iso[9])) return parseIsoInstant(text);
  let fields: LocalFields | null = null;
  const dmy = JIRA_DMY_RE.exec(text);
  if (dmy) {
    const month = MONTHS.indexOf((dmy[2] ?? '').toLowerCase()) + 1;
    const yearText = dmy[3] ?? '';
    let hour = Number(dmy[4]);
    const meridiem = dmy[7]?.toLowerCase();
    if (meridiem) {
      if (hour < 1 || hour > 12)
        return { ok: false, message: `invalid date ${quote(value)} (${JIRA_EXAMPLE})` };
      hour = (hour % 12) + (meridiem === 'pm' ? 12 : 0);
    }
    if (month > 0) {
      fields = {
        year: yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText),
        month,
        day: Number(dmy[1]),
        hour,
        minute: Number(dmy[5]),
        second: Number(dmy[6] ?? 0),
        millisecond: 0,
      };
    }
  }
  const ymd = fields ? null : JIRA_YMD_RE.exec(text);
  if (ymd) {
    fields = {
      year: Number(ymd[1]),
      month: Number(ymd[2]),
      day: Number(ymd[3]),
      hour: Number(ymd[4]),
      minute: Number(ymd[5]),
      second: Number(ymd[6] ?? 0),
      millisecond: fractionToMs(ymd[7]),
    };
  }
  if (!fields || !validFields(fields)) {
    return { ok: false, message: `invalid date ${quote(value)} (${JIRA_EXAMPLE})` };
  }
  return { ok: true, date: new Date(zonedToUtc(fields, timeZone)) };
}

/** Throws a RangeError naming the zone when Intl does not know it. */
export function assertTimeZone(timeZone: string): void {
  try {
    zoneFormatter(timeZone);
  } catch {
    throw new RangeError(`timeZone: unknown IANA time zone ${quote(timeZone)}`);
  }
}

/**
 * Wall-clock time in `timeZone` → instant. Like Temporal's "compatible" disambiguation: a repeated
 * local time (DST end) takes the earlier instant, a skipped one (DST start) is pushed forward.
 */
export function zonedToUtc(fields: LocalFields, timeZone: string): number {
  return wallTimeToInstant(timeZone, fieldsAsUtc(fields));
}

export function quote(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
}
