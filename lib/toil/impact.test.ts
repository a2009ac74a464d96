import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MONTH_MS } from './candidates';
import {
  adoptionOf,
  avoidedRange,
  computeImpact,
  differenceInDifferences,
  type ImpactInput,
  impactWindows,
  type WindowSample,
} from './impact';

const DAY = 86_400_000;
const LAUNCH = new Date('2025-06-01T00:00:00Z');
const THREE_MONTHS_DAYS = (3 * MONTH_MS) / DAY;

function sample(
  from: Date,
  to: Date,
  tickets: number,
  per: { wait: number; active: number; lead: number },
): WindowSample {
  const resolved = Math.min(tickets, 50);
  return {
    window: { from, to },
    tickets,
    volumeByMonth: [],
    leadTimeHours: Array.from({ length: resolved }, () => per.lead),
    queueHours: Array.from({ length: resolved }, () => per.wait),
    waitHours: Array.from({ length: resolved }, () => per.wait),
    activeHours: Array.from({ length: resolved }, () => per.active),
    sloAttainment: [],
  };
}

/** The issue's case: 100 tickets/month fall to 20 after launch while 80 runs/month appear. */
function issueCase(control: { before: number; after: number }): ImpactInput {
  const { before, after } = impactWindows(LAUNCH, new Date('2026-01-01T00:00:00Z'), THREE_MONTHS_DAYS);
  return {
    name: 'repo-vending',
    clusters: ['c-repo'],
    launchedAt: LAUNCH,
    buildCostHours: 80,
    before: sample(before.from, before.to, 300, { wait: 10, active: 2, lead: 30 }),
    after: sample(after.from, after.to, 60, { wait: 4, active: 2, lead: 12 }),
    control: { clusters: 5, beforeTickets: control.before, afterTickets: control.after },
    runs: { succeeded: 240, other: 7 },
    residualRequesters: [{ requester: 'dana', tickets: 31 }],
    handlingMinutesPerTicket: null,
  };
}

describe('impactWindows: equal half-open windows around the launch', () => {
  it.each([
    // [asOf, days, before, after]
    [
      '2025-07-01T00:00:00Z',
      90,
      ['2025-05-02T00:00:00.000Z', '2025-06-01T00:00:00.000Z'],
      ['2025-06-01T00:00:00.000Z', '2025-07-01T00:00:00.000Z'],
    ],
    [
      '2026-01-01T00:00:00Z',
      90,
      ['2025-03-03T00:00:00.000Z', '2025-06-01T00:00:00.000Z'],
      ['2025-06-01T00:00:00.000Z', '2025-08-30T00:00:00.000Z'],
    ],
    [
      '2025-05-15T00:00:00Z',
      90,
      ['2025-06-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z'],
      ['2025-06-01T00:00:00.000Z', '2025-06-01T00:00:00.000Z'],
    ],
  ])('as of %s, %i days', (asOf, days, before, after) => {
    const w = impactWindows(LAUNCH, new Date(asOf), days);
    expect([w.before.from.toISOString(), w.before.to.toISOString()]).toEqual(before);
    expect([w.after.from.toISOString(), w.after.to.toISOString()]).toEqual(after);
  });
});

