import { beforeAll, describe, expect, test } from 'vitest';
import { deployments } from '../../db/schema';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import { defaultConfig, type ToilscopeConfig } from '../config';
import { ensureFileConnection, upsertTickets } from '../ingest/ticket-store';
import { reportCsvRows } from './csv';
import { buildDoraReport } from './dora';
import { buildFlowReport } from './flow';
import { ASOF, FROM, plus, TICKETS, TO, t } from './test-fixtures';

const config = (overrides: Partial<ToilscopeConfig> = {}): ToilscopeConfig => ({
  ...defaultConfig(),
  ...overrides,
});
const scope = (team: string) => ({ asOf: ASOF, from: FROM, to: TO, filter: { team } });

describe.each(testDatabases())('flow and dora reports on $name', (target) => {
  const database = useTestDatabase(target);

  beforeAll(async () => {
    const db = database().db;
    await db.transaction(async (tx) => {
      const connectionId = await ensureFileConnection(tx, 'test');
      await upsertTickets(tx, { connectionId, tickets: TICKETS, statusMap: {} });
    });
  });

  test('percentiles of 1..10: nearest-rank by default, linear on request', async () => {
    const nearest = await buildFlowReport(database(), { config: config(), ...scope('pct') });
    expect(nearest.leadTimeHours).toEqual({
      n: 10,
      method: 'nearest-rank',
      p50: 5,
      p85: 9,
      p95: 10,
      mean: 5.5,
    });
    const linear = await buildFlowReport(database(), { config: config(), ...scope('pct'), method: 'linear' });
    expect(linear.leadTimeHours).toEqual({
      n: 10,
      method: 'linear',
      p50: 5.5,
      p85: 8.65,
      p95: 9.55,
      mean: 5.5,
    });
    expect(linear.resolved).toBe(10);
    expect(linear.open).toBe(0);
  });

  test('throughput per week is zero-filled and bucketed in the report zone', async () => {
    // Auckland is UTC+13 in March: 11:00Z on Sunday 9 March is 00:00 on Monday 10 March there.
    const auckland = await buildFlowReport(database(), {
      config: config({ reportTimeZone: 'Pacific/Auckland' }),
      ...scope('pct'),
    });
    expect(auckland.reportTimeZone).toBe('Pacific/Auckland');
    expect(auckland.throughput).toEqual([
      { period: '2025-02-24', count: 0 },
      { period: '2025-03-03', count: 2 },
      { period: '2025-03-10', count: 8 },
    ]);
    const utc = await buildFlowReport(database(), { config: config(), ...scope('pct') });
    expect(utc.throughput).toEqual([
      { period: '2025-02-24', count: 0 },
      { period: '2025-03-03', count: 10 },
      { period: '2025-03-10', count: 0 },
    ]);
  });

  test('open tickets are counted, aged and censored in Kaplan–Meier; later events are ignored', async () => {
    const report = await buildFlowReport(database(), { config: config(), ...scope('km') });
    expect(report.resolved).toBe(4);
    expect(report.open).toBe(2);
    expect(report.agingWip.map(({ key, ageHours }) => ({ key, ageHours }))).toEqual([
      { key: 'KM-OPEN', ageHours: 100 },
      { key: 'KM-LATE', ageHours: 50 },
    ]);
    // Completed only: nearest-rank p50 of 10, 20, 30, 40 is 20.
    expect(report.leadTimeHours.p50).toBe(20);
    // S = 5/6, 4/6, 3/6 (p50 at 30 h), 2/6; never ≤ 0.15, so p85 is "> 100 h".
    expect(report.leadTimeKaplanMeier).toEqual({
      n: 6,
      events: 4,
      censored: 2,
      p50: 30,
      p50Above: null,
      p85: null,
      p85Above: 100,
    });
    // As of a later instant KM-LATE is resolved (55 h) and no longer open.
    const later = await buildFlowReport(database(), {
      config: config(),
      asOf: plus(ASOF, 6),
      from: FROM,
      filter: { team: 'km' },
    });
    expect(later.open).toBe(1);
    expect(later.resolved).toBe(5);
  });

  test('time to triage leaves out tickets that never entered triage', async () => {
    const report = await buildFlowReport(database(), { config: config(), ...scope('triage') });
    expect(report.resolved).toBe(2);
    expect(report.timeToTriageHours).toMatchObject({ n: 1, p50: 2, mean: 2 });
    expect(report.queueHours).toMatchObject({ n: 2, mean: 4.5 });
  });

  test('pooled flow efficiency differs from the mean of ratios', async () => {
    const report = await buildFlowReport(database(), { config: config(), ...scope('eff') });
    expect(report.flowEfficiencyPooled).toBeCloseTo(2 / 12, 9);
    expect(report.flowEfficiencyMeanOfRatios).toBeCloseTo(0.3, 9);
  });

  test('the window is over the first resolution, not the final one', async () => {
    const report = await buildFlowReport(database(), { config: config(), ...scope('window') });
    expect(report.resolved).toBe(1);
    expect(report.leadTimeHours).toMatchObject({ n: 1, p50: 72 });
    expect(report.window).toEqual({ from: FROM.toISOString(), to: TO.toISOString() });
  });

  test('dora: reopen within N days of first resolution, ever reopened, incident restore', async () => {
    const report = await buildDoraReport(database(), { config: config(), ...scope('reopen') });
    expect(report.reopenRate).toEqual({ windowDays: 14, reopened: 1, cohort: 3, rate: 1 / 3 });
    expect(report.everReopenedRate).toBeCloseTo(2 / 3, 12);
    expect(report.requestThroughput).toEqual({ count: 3, perWeek: 1.5 });
    expect(report.requestLeadTimeHours).toMatchObject({ n: 3, p50: 24 });
    expect(report.incidentTimeToRestoreHours).toMatchObject({ n: 1, p50: 24 });
    const week = await buildDoraReport(database(), {
      config: config({ reopenWindowDays: 7 }),
      ...scope('reopen'),
    });
    expect(week.reopenRate).toEqual({ windowDays: 7, reopened: 0, cohort: 3, rate: 0 });
  });

  test('dora deployments: null when none finished in the window, the five metrics when some did', async () => {
    expect(
      (await buildDoraReport(database(), { config: config(), ...scope('reopen') })).deployments,
    ).toBeNull();
    await database()
      .db.insert(deployments)
      .values([
        {
          id: 'test:early',
          source: 'test',
          service: 'api',
          environment: 'prod',
          startedAt: t('2025-02-01T00:00:00Z'),
          finishedAt: t('2025-02-01T00:10:00Z'),
          status: 'success',
        },
      ]);
    expect(
      (await buildDoraReport(database(), { config: config(), ...scope('reopen') })).deployments,
    ).toBeNull();
    await database()
      .db.insert(deployments)
      .values([
        {
          id: 'test:in-window',
          source: 'test',
          service: 'api',
          environment: 'prod',
          startedAt: t('2025-03-10T00:00:00Z'),
          finishedAt: t('2025-03-10T01:00:00Z'),
          status: 'success',
          commitTimes: ['2025-03-09T01:00:00Z'],
        },
      ]);
    const report = await buildDoraReport(database(), { config: config(), ...scope('reopen') });
    expect(report.deployments).toMatchObject({
      frequency: 0.5,
      changeLeadTimeHours: { n: 1, p50: 24 },
      changeFailRate: 0,
      reworkRate: 0,
      deployments: 1,
    });
    expect(JSON.stringify(report)).not.toMatch(/elite|high|medium|low/i);
  });

  test('CSV: one row per figure, distributions spread over n/method/p50/p85/p95/mean', async () => {
    const report = await buildFlowReport(database(), { config: config(), ...scope('km') });
    const rows = reportCsvRows(report);
    expect(rows).toContainEqual(
      expect.objectContaining({
        metric: 'leadTimeHours',
        n: 4,
        method: 'nearest-rank',
        p50: 20,
        value: null,
      }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ metric: 'leadTimeKaplanMeier.p85Above', value: 100 }),
    );
    expect(rows).toContainEqual(
      expect.objectContaining({ metric: 'agingWip[KM-OPEN].ageHours', value: 100 }),
    );
  });
});
