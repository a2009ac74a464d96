import { describe, expect, it } from 'vitest';
import { BusinessCalendar, DAY, HOUR, localDayOf, offsetAt, usHolidays } from './ny-time';

const NEW_YORK = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  timeZoneName: 'shortOffset',
});

function intlOffsetHours(ms: number): number {
  const name = NEW_YORK.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value;
  return Number((name ?? 'GMT-5').replace('GMT', ''));
}

describe('New York offsets', () => {
  it('matches the IANA zone every 3 hours from 2023 to 2027', () => {
    for (let ms = Date.UTC(2023, 0, 1); ms < Date.UTC(2028, 0, 1); ms += 3 * HOUR) {
      expect(offsetAt(ms) / HOUR, new Date(ms).toISOString()).toBe(intlOffsetHours(ms));
    }
  });

  it.each([
    ['2025-03-09T06:59:59Z', -5],
    ['2025-03-09T07:00:00Z', -4],
    ['2025-11-02T05:59:59Z', -4],
    ['2025-11-02T06:00:00Z', -5],
  ])('offset at %s is %i h', (iso, hours) => {
    expect(offsetAt(Date.parse(iso)) / HOUR).toBe(hours);
  });

  it('puts late-evening instants on the local date', () => {
    expect(new Date(localDayOf(Date.parse('2025-07-01T03:30:00Z')) * DAY).toISOString().slice(0, 10)).toBe(
      '2025-06-30',
    );
  });
});

describe('US holidays', () => {
  it('lists the 2025 federal holidays', () => {
    expect(usHolidays(2025)).toEqual([
      '2025-01-01',
      '2025-01-20',
      '2025-02-17',
      '2025-05-26',
      '2025-06-19',
      '2025-07-04',
      '2025-09-01',
      '2025-10-13',
      '2025-11-11',
      '2025-11-27',
      '2025-12-25',
    ]);
  });

  it('moves weekend holidays to the observed weekday', () => {
    expect(usHolidays(2026)).toContain('2026-07-03'); // July 4th is a Saturday
    expect(usHolidays(2027)).toContain('2027-12-24'); // Christmas is a Saturday
    expect(usHolidays(2028)).toContain('2028-12-25'); // Monday itself
  });
});

describe('BusinessCalendar', () => {
  const cal = new BusinessCalendar();

  it.each([
    ['inside hours', '2025-06-03T14:00:00Z', 1, '2025-06-03T15:00:00Z'],
    ['spills to the next morning', '2025-06-03T20:00:00Z', 2, '2025-06-04T14:00:00Z'],
    ['Friday afternoon to Monday', '2025-06-06T19:00:00Z', 3, '2025-06-09T14:00:00Z'],
    ['across the spring DST switch', '2025-03-07T21:00:00Z', 2, '2025-03-10T14:00:00Z'],
    ['over the July 4th holiday', '2025-07-03T20:00:00Z', 2, '2025-07-07T14:00:00Z'],
    ['starting at night', '2025-06-03T03:00:00Z', 0.5, '2025-06-03T13:30:00Z'],
  ])('adds working hours %s', (_, from, hours, expected) => {
    expect(new Date(cal.add(Date.parse(from), hours * HOUR)).toISOString()).toBe(
      new Date(expected).toISOString(),
    );
  });

  it('builds 09:00–17:00 local windows in winter and summer', () => {
    const winter = cal.localDay(localDayOf(Date.parse('2025-01-15T17:00:00Z')));
    const summer = cal.localDay(localDayOf(Date.parse('2025-07-15T17:00:00Z')));
    expect(new Date(winter.workStart).toISOString()).toBe('2025-01-15T14:00:00.000Z');
    expect(new Date(summer.workEnd).toISOString()).toBe('2025-07-15T21:00:00.000Z');
  });
});
