import { beforeAll, describe, expect, test } from 'vitest';
import { analyze } from '../../lib/analysis/analyze';
import { defaultConfig } from '../../lib/config';
import { ensureFileConnection, upsertTickets } from '../../lib/ingest/ticket-store';
import { buildFlowReport } from '../../lib/reports/flow';
import { ASOF, FROM, TICKETS, TO } from '../../lib/reports/test-fixtures';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import { type FlowPageFilters, loadFlowPage } from './flow-page';

// The page reads the derived tables that `analyze` wrote as of ASOF, so its figures must equal the
// on-the-fly report for the same window, and the hand-computed values of the scenarios.
const filters = (team: string, overrides: Partial<FlowPageFilters> = {}): FlowPageFilters => ({
  from: FROM,
  to: TO,
  asOf: ASOF,
  team,
  source: null,
  cluster: null,
  method: 'nearest-rank',
  timeZone: 'UTC',
  reopenWindowDays: 14,
  incidentTypes: ['Incident'],
  ...overrides,
});

describe.each(testDatabases())('flow page query on $name', (target) => {
  const database = useTestDatabase(target);

  beforeAll(async () => {
    await database().db.transaction(async (tx) => {
      const connectionId = await ensureFileConnection(tx, 'test');
      await upsertTickets(tx, { connectionId, tickets: TICKETS, statusMap: {} });
    });
    await analyze(database(), { config: defaultConfig(), asOf: ASOF });
  });

  const load = (f: FlowPageFilters) => loadFlowPage({ sql: database().sql, filters: f });

  test('percentiles of 1..10 in SQL: percentile_disc is nearest-rank, percentile_cont is linear', async () => {
    const nearest = await load(filters('pct'));
    expect(nearest.leadTime).toMatchObject({
      n: 10,
      method: 'nearest-rank',
      p50: 5,
      p85: 9,
      p95: 10,
      mean: 5.5,
    });
    const linear = await load(filters('pct', { method: 'linear' }));
    expect(linear.leadTime.p50).toBeCloseTo(5.5, 9);
    expect(linear.leadTime.p85).toBeCloseTo(8.65, 9);
    expect(linear.leadTime.p95).toBeCloseTo(9.55, 9);
    expect(linear.scatter).toHaveLength(10);
  });

  test('weekly throughput is zero-filled in the report zone', async () => {
    const auckland = await load(filters('pct', { timeZone: 'Pacific/Auckland' }));
    expect(auckland.throughput).toEqual([
      { period: '2025-02-24', count: 0 },
      { period: '2025-03-03', count: 2 },
      { period: '2025-03-10', count: 8 },
    ]);
  });

  test('open tickets are aged and censored; the same figures as the report', async () => {
    const page = await load(filters('km'));
    expect(page.resolved).toBe(4);
    expect(page.open).toBe(2);
    expect(page.aging.map((a) => [a.key, a.ageHours])).toEqual([
      ['KM-OPEN', 100],
      ['KM-LATE', 50],
    ]);
    expect(page.leadTime.values).toEqual([10, 20, 30, 40]);
    expect(page.kaplanMeier).toMatchObject({
      n: 6,
      events: 4,
      censored: 2,
      p50: { value: 30, greaterThan: null },
      p85: { value: null, greaterThan: 100 },
    });
    const report = await buildFlowReport(database(), {
      config: defaultConfig(),
      asOf: ASOF,
      from: FROM,
      to: TO,
      filter: { team: 'km' },
    });
    expect(page.kaplanMeier.p50.value).toBe(report.leadTimeKaplanMeier.p50);
    expect(page.leadTime.p85).toBe(report.leadTimeHours.p85);
  });

  test('pooled flow efficiency and mean of ratios', async () => {
    const page = await load(filters('eff'));
    expect(page.flowEfficiencyPooled).toBeCloseTo(2 / 12, 9);
    expect(page.flowEfficiencyMeanOfRatios).toBeCloseTo(0.3, 9);
    expect(page.totals).toEqual({ queueHours: 10, waitingHours: 0, activeHours: 2 });
  });

  test('request metrics: reopened within N days, ever reopened, incident restore; no deployments', async () => {
    const page = await load(filters('reopen'));
    expect(page.request).toMatchObject({ reopenedWithin: 1, everReopened: 2, perWeek: 1.5 });
    expect(page.request.incidentRestore).toMatchObject({ n: 1, p50: 24 });
    expect((await load(filters('reopen', { reopenWindowDays: 7 }))).request.reopenedWithin).toBe(0);
    expect(page.deployments).toBeNull();
  });

  test('the window is over the first resolution', async () => {
    const page = await load(filters('window'));
    expect(page.resolved).toBe(1);
    expect(page.leadTime).toMatchObject({ n: 1, values: [72] });
  });
});
