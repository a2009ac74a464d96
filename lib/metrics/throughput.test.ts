import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { StatusCategory, StatusInterval } from '../domain/ticket';
import { at } from './test-factories';
import { agingWip, littlesLawCheck, type Period, periodOf, throughput, wipAt } from './throughput';

const d = (iso: string) => new Date(iso);

describe('periodOf', () => {
  test.each<[string, Period, string, string]>([
    ['2025-03-09T04:59:00Z', 'day', 'America/New_York', '2025-03-08'],
    ['2025-03-09T05:00:00Z', 'day', 'America/New_York', '2025-03-09'],
    // Sunday of the DST change still belongs to the week of Monday 3 March
    ['2025-03-10T03:59:00Z', 'week', 'America/New_York', '2025-03-03'],
    ['2025-03-10T04:00:00Z', 'week', 'America/New_York', '2025-03-10'],
    ['2025-03-02T11:00:00Z', 'day', 'Pacific/Apia', '2025-03-03'],
    ['2025-03-02T10:59:00Z', 'week', 'Pacific/Apia', '2025-02-24'],
    ['2025-01-31T15:00:00Z', 'month', 'Asia/Tokyo', '2025-02'],
    ['2025-01-31T15:00:00Z', 'month', 'UTC', '2025-01'],
    ['2024-12-31T23:00:00Z', 'week', 'UTC', '2024-12-30'],
    ['2025-01-01T00:00:00Z', 'week', 'Europe/Berlin', '2024-12-30'],
  ])('%s %s in %s → %s', (iso, period, zone, expected) => {
    expect(periodOf(d(iso), period, zone)).toBe(expected);
  });
});

describe('throughput', () => {
  test.each<[string, Period, string, string, string, string[], Array<[string, number]>]>([
    [
      'days zero-filled, to exclusive',
      'day',
      'UTC',
      '2025-03-01T00:00:00Z',
      '2025-03-04T00:00:00Z',
      ['2025-03-01T10:00:00Z', '2025-03-03T23:59:59Z', '2025-03-03T01:00:00Z', '2025-03-04T00:00:00Z'],
      [
        ['2025-03-01', 1],
        ['2025-03-02', 0],
        ['2025-03-03', 2],
      ],
    ],
    [
      'weeks start Monday, partial first week labelled by its Monday',
      'week',
      'UTC',
      '2025-03-05T00:00:00Z',
      '2025-03-20T00:00:00Z',
      ['2025-03-04T12:00:00Z', '2025-03-09T23:00:00Z', '2025-03-19T00:00:00Z'],
      [
        ['2025-03-03', 1],
        ['2025-03-10', 0],
        ['2025-03-17', 1],
      ],
    ],
    [
      'months across a year end',
      'month',
      'UTC',
      '2024-11-15T00:00:00Z',
      '2025-02-01T00:00:00Z',
      ['2024-12-31T23:59:59Z', '2025-01-01T00:00:00Z'],
      [
        ['2024-11', 0],
        ['2024-12', 1],
        ['2025-01', 1],
      ],
    ],
    [
      'report zone decides the day (Apia is UTC+13)',
      'day',
      'Pacific/Apia',
      '2025-03-02T11:00:00Z',
      '2025-03-04T11:00:00Z',
      ['2025-03-02T10:59:00Z', '2025-03-02T11:00:00Z', '2025-03-03T10:59:00Z', '2025-03-03T11:00:00Z'],
      [
        ['2025-03-03', 2],
        ['2025-03-04', 1],
      ],
    ],
    [
      'a 23-hour DST day is still one day',
      'day',
      'America/New_York',
      '2025-03-09T05:00:00Z',
      '2025-03-10T04:00:00Z',
      ['2025-03-10T03:30:00Z'],
      [['2025-03-09', 1]],
    ],
  ])('%s', (_name, period, timeZone, from, to, instants, expected) => {
    const result = throughput(instants.map(d), { from: d(from), to: d(to), period, timeZone });
    expect(result.map((r) => [r.period, r.count])).toEqual(expected);
  });

  test('null instants are skipped; empty window gives no periods', () => {
    const window = { from: d('2025-03-01T00:00:00Z'), to: d('2025-03-02T00:00:00Z'), timeZone: 'UTC' };
    expect(throughput([null], { ...window, period: 'day' })).toEqual([{ period: '2025-03-01', count: 0 }]);
    expect(throughput([], { ...window, to: window.from, period: 'day' })).toEqual([]);
  });

  test('property: counts sum to the instants in the window over contiguous, sorted periods', () => {
    const start = d('2024-01-01T00:00:00Z').getTime();
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * 86_400_000 }),
        fc.integer({ min: 1, max: 120 * 86_400_000 }),
        fc.array(fc.integer({ min: 0, max: 600 * 86_400_000 }), { maxLength: 30 }),
        fc.constantFrom<Period>('day', 'week', 'month'),
        fc.constantFrom('UTC', 'America/New_York', 'Pacific/Apia', 'Australia/Lord_Howe'),
        (fromOffset, length, offsets, period, timeZone) => {
          const from = new Date(start + fromOffset);
          const to = new Date(start + fromOffset + length);
          const instants = offsets.map((o) => new Date(start + o));
          const result = throughput(instants, { from, to, period, timeZone });
          const inWindow = instants.filter((i) => i >= from && i < to);
          expect(result.reduce((sum, r) => sum + r.count, 0)).toBe(inWindow.length);
          const labels = result.map((r) => r.period);
          expect(new Set(labels).size).toBe(labels.length);
          expect([...labels].sort()).toEqual(labels);
          expect(labels[0]).toBe(periodOf(from, period, timeZone));
          expect(labels.at(-1)).toBe(periodOf(new Date(to.getTime() - 1), period, timeZone));
        },
      ),
      { numRuns: 200 },
    );
  });
});

