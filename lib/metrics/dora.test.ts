import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Deployment } from '../domain/ticket';
import { doraDeploymentMetrics, doraRequestMetrics, type RequestRow } from './dora';
import { at } from './test-factories';

type Row = RequestRow & { key: string; type: string | null };

function row(key: string, resolvedHours: number | null, reopenedAfterHours: number | null, ever = 0): Row {
  const resolved = resolvedHours === null ? null : at(resolvedHours);
  return {
    key,
    type: key.startsWith('INC') ? 'Incident' : 'Service Request',
    firstResolvedAt: resolved,
    leadTimeFirstHours: resolvedHours,
    firstReopenedAt:
      resolvedHours !== null && reopenedAfterHours !== null ? at(resolvedHours + reopenedAfterHours) : null,
    reopenCount: reopenedAfterHours === null ? ever : Math.max(1, ever),
  };
}

const twoWeeks = { from: at(0), to: at(14 * 24) };

describe('doraRequestMetrics', () => {
  const rows = [
    row('INC-1', 10, 3 * 24),
    row('REQ-2', 20, 15 * 24),
    row('INC-3', 30, null),
    row('REQ-4', 40, 14 * 24), // reopened exactly 14 days later: inside (inclusive)
    row('REQ-5', -5, null), // resolved before the window
    row('REQ-6', null, null), // never resolved
    row('REQ-7', 14 * 24, null), // resolved at `to`: outside
  ];

  test('hand-computed cohort of four', () => {
    const result = doraRequestMetrics(rows, { window: twoWeeks, isIncident: (r) => r.type === 'Incident' });
    expect(result).toEqual({
      requestLeadTimeHours: {
        n: 4,
        method: 'nearest-rank',
        p50: 20,
        p85: 40,
        p95: 40,
        mean: 25,
        values: [10, 20, 30, 40],
      },
      requestThroughput: { count: 4, perWeek: 2 },
      reopenRate: { windowDays: 14, reopened: 2, cohort: 4, rate: 0.5 },
      everReopenedRate: 0.75,
      incidentTimeToRestoreHours: {
        n: 2,
        method: 'nearest-rank',
        p50: 10,
        p85: 30,
        p95: 30,
        mean: 20,
        values: [10, 30],
      },
    });
  });

  test.each([
    [1, 0, 0],
    [3, 1, 0.25],
    [15, 3, 0.75],
  ])('reopenWindowDays %i → %i reopened', (days, reopened, rate) => {
    const result = doraRequestMetrics(rows, {
      window: twoWeeks,
      reopenWindowDays: days,
      isIncident: () => false,
    });
    expect(result.reopenRate).toEqual({ windowDays: days, reopened, cohort: 4, rate });
  });

  test('empty cohort gives null rates, not 0', () => {
    const result = doraRequestMetrics([], { window: twoWeeks, isIncident: () => true });
    expect(result.reopenRate.rate).toBeNull();
    expect(result.everReopenedRate).toBeNull();
    expect(result.requestLeadTimeHours.p50).toBeNull();
  });

  test('property: reopened within N ≤ ever reopened ≤ cohort', () => {
    const rowArb = fc
      .tuple(fc.option(fc.integer({ min: -100, max: 400 })), fc.option(fc.integer({ min: 0, max: 800 })))
      .map(([resolved, reopened]) => row('R', resolved, reopened));
    fc.assert(
      fc.property(fc.array(rowArb), fc.integer({ min: 0, max: 30 }), (all, days) => {
        const { reopenRate, everReopenedRate } = doraRequestMetrics(all, {
          window: twoWeeks,
          reopenWindowDays: days,
          isIncident: () => false,
        });
        expect(reopenRate.reopened).toBeLessThanOrEqual(reopenRate.cohort);
        if (reopenRate.rate !== null) expect(reopenRate.rate).toBeLessThanOrEqual(everReopenedRate ?? 0);
      }),
    );
  });
});

