// Jira datetimes: `2024-01-15T09:30:00.000+0000` — the offset has no colon and follows the requesting
// user's profile zone. Parsed strictly (no engine-dependent Date.parse leniency) and normalised to UTC.
const JIRA_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:?\d{2})$/;

/** A Jira instant (string with an offset, or epoch seconds/milliseconds) → Date; null when unreadable. */
export function parseJiraInstant(value: string | number | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    // Bulk changelogs have been seen with epoch seconds; ten-digit values are seconds.
    return new Date(Math.abs(value) < 1e11 ? value * 1000 : value);
  }
  const match = JIRA_INSTANT.exec(value.trim());
  if (!match) return null;
  const [, y, mo, d, h, mi, s, frac, zone] = match;
  const millis = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0), millis);
  const check = new Date(utc);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
  let offsetMinutes = 0;
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  return new Date(utc - offsetMinutes * 60_000);
}