function interval(status: StatusCategory, from: number, to: number | null): StatusInterval {
  return { status, category: status, enteredAt: at(from), leftAt: to === null ? null : at(to) };
}

const tickets = {
  a: [interval('queue', 0, 10), interval('active', 10, 20), interval('done', 20, null)],
  b: [interval('queue', 5, 8), interval('canceled', 8, null)],
  c: [interval('triage', 12, 15), interval('waiting', 15, null)],
  d: [interval('queue', 0, 4), interval('done', 4, 6), interval('queue', 6, null)],
};

describe('WIP', () => {
  test.each([
    [0, 2], // a, d
    [4, 1], // a (d is done at 4, half-open)
    [7, 3], // a, b, d
    [12, 3], // a, c, d
    [20, 2], // c, d
  ])('wipAt(hour %i) = %i', (hour, expected) => {
    expect(wipAt(Object.values(tickets), at(hour))).toBe(expected);
  });

  test('aging WIP: open tickets at asOf, oldest first, age since creation', () => {
    const rows = Object.entries(tickets).map(([key, intervals]) => ({
      key,
      createdAt: intervals[0]?.enteredAt ?? at(0),
      intervals,
    }));
    expect(agingWip(rows, at(30))).toEqual([
      { key: 'd', ageHours: 30, status: 'queue', category: 'queue' },
      { key: 'c', ageHours: 18, status: 'waiting', category: 'waiting' },
    ]);
  });
});

describe("Little's law", () => {
  test('hand-computed window [0, 24): L = (20 + 3 + 12 + 22) / 24', () => {
    // Departures in window: a (done at 20, 20 h in system), b (canceled at 8, 3 h); d reopened so not departed.
    const check = littlesLawCheck(Object.values(tickets), { from: at(0), to: at(24) });
    expect(check.averageWip).toBeCloseTo(57 / 24, 12);
    expect(check.departures).toBe(2);
    expect(check.meanTimeInSystemHours).toBeCloseTo(11.5, 12);
    expect(check.throughputPerDay).toBeCloseTo(2, 12);
    expect(check.predictedWip).toBeCloseTo((2 / 24) * 11.5, 12);
  });

  test('property: when every ticket arrives and leaves inside the window, L = λW exactly', () => {
    const ticketArb = fc
      .tuple(
        fc.integer({ min: 0, max: 100 }),
        fc.array(
          fc.record({
            hours: fc.integer({ min: 0, max: 30 }),
            category: fc.constantFrom<StatusCategory>('triage', 'queue', 'active', 'waiting', 'done'),
          }),
          { maxLength: 6 },
        ),
        fc.integer({ min: 0, max: 30 }),
      )
      .map(([start, steps, last]) => {
        const intervals: StatusInterval[] = [];
        let t = start;
        for (const step of steps) {
          intervals.push(interval(step.category, t, t + step.hours));
          t += step.hours;
        }
        intervals.push(interval('queue', t, t + last), interval('done', t + last, null));
        return intervals;
      });
    fc.assert(
      fc.property(fc.array(ticketArb, { minLength: 1, maxLength: 20 }), (all) => {
        const check = littlesLawCheck(all, { from: at(0), to: at(500) });
        expect(check.departures).toBe(all.length);
        if (check.ratio !== null) expect(check.ratio).toBeCloseTo(1, 9);
        else expect(check.averageWip).toBe(0);
      }),
    );
  });
});
