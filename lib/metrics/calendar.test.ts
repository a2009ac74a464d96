import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type BusinessCalendar,
  dueAt,
  elapsedBusinessMs,
  elapsedBusinessMsExcluding,
  mergeSpans,
  parseClock,
  parseLocalDate,
} from './calendar';

const H = 3_600_000;
const d = (iso: string) => new Date(iso);

const ny: BusinessCalendar = {
  timeZone: 'America/New_York',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  hours: ['09:00', '17:00'],
  holidays: ['2025-12-25'],
};
const nyEveryDay9to5: BusinessCalendar = { ...ny, days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] };
// A 24×7 calendar that still goes through the window engine (the `always` fast path skips it).
const nyAllDay: BusinessCalendar = { ...nyEveryDay9to5, hours: ['00:00', '24:00'], holidays: [] };
const nyAlways: BusinessCalendar = { timeZone: 'America/New_York', always: true };
const nyAlwaysWithHoliday: BusinessCalendar = { ...nyAlways, holidays: ['2025-03-10'] };
const nyGap: BusinessCalendar = { ...nyEveryDay9to5, hours: ['02:30', '04:00'], holidays: [] };
const nyOverlap: BusinessCalendar = { ...nyEveryDay9to5, hours: ['01:30', '03:00'], holidays: [] };

describe('elapsedBusinessMs', () => {
  test.each([
    // Fri 16:00 EST → Mon 10:00 EST: 1 h Friday + 1 h Monday = 2 h
    ['weekend', ny, '2025-01-10T21:00:00Z', '2025-01-13T15:00:00Z', 2],
    // created Tue 20:00 EST (after hours) → Wed 11:30 EST: clock starts Wed 09:00, 2.5 h
    ['after-hours creation', ny, '2025-01-15T01:00:00Z', '2025-01-15T16:30:00Z', 2.5],
    // Wed 24 Dec 16:00 EST → Fri 26 Dec 10:00 EST: 1 h + 0 (25 Dec holiday) + 1 h = 2 h
    ['holiday', ny, '2025-12-24T21:00:00Z', '2025-12-26T15:00:00Z', 2],
    // Fri 7 Mar 16:00 EST → Mon 10 Mar 10:00 EDT (14:00Z): Monday opens 09:00 EDT = 13:00Z; 1 + 1 = 2 h
    ['spring-forward weekend, 9–17', ny, '2025-03-07T21:00:00Z', '2025-03-10T14:00:00Z', 2],
    // Mon 3 Mar 00:00 EST → Mon 10 Mar 00:00 EDT: 5 days × 8 h = 40 h
    ['spring-forward week, 9–17', ny, '2025-03-03T05:00:00Z', '2025-03-10T04:00:00Z', 40],
    // Sun 9 Mar 00:00 EST → Mon 10 Mar 00:00 EDT, 9–17 every day: 09:00–17:00 EDT = 8 h
    ['spring-forward Sunday, 9–17 daily', nyEveryDay9to5, '2025-03-09T05:00:00Z', '2025-03-10T04:00:00Z', 8],
    // Fri 31 Oct 16:00 EDT → Mon 3 Nov 10:00 EST (15:00Z): 1 + 1 = 2 h
    ['fall-back weekend, 9–17', ny, '2025-10-31T20:00:00Z', '2025-11-03T15:00:00Z', 2],
    // 24×7 across 9 Mar: local midnight 05:00Z → next local midnight 04:00Z = 23 h
    ['24×7 spring-forward day', nyAllDay, '2025-03-09T05:00:00Z', '2025-03-10T04:00:00Z', 23],
    ['24×7 spring-forward day (always)', nyAlways, '2025-03-09T05:00:00Z', '2025-03-10T04:00:00Z', 23],
    // Sat 8 Mar 12:00 EST (17:00Z) → Mon 10 Mar 12:00 EDT (16:00Z): 48 h of wall clock − 1 h = 47 h
    ['24×7 across spring-forward', nyAllDay, '2025-03-08T17:00:00Z', '2025-03-10T16:00:00Z', 47],
    // 2 Nov local midnight 04:00Z (EDT) → 3 Nov local midnight 05:00Z (EST) = 25 h
    ['24×7 fall-back day', nyAllDay, '2025-11-02T04:00:00Z', '2025-11-03T05:00:00Z', 25],
    // always + holiday 10 Mar: 9 Mar 00:00 EST → 11 Mar 00:00 EDT = 23 h (9 Mar) + 0 (10 Mar) = 23 h
    ['always with a holiday', nyAlwaysWithHoliday, '2025-03-09T05:00:00Z', '2025-03-11T04:00:00Z', 23],
    // 02:30 does not exist on 9 Mar: opens 03:30 EDT (07:30Z), closes 04:00 EDT (08:00Z) = 0.5 h
    [
      'window start in the spring gap maps forward',
      nyGap,
      '2025-03-09T05:00:00Z',
      '2025-03-10T04:00:00Z',
      0.5,
    ],
    // 01:30 happens twice on 2 Nov: first (EDT, 05:30Z) → 03:00 EST (08:00Z) = 2.5 h
    [
      'window start in the fall overlap is the first',
      nyOverlap,
      '2025-11-02T04:00:00Z',
      '2025-11-03T05:00:00Z',
      2.5,
    ],
    // 2025: 261 weekdays (365 = 52 weeks + Wed) − 25 Dec (Thu) = 260 × 8 h = 2080 h
    ['a whole year', ny, '2025-01-01T05:00:00Z', '2026-01-01T05:00:00Z', 2080],
    ['reversed span is 0', ny, '2025-01-13T15:00:00Z', '2025-01-10T21:00:00Z', 0],
  ])('%s', (_name, cal, a, b, hours) => {
    expect(elapsedBusinessMs(cal, d(a), d(b))).toBe(hours * H);
  });

  test('a year-long span is cheap once days are cached', () => {
    const start = performance.now();
    for (let i = 0; i < 2000; i++) {
      elapsedBusinessMs(ny, d('2024-01-01T05:00:00Z'), new Date(Date.UTC(2025, 0, 1) + i * 3_600_000));
    }
    expect(performance.now() - start).toBeLessThan(2000);
  });
});

