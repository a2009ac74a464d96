import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { TicketEvent } from '../domain/ticket';
import { buildIntervals } from './intervals';
import { categoryOf, event, statusEvent, T0 } from './test-factories';

type Row = [string, string, TicketEvent[], Array<[string, number, number | null]>];

describe('buildIntervals', () => {
  test.each<Row>([
    ['no status events: one open interval in the current status', 'Open', [], [['Open', 0, null]]],
    [
      'initial status is the first event from',
      'Done',
      [statusEvent(1, 'Open', 'In Progress'), statusEvent(3, 'In Progress', 'Done')],
      [
        ['Open', 0, 1],
        ['In Progress', 1, 3],
        ['Done', 3, null],
      ],
    ],
    [
      'events are ordered by at, then seq, regardless of array order',
      'Done',
      [statusEvent(2, 'In Progress', 'Done', 2), statusEvent(2, 'Open', 'In Progress', 1)],
      [
        ['Open', 0, 2],
        ['In Progress', 2, 2],
        ['Done', 2, null],
      ],
    ],
    [
      'same instant and seq keeps source order; zero-length interval kept',
      'Done',
      [statusEvent(1, 'Open', 'In Progress'), statusEvent(1, 'In Progress', 'Done')],
      [
        ['Open', 0, 1],
        ['In Progress', 1, 1],
        ['Done', 1, null],
      ],
    ],
    [
      'events before createdAt are clamped to createdAt',
      'In Progress',
      [statusEvent(-5, 'Triage', 'Open'), statusEvent(2, 'Open', 'In Progress')],
      [
        ['Triage', 0, 0],
        ['Open', 0, 2],
        ['In Progress', 2, null],
      ],
    ],
    [
      'a first event without from starts in its to',
      'Done',
      [event(0, { kind: 'status', from: null, to: 'Open' }), statusEvent(4, 'Open', 'Done')],
      [
        ['Open', 0, 4],
        ['Done', 4, null],
      ],
    ],
    [
      'non-status events are ignored and a no-op status event does not split',
      'Open',
      [event(1, { kind: 'comment', public: true }), statusEvent(2, 'Open', 'Open')],
      [['Open', 0, null]],
    ],
  ])('%s', (_name, status, events, expected) => {
    const intervals = buildIntervals({ createdAt: T0, status, events }, categoryOf);
    expect(intervals.map((i) => [i.status, hoursOf(i.enteredAt), i.leftAt && hoursOf(i.leftAt)])).toEqual(
      expected,
    );
    expect(intervals.map((i) => i.category)).toEqual(expected.map(([s]) => categoryOf(s)));
  });

  test('property: intervals are contiguous, non-negative, start at createdAt, end open', () => {
    const statuses = ['Triage', 'Open', 'In Progress', 'Waiting for customer', 'Done', "Won't do"];
    const eventArb = fc.record({
      hours: fc.integer({ min: -10, max: 200 }),
      seq: fc.integer({ min: 0, max: 3 }),
      from: fc.constantFrom(...statuses),
      to: fc.constantFrom(...statuses),
    });
    fc.assert(
      fc.property(fc.array(eventArb, { maxLength: 12 }), (raw) => {
        const events = raw.map((e) => statusEvent(e.hours, e.from, e.to, e.seq));
        const intervals = buildIntervals({ createdAt: T0, status: 'Open', events }, categoryOf);
        expect(intervals[0]?.enteredAt).toEqual(T0);
        expect(intervals.at(-1)?.leftAt).toBeNull();
        for (let i = 0; i < intervals.length - 1; i++) {
          const current = intervals[i];
          const next = intervals[i + 1];
          if (!current || !next || !current.leftAt) throw new Error('gap');
          expect(current.leftAt.getTime()).toBe(next.enteredAt.getTime());
          expect(current.leftAt.getTime()).toBeGreaterThanOrEqual(current.enteredAt.getTime());
          expect(next.status).not.toBe(current.status);
        }
      }),
    );
  });
});

function hoursOf(d: Date): number {
  return (d.getTime() - T0.getTime()) / 3_600_000;
}