function deploy(
  finishedHours: number,
  status: Deployment['status'],
  overrides: Partial<Omit<Deployment, 'commitTimes'>> & { commits?: number[] } = {},
): Deployment {
  const { commits = [], ...rest } = overrides;
  return {
    source: 'github',
    externalId: String(finishedHours),
    service: 'api',
    environment: 'prod',
    startedAt: at(finishedHours - 0.5),
    finishedAt: at(finishedHours),
    status,
    commitTimes: commits.map((h) => at(h)),
    isRework: false,
    ...rest,
  };
}

describe('doraDeploymentMetrics', () => {
  const oneWeek = { from: at(0), to: at(7 * 24) };
  const deployments = [
    deploy(1, 'success', { commits: [-10, 0] }),
    deploy(5, 'failure'),
    deploy(6, 'failure'), // same outage as hour 5
    deploy(9, 'success', { commits: [8], isRework: true }),
    deploy(20, 'failure', { service: 'web' }), // never recovered
    deploy(30, 'failure', { environment: 'staging' }),
    deploy(200, 'success', { environment: 'staging' }), // recovers hour 30, outside the window
    deploy(40, 'in_progress', { finishedAt: null }),
    deploy(45, 'canceled'),
    deploy(50, 'success', { commits: [49, 51] }), // commit at 51 is after the deploy: dropped
  ];

  test('hand-computed week', () => {
    expect(doraDeploymentMetrics(deployments, { window: oneWeek })).toEqual({
      deployments: 7,
      successful: 3,
      failed: 4,
      rework: 1,
      frequency: 3,
      changeLeadTimeHours: {
        n: 4,
        method: 'nearest-rank',
        p50: 1,
        p85: 11,
        p95: 11,
        mean: 3.5,
        values: [1, 1, 1, 11],
      },
      changeFailRate: 4 / 7,
      failedDeploymentRecoveryHours: {
        n: 2,
        method: 'nearest-rank',
        p50: 4,
        p85: 170,
        p95: 170,
        mean: 87,
        values: [4, 170],
      },
      unrecoveredFailures: 1,
      reworkRate: 1 / 7,
    });
  });

  test('no deployment data → null; data outside the window → zeros and null rates', () => {
    expect(doraDeploymentMetrics([], { window: oneWeek })).toBeNull();
    const result = doraDeploymentMetrics([deploy(-5, 'success')], { window: oneWeek });
    expect(result?.deployments).toBe(0);
    expect(result?.frequency).toBe(0);
    expect(result?.changeFailRate).toBeNull();
  });

  test('property: rates are fractions and recovery times are non-negative', () => {
    const deployArb = fc
      .record({
        hours: fc.integer({ min: -50, max: 250 }),
        status: fc.constantFrom<Deployment['status']>('success', 'failure', 'in_progress', 'canceled'),
        service: fc.constantFrom('api', 'web'),
        isRework: fc.boolean(),
      })
      .map((d) =>
        deploy(d.hours, d.status, { service: d.service, isRework: d.isRework, commits: [d.hours - 3] }),
      );
    fc.assert(
      fc.property(fc.array(deployArb, { minLength: 1 }), (all) => {
        const result = doraDeploymentMetrics(all, { window: oneWeek });
        if (!result) throw new Error('null with data');
        expect(result.successful + result.failed).toBe(result.deployments);
        for (const rate of [result.changeFailRate, result.reworkRate]) {
          if (rate !== null) expect(rate).toBeGreaterThanOrEqual(0);
          if (rate !== null) expect(rate).toBeLessThanOrEqual(1);
        }
        expect(result.failedDeploymentRecoveryHours.n + result.unrecoveredFailures).toBeLessThanOrEqual(
          result.failed,
        );
        expect(result.changeLeadTimeHours.n).toBe(result.successful);
      }),
    );
  });
});