describe('dueAt', () => {
  test.each([
    // Fri 16:00 EST + 2 h → 1 h Friday, 1 h Monday from 09:00 → Mon 10:00 EST
    ['over a weekend', ny, '2025-01-10T21:00:00Z', 2, '2025-01-13T15:00:00.000Z'],
    // Tue 20:00 EST + 4 h → Wed 09:00 + 4 h = Wed 13:00 EST
    ['after-hours start', ny, '2025-01-15T01:00:00Z', 4, '2025-01-15T18:00:00.000Z'],
    // Wed 09:00 + 8 h lands on the window end, Wed 17:00 EST, not Thu 09:00
    ['exactly a working day', ny, '2025-01-15T14:00:00Z', 8, '2025-01-15T22:00:00.000Z'],
    // Wed 24 Dec 16:00 EST + 2 h → 1 h Wed, skip 25 Dec, Fri 26 Dec 10:00 EST
    ['over a holiday', ny, '2025-12-24T21:00:00Z', 2, '2025-12-26T15:00:00.000Z'],
    // Fri 7 Mar 16:00 EST + 2 h → Mon 10 Mar 10:00 EDT = 14:00Z
    ['over spring-forward', ny, '2025-03-07T21:00:00Z', 2, '2025-03-10T14:00:00.000Z'],
    // 9 Mar 00:00 EST (05:00Z) + 24 h of a 24×7 calendar → 10 Mar 01:00 EDT = 05:00Z
    ['24×7 over spring-forward', nyAllDay, '2025-03-09T05:00:00Z', 24, '2025-03-10T05:00:00.000Z'],
    ['zero is the start itself', ny, '2025-01-15T01:00:00Z', 0, '2025-01-15T01:00:00.000Z'],
  ])('%s', (_name, cal, a, hours, expected) => {
    expect(dueAt(cal, d(a), hours * H).toISOString()).toBe(expected);
  });
});

