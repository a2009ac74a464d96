import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  kaplanMeier,
  kaplanMeierFromGroups,
  leadTimeObservation,
  type SurvivalObservation,
} from './kaplan-meier';
import { percentile } from './percentiles';
import { at, T0 } from './test-factories';

const done = (h: number): SurvivalObservation => ({ durationHours: h, event: true });
const open = (h: number): SurvivalObservation => ({ durationHours: h, event: false });

describe('kaplanMeier', () => {
  test.each<
    [string, SurvivalObservation[], Array<[number, number]>, number | null, number | null, number | null]
  >([
    // [name, observations, curve [time, survival], p50, p85, maxObserved]
    ['empty', [], [], null, null, null],
    [
      // S(1)=3/4, S(2)=3/4·2/3=1/2, censored at 3, S(4)=1/2·0=0
      'textbook: events 1, 2, 4; censored 3',
      [done(1), done(2), open(3), done(4)],
      [
        [1, 0.75],
        [2, 0.5],
        [4, 0],
      ],
      2,
      4,
      4,
    ],
    [
      // S(2)=2/3, S(5)=2/3·1/2=1/3 (censored 5 still at risk at 5); 1/3 > 0.15 so p85 unreachable
      'censored tied with an event stays at risk; unreachable p85 is "> max"',
      [done(2), done(5), open(5)],
      [
        [2, 2 / 3],
        [5, 1 / 3],
      ],
      5,
      null,
      5,
    ],
    ['all censored: nothing reachable', [open(10), open(20)], [], null, null, 20],
  ])('%s', (_name, obs, curve, p50, p85, maxObserved) => {
    const km = kaplanMeier(obs);
    expect(km.curve.map((s) => [s.timeHours, s.survival])).toEqual(
      curve.map(([t, s]) => [t, expect.closeTo(s, 12)]),
    );
    expect(km.maxObserved).toBe(maxObserved);
    expect(km.p50).toEqual(
      p50 === null ? { value: null, greaterThan: maxObserved } : { value: p50, greaterThan: null },
    );
    expect(km.p85).toEqual(
      p85 === null ? { value: null, greaterThan: maxObserved } : { value: p85, greaterThan: null },
    );
    expect(km.n).toBe(obs.length);
    expect(km.events + km.censored).toBe(obs.length);
  });

  test('property: without censoring KM percentiles equal nearest-rank percentiles', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 1, maxLength: 40 }), (hours) => {
        const km = kaplanMeier(hours.map(done));
        expect(km.p50.value).toBe(percentile(hours, 0.5));
        expect(km.p85.value).toBe(percentile(hours, 0.85));
        expect(km.curve.at(-1)?.survival).toBeCloseTo(0, 12);
      }),
    );
  });

  test('property: survival is non-increasing in [0, 1]', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ durationHours: fc.integer({ min: 0, max: 50 }), event: fc.boolean() })),
        (obs) => {
          let previous = 1;
          for (const step of kaplanMeier(obs).curve) {
            expect(step.survival).toBeLessThanOrEqual(previous + 1e-12);
            expect(step.survival).toBeGreaterThanOrEqual(-1e-12);
            previous = step.survival;
          }
        },
      ),
    );
  });
});

describe('leadTimeObservation', () => {
  test.each([
    [
      'resolved: event at first lead time',
      { leadTimeFirstHours: 5, open: false },
      { durationHours: 5, event: true },
    ],
    ['open: censored at age', { leadTimeFirstHours: null, open: true }, { durationHours: 48, event: false }],
    ['canceled, never resolved: excluded', { leadTimeFirstHours: null, open: false }, null],
  ])('%s', (_name, flow, expected) => {
    expect(leadTimeObservation(flow, T0, at(48))).toEqual(expected);
  });
});

describe('kaplanMeierFromGroups', () => {
  test('grouped counts give the same curve as one observation per subject', () => {
    // Events at 10 (×2) and 30, censored at 10 and 50: S(10) = 1 − 2/5 = 0.6, S(30) = 0.6 × (1 − 1/2) = 0.3.
    const grouped = kaplanMeierFromGroups([
      { durationHours: 10, events: 2, censored: 1 },
      { durationHours: 30, events: 1, censored: 0 },
      { durationHours: 50, events: 0, censored: 1 },
    ]);
    expect(grouped.curve.map((s) => [s.timeHours, s.survival, s.atRisk])).toEqual([
      [10, 0.6, 5],
      [30, 0.3, 2],
    ]);
    expect(grouped.p50).toEqual({ value: 30, greaterThan: null });
    expect(grouped.p85).toEqual({ value: null, greaterThan: 50 });
    const single = kaplanMeier([
      { durationHours: 10, event: true },
      { durationHours: 10, event: true },
      { durationHours: 10, event: false },
      { durationHours: 30, event: true },
      { durationHours: 50, event: false },
    ]);
    expect(single).toEqual(grouped);
  });
});
