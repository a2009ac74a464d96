// Display formatting only: every number arrives computed; this turns it into words a person reads.

const DAY_HOURS = 24;

/** "45 min", "5.1 h", "3.2 d": the unit follows the size so neither minutes nor weeks look like noise. */
export function formatHours(hours: number | null | undefined): string {
  if (hours === null || hours === undefined || !Number.isFinite(hours)) return '—';
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 2 * DAY_HOURS) return `${hours.toFixed(1)} h`;
  const days = hours / DAY_HOURS;
  return days < 100 ? `${days.toFixed(1)} d` : `${Math.round(days)} d`;
}

export function formatPercent(fraction: number | null | undefined, digits = 0): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '—';
  return `${(fraction * 100).toFixed(digits)}%`;
}

const countFormat = new Intl.NumberFormat('en-US');
export function formatCount(n: number): string {
  return countFormat.format(n);
}

export function formatDate(value: Date | string, timeZone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).format(new Date(value));
}

export function formatDateTime(value: Date | string, timeZone: string): string {
  const formatted = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(value));
  return `${formatted} ${timeZone === 'UTC' ? 'UTC' : ''}`.trim();
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A `YYYY-MM-DD` calendar date as "3 Mar" (or "3 Mar 2025"), with no time zone involved. */
export function formatCalendarDate(date: string, withYear = false): string {
  const [year, month, day] = date.split('-');
  const name = MONTHS[Number(month) - 1] ?? month;
  return `${Number(day)} ${name}${withYear ? ` ${year}` : ''}`;
}

/** Money in the cost model's own (unnamed) currency: whole units with thousands separators. */
export function formatMoney(amount: number | null | undefined): string {
  if (amount === null || amount === undefined || !Number.isFinite(amount)) return '—';
  return countFormat.format(Math.round(amount));
}

/** "4.2", "38": one decimal below ten, whole numbers above, for rates and months. */
export function formatDecimal(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Math.abs(value) < 10 ? value.toFixed(1) : countFormat.format(Math.round(value));
}