describe('elapsedBusinessMsExcluding', () => {
  test.each([
    // Thu 9 Jan 09:00 → Tue 14 Jan 17:00 EST = 4 working days × 8 h = 32 h; pause Fri 13:00 → Mon 13:00
    // covers Fri 13–17 (4 h) + Mon 9–13 (4 h) = 8 h; the weekend inside it is not subtracted again → 24 h
    [
      'pause over a weekend',
      [['2025-01-10T18:00:00Z', '2025-01-13T18:00:00Z']],
      '2025-01-09T14:00:00Z',
      '2025-01-14T22:00:00Z',
      24,
    ],
    // Overlapping pauses Fri 13–16 and Fri 15 → Mon 13 merge into Fri 13 → Mon 13: 32 − 8 = 24 h
    [
      'overlapping pauses count once',
      [
        ['2025-01-10T18:00:00Z', '2025-01-10T21:00:00Z'],
        ['2025-01-10T20:00:00Z', '2025-01-13T18:00:00Z'],
      ],
      '2025-01-09T14:00:00Z',
      '2025-01-14T22:00:00Z',
      24,
    ],
    // A pause sticking out of [a, b) is clipped: Wed 8 Jan 09:00 → Thu 9 Jan 11:00 counts 2 h of [a, b); 32 − 2 = 30 h
    [
      'pause clipped to the span',
      [['2025-01-08T14:00:00Z', '2025-01-09T16:00:00Z']],
      '2025-01-09T14:00:00Z',
      '2025-01-14T22:00:00Z',
      30,
    ],
  ])('%s', (_name, pauses, a, b, hours) => {
    const spans = pauses.map(([s, e]): [Date, Date] => [d(s ?? ''), d(e ?? '')]);
    expect(elapsedBusinessMsExcluding(ny, d(a), d(b), spans)).toBe(hours * H);
  });

  test('mergeSpans drops empty spans and merges touching ones', () => {
    const merged = mergeSpans(
      [
        [d('2025-01-01T02:00:00Z'), d('2025-01-01T03:00:00Z')],
        [d('2025-01-01T01:00:00Z'), d('2025-01-01T02:00:00Z')],
        [d('2025-01-01T05:00:00Z'), d('2025-01-01T04:00:00Z')],
      ],
      d('2025-01-01T00:00:00Z'),
      d('2025-01-02T00:00:00Z'),
    );
    expect(merged.map(([s, e]) => [s.toISOString(), e.toISOString()])).toEqual([
      ['2025-01-01T01:00:00.000Z', '2025-01-01T03:00:00.000Z'],
    ]);
  });
});

describe('parsers', () => {
  test.each([
    ['09:00', 540],
    ['24:00', 1440],
    ['24:01', null],
    ['9:00', null],
    ['12:60', null],
  ])('parseClock(%s)', (value, expected) => {
    expect(parseClock(value)).toBe(expected);
  });

  test.each([
    ['1970-01-02', 1],
    ['2025-02-30', null],
    ['2025-2-3', null],
  ])('parseLocalDate(%s)', (value, expected) => {
    expect(parseLocalDate(value)).toBe(expected);
  });
});

describe('properties', () => {
  const calendars: BusinessCalendar[] = [
    ny,
    nyAllDay,
    nyAlwaysWithHoliday,
    nyGap,
    nyOverlap,
    // Half-hour DST shift, a zone east of UTC, and a zone that skipped a whole day (30 Dec 2011).
    { timeZone: 'Australia/Lord_Howe', days: ['mon', 'tue', 'wed', 'thu', 'fri'], hours: ['01:00', '03:00'] },
    { timeZone: 'Asia/Kolkata', days: ['sun', 'mon', 'tue', 'wed', 'thu'], hours: ['09:30', '18:00'] },
    {
      timeZone: 'Pacific/Apia',
      days: ['thu', 'fri', 'sat'],
      hours: ['00:00', '24:00'],
      holidays: ['2011-12-29'],
    },
  ];
  const cal = fc.constantFrom(...calendars);
  const instant = fc
    .integer({ min: Date.UTC(2011, 0, 1), max: Date.UTC(2027, 0, 1) })
    .map((t) => new Date(t));
  const sorted3 = fc
    .tuple(instant, instant, instant)
    .map((xs) => xs.sort((x, y) => x.getTime() - y.getTime()) as [Date, Date, Date]);

  test('elapsed is additive', () => {
    fc.assert(
      fc.property(cal, sorted3, (c, [a, b, e]) => {
        expect(elapsedBusinessMs(c, a, e)).toBe(elapsedBusinessMs(c, a, b) + elapsedBusinessMs(c, b, e));
      }),
    );
  });

  test('0 ≤ elapsed(a, b) ≤ b − a', () => {
    fc.assert(
      fc.property(cal, instant, instant, (c, a, b) => {
        const e = elapsedBusinessMs(c, a, b);
        expect(e).toBeGreaterThanOrEqual(0);
        expect(e).toBeLessThanOrEqual(Math.max(0, b.getTime() - a.getTime()));
      }),
    );
  });

  test('dueAt(a, elapsed(a, b)) ≤ b', () => {
    fc.assert(
      fc.property(cal, sorted3, (c, [a, b]) => {
        expect(dueAt(c, a, elapsedBusinessMs(c, a, b)).getTime()).toBeLessThanOrEqual(b.getTime());
      }),
    );
  });

  test('elapsed(a, dueAt(a, x)) = x', () => {
    fc.assert(
      fc.property(cal, instant, fc.integer({ min: 0, max: 2000 * H }), (c, a, x) => {
        expect(elapsedBusinessMs(c, a, dueAt(c, a, x))).toBe(x);
      }),
    );
  });
});
