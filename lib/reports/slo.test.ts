import { beforeAll, describe, expect, test } from 'vitest';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import { loadSloFixture, SLO_FIXTURE_AS_OF, SLO_FIXTURE_CONFIG } from '../../test/support/slo-fixture';
import { buildSloReport, type SloPolicyReport, type SloReportQuery, sloReportCsvRow } from './slo';

const AS_OF = SLO_FIXTURE_AS_OF;
const config = SLO_FIXTURE_CONFIG;

type Counts = Pick<
  SloPolicyReport,
  | 'cycles'
  | 'met'
  | 'breached'
  | 'ongoing'
  | 'ongoingBreached'
  | 'attainment'
  | 'ticketsEverBreached'
  | 'ticketsTotal'
> & { atRisk: Array<[key: string, dueAt: string | null, remainingHours: number]> };

const counts = (
  cycles: number,
  met: number,
  breached: number,
  ongoing: number,
  ongoingBreached: number,
  attainment: number | null,
  ticketsEverBreached: number,
  ticketsTotal: number,
  atRisk: Counts['atRisk'] = [],
): Counts => ({
  cycles,
  met,
  breached,
  ongoing,
  ongoingBreached,
  attainment,
  ticketsEverBreached,
  ticketsTotal,
  atRisk,
});

function countsOf(row: SloPolicyReport | undefined): Counts {
  if (!row) throw new Error('policy missing from the report');
  return {
    ...counts(
      row.cycles,
      row.met,
      row.breached,
      row.ongoing,
      row.ongoingBreached,
      row.attainment,
      row.ticketsEverBreached,
      row.ticketsTotal,
    ),
    atRisk: row.atRisk.map((r) => [r.key, r.dueAt, r.remainingHours]),
  };
}

describe.each(testDatabases())('slo report on $name', (target) => {
  const database = useTestDatabase(target);

  beforeAll(async () => {
    await loadSloFixture(database(), { analyzed: false });
  });

  const report = (over: Partial<SloReportQuery> = {}) =>
    buildSloReport(database(), { config, asOf: AS_OF, pageSize: 2, ...over });

  test.each<[string, Partial<SloReportQuery>, Counts]>([
    [
      // D's ongoing breach counts in attainment: 2 met / (4 completed + 1 ongoing breached)
      'all tickets as of 03-10',
      {},
      counts(7, 2, 2, 3, 1, 0.4, 3, 6, [
        ['E', '2025-03-10T06:00:00.000Z', 6],
        ['F', '2025-03-10T08:00:00.000Z', 8],
      ]),
    ],
    [
      // Before D breaches and before E and F exist: 5 cycles of 4 tickets; D is at risk with 5 h left.
      'as of 03-09 05:00, before the breach',
      { asOf: new Date('2025-03-09T05:00:00Z') },
      counts(5, 2, 2, 1, 0, 0.5, 2, 4, [['D', '2025-03-09T10:00:00.000Z', 5]]),
    ],
    [
      // C's second cycle is running (8 h of 10) and its reopen-to-done events lie in the future.
      'as of 03-05 08:00, inside the reopened cycle',
      { asOf: new Date('2025-03-05T08:00:00Z') },
      counts(4, 2, 1, 1, 0, 2 / 3, 1, 3, [['C', '2025-03-05T10:00:00.000Z', 2]]),
    ],
    ['team data', { team: 'data' }, counts(3, 1, 1, 1, 1, 1 / 3, 2, 2)],
    [
      'source linear: only ongoing, unbreached cycles',
      { source: 'linear' },
      counts(2, 0, 0, 2, 0, null, 0, 2, [
        ['E', '2025-03-10T06:00:00.000Z', 6],
        ['F', '2025-03-10T08:00:00.000Z', 8],
      ]),
    ],
    ['cluster c-repo', { cluster: 'c-repo' }, counts(2, 1, 1, 0, 0, 0.5, 1, 2)],
    [
      // Only C's second cycle (03-05) and D (03-09) start in [03-05, 03-09 12:00).
      'cycles started in the window',
      { from: new Date('2025-03-05T00:00:00Z'), to: new Date('2025-03-09T12:00:00Z') },
      counts(2, 0, 1, 1, 1, 0, 2, 2),
    ],
    ['an empty window', { from: new Date('2026-01-01T00:00:00Z') }, counts(0, 0, 0, 0, 0, null, 0, 0)],
  ])('resolution: %s', async (_name, query, expected) => {
    const rows = await report(query);
    expect(countsOf(rows.find((r) => r.name === 'resolution'))).toEqual(expected);
  });

  test('a goal that matches only P1 tickets counts only them', async () => {
    const rows = await report();
    expect(countsOf(rows.find((r) => r.name === 'p1-resolution'))).toEqual(counts(1, 0, 1, 0, 0, 0, 1, 1));
  });

  test('one object per policy with the contract fields first, then context', async () => {
    const rows = await report({ from: new Date('2025-03-01T00:00:00Z') });
    expect(rows.map((r) => r.name)).toEqual(['resolution', 'p1-resolution']);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'name',
      'calendar',
      'cycles',
      'met',
      'breached',
      'ongoing',
      'ongoingBreached',
      'attainment',
      'ticketsEverBreached',
      'ticketsTotal',
      'atRisk',
      'calendarVersion',
      'target',
      'window',
      'asOf',
    ]);
    expect(rows[0]).toMatchObject({
      calendar: 'always',
      target: 0.9,
      window: { from: '2025-03-01T00:00:00.000Z', to: '2025-03-10T00:00:00.000Z' },
      asOf: '2025-03-10T00:00:00.000Z',
    });
    expect(rows[0]?.calendarVersion).toMatch(/^always@[0-9a-f]{12}$/);
    expect(rows[0]?.atRisk[0]).toEqual({
      key: 'E',
      dueAt: '2025-03-10T06:00:00.000Z',
      remainingHours: 6,
      source: 'linear',
    });
    expect(rows[1]).toMatchObject({ calendar: '24x7', target: 0.95 });
  });

  test('CSV rows carry the scalar fields and the at-risk size', async () => {
    const [row] = await report();
    expect(row && sloReportCsvRow(row)).toEqual([
      'resolution',
      'always',
      row?.calendarVersion,
      0.9,
      7,
      2,
      2,
      3,
      1,
      0.4,
      3,
      6,
      2,
      '2025-03-10T06:00:00.000Z',
      null,
      '2025-03-10T00:00:00.000Z',
      '2025-03-10T00:00:00.000Z',
    ]);
  });
});