describe('computeImpact on hand-computed cases', () => {
  it('100 → 20 tickets/month with 80 runs/month: adoption 0.8; an untouched control: avoided 80/month', () => {
    const report = computeImpact(issueCase({ before: 1200, after: 1200 }));
    expect(report.before.ticketsPerMonth).toBe(100);
    expect(report.after.ticketsPerMonth).toBe(20);
    expect(report.residualTickets).toBe(60);
    expect(report.selfServiceRuns).toBe(240);
    expect(report.adoption).toBe(0.8);
    expect(report.controlChange.relativeChange).toBe(0);
    expect(report.controlChange.avoidedTicketsPerMonth).toBe(80);
    // 12 h a ticket (10 h wait + 2 h handling), measured before launch.
    expect(report.projectedHoursSavedPerMonth).toBe(1200);
    expect(report.realisedHoursSavedPerMonth).toBe(960);
    expect(report.waitRemovedHoursPerTicket).toBe(6);
    expect(report.unsuccessfulRuns).toBe(7);
  });

  it('a control that falls 10 % moves the estimate: expected 90, avoided 70/month, 840 h saved', () => {
    const report = computeImpact(issueCase({ before: 1200, after: 1080 }));
    expect(report.controlChange.beforeTicketsPerMonth).toBe(400);
    expect(report.controlChange.afterTicketsPerMonth).toBe(360);
    expect(report.controlChange.relativeChange).toBe(-0.1);
    expect(report.controlChange.expectedAfterTicketsPerMonth).toBe(90);
    expect(report.controlChange.avoidedTicketsPerMonth).toBe(70);
    expect(report.realisedHoursSavedPerMonth).toBe(840);
    expect(report.adoption).toBe(0.8); // adoption does not depend on the control
    const range = report.uncertainty.avoidedTicketsPerMonthRange;
    expect(range?.[0]).toBeLessThan(70);
    expect(range?.[1]).toBeGreaterThan(70);
    expect(report.uncertainty.smallSample).toBe(false);
  });

  it('configured handling minutes replace measured active time', () => {
    const input = { ...issueCase({ before: 1200, after: 1200 }), handlingMinutesPerTicket: 30 };
    const report = computeImpact(input);
    expect(report.before.handlingHoursPerTicket).toBe(0.5);
    expect(report.projectedHoursSavedPerMonth).toBe(1050); // 100 × (10 + 0.5)
    expect(report.realisedHoursSavedPerMonth).toBe(840); // 80 × 10.5
  });

  it('before launch: no after window, null savings and adoption, said in the note', () => {
    const input = issueCase({ before: 1200, after: 0 });
    const { before, after } = impactWindows(LAUNCH, new Date('2025-05-01T00:00:00Z'));
    const report = computeImpact({
      ...input,
      before: sample(before.from, before.to, 0, { wait: 0, active: 0, lead: 0 }),
      after: sample(after.from, after.to, 0, { wait: 0, active: 0, lead: 0 }),
      control: { clusters: 5, beforeTickets: 0, afterTickets: 0 },
      runs: { succeeded: 0, other: 0 },
    });
    expect(report.adoption).toBeNull();
    expect(report.realisedHoursSavedPerMonth).toBeNull();
    expect(report.controlChange.relativeChange).toBeNull();
    expect(report.uncertainty.note).toMatch(/Not launched yet/);
  });

  it('small samples are called out', () => {
    const input = issueCase({ before: 1200, after: 1080 });
    const report = computeImpact({ ...input, before: { ...input.before, tickets: 12 } });
    expect(report.uncertainty.smallSample).toBe(true);
    expect(report.uncertainty.note).toMatch(/Small samples \(12 tickets before/);
  });
});

describe('the arithmetic, for any counts', () => {
  it('adoption is in [0, 1], null only when nothing happened', () => {
    fc.assert(
      fc.property(fc.nat(10_000), fc.nat(10_000), (runs, residual) => {
        const a = adoptionOf(runs, residual);
        if (runs + residual === 0) return a === null;
        return a !== null && a >= 0 && a <= 1 && Math.abs(a * (runs + residual) - runs) < 1e-9;
      }),
    );
  });

  it('avoided = expected − after; with an unchanged control it is before − after', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        fc.double({ min: 1, max: 1e4, noNaN: true }),
        fc.double({ min: 0, max: 1e4, noNaN: true }),
        (tb, ta, cb, ca) => {
          const did = differenceInDifferences({
            clusters: 1,
            treatedBeforePerMonth: tb,
            treatedAfterPerMonth: ta,
            controlBeforePerMonth: cb,
            controlAfterPerMonth: ca,
          });
          const same = differenceInDifferences({
            clusters: 1,
            treatedBeforePerMonth: tb,
            treatedAfterPerMonth: ta,
            controlBeforePerMonth: cb,
            controlAfterPerMonth: cb,
          });
          return (
            Math.abs(
              (did.avoidedTicketsPerMonth ?? Number.NaN) - ((did.expectedAfterTicketsPerMonth ?? 0) - ta),
            ) < 1e-6 &&
            Math.abs((same.avoidedTicketsPerMonth ?? Number.NaN) - (tb - ta)) < 1e-6 * Math.max(1, tb)
          );
        },
      ),
    );
  });

  it('the 90 % range contains the estimate', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.nat(5000),
        fc.integer({ min: 1, max: 5000 }),
        fc.integer({ min: 1, max: 5000 }),
        (tb, ta, cb, ca) => {
          const range = avoidedRange({
            avoided: 3,
            treatedBefore: tb,
            treatedAfter: ta,
            controlBefore: cb,
            controlAfter: ca,
            monthsBefore: 3,
            monthsAfter: 3,
          });
          return range !== null && range[0] < 3 && range[1] > 3;
        },
      ),
    );
  });
});
