// Zone arithmetic with Intl only, shared by the calendars and the file importer; never the host's TZ.

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

/** A cached formatter giving a zone's wall-clock fields; throws a RangeError for an unknown zone. */
export function zoneFormatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Zone offset (local − UTC) in ms at an instant. */
export function zoneOffsetMs(zone: string, instant: number): number {
  const seconds = Math.floor(instant / 1000) * 1000;
  const fields: Record<string, number> = {};
  let bc = false;
  for (const part of zoneFormatter(zone).formatToParts(new Date(seconds))) {
    if (part.type === 'era') bc = part.value.startsWith('B');
    else if (part.type !== 'literal') fields[part.type] = Number(part.value);
  }
  const year = bc ? 1 - (fields.year ?? 0) : (fields.year ?? 1970);
  const local = new Date(0);
  local.setUTCFullYear(year, (fields.month ?? 1) - 1, fields.day ?? 1);
  local.setUTCHours(fields.hour ?? 0, fields.minute ?? 0, fields.second ?? 0, 0);
  return local.getTime() - seconds;
}

/**
 * Instant of a local wall time (ms since the epoch read as if UTC). In a spring-forward gap the time
 * shifts forward by the gap; in a fall-back overlap the first occurrence wins.
 */
export function wallTimeToInstant(zone: string, wall: number): number {
  const before = zoneOffsetMs(zone, wall - DAY_MS);
  const after = zoneOffsetMs(zone, wall + DAY_MS);
  const early = wall - before;
  if (before === after) return early;
  const candidates = [early, wall - after].filter((c) => c + zoneOffsetMs(zone, c) === wall);
  return candidates.length === 0 ? early : Math.min(...candidates);
}
