import { beforeAll, describe, expect, test } from 'vitest';
import { buildSloReport } from '../../lib/reports/slo';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import { loadSloFixture, SLO_FIXTURE_AS_OF, SLO_FIXTURE_CONFIG } from '../../test/support/slo-fixture';
import { loadSloPage, type SloPageFilters, type SloPolicyFigures } from './slo-page';
import { instantOf } from './ticket-history';

const POLICIES = SLO_FIXTURE_CONFIG.slos.map((p) => ({ name: p.name, target: p.target }));
const ALL: SloPageFilters = {
  from: null,
  to: new Date('2025-03-11T00:00:00Z'),
  team: null,
  source: null,
  cluster: null,
  policy: null,
  timeZone: 'UTC',
};

type Outcome = [
  cycles: number,
  met: number,
  breached: number,
  ongoing: number,
  ongoingBreached: number,
  attainment: number | null,
  ticketsEverBreached: number,
  ticketsTotal: number,
];

const outcome = (p: SloPolicyFigures | undefined): Outcome =>
  p
    ? [
        p.cycles,
        p.met,
        p.breached,
        p.ongoing,
        p.ongoingBreached,
        p.attainment,
        p.ticketsEverBreached,
        p.ticketsTotal,
      ]
    : [-1, -1, -1, -1, -1, -1, -1, -1];

describe.each(testDatabases())('SLO page query on $name', (target) => {
  const database = useTestDatabase(target);
  beforeAll(async () => {
    await loadSloFixture(database());
  });
  const load = (over: Partial<SloPageFilters> = {}) =>
    loadSloPage({
      sql: database().sql,
      filters: { ...ALL, ...over },
      policies: POLICIES,
      calendars: SLO_FIXTURE_CONFIG.calendars,
    });

  test('per-policy figures, error budget and zero-filled weeks from the stored cycles', async () => {
    const page = await load();
    expect(page.computedAsOf).toBe('2025-03-10T00:00:00.000Z');
    expect(page.policies.map((p) => p.name)).toEqual(['resolution', 'p1-resolution']);
    const [resolution, p1] = page.policies;
    // D's ongoing breach is assessed: 2 met of 5; target 0.9 allows 0.5 breaches, 3 used → 6× the budget.
    expect(outcome(resolution)).toEqual([7, 2, 2, 3, 1, 0.4, 3, 6]);
    expect(resolution?.budget).toEqual({
      target: 0.9,
      assessed: 5,
      breaches: 3,
      allowedBreaches: 0.5,
      consumed: 6,
      remainingBreaches: -2.5,
    });
    expect(resolution?.calendar).toBe('always');
    expect(resolution?.calendarVersion).toMatch(/^always@[0-9a-f]{12}$/);
    // Every cycle started in the ISO week of Mon 3 Mar (D, E, F on Sunday 9 Mar); the week of 10 Mar is empty.
    expect(resolution?.weeks).toEqual([
      { period: '2025-03-03', assessed: 5, met: 2, breaches: 3, attainment: 0.4, budgetConsumedToDate: 6 },
      { period: '2025-03-10', assessed: 0, met: 0, breaches: 0, attainment: null, budgetConsumedToDate: 6 },
    ]);
    expect(outcome(p1)).toEqual([1, 0, 1, 0, 0, 0, 1, 1]);
    expect(p1).toMatchObject({ calendar: '24x7', target: 0.95 });
  });

  test('at-risk: ongoing unbreached cycles by due time, limited and counted, with the ticket link', async () => {
    const page = await load({ atRiskLimit: 1 });
    expect(page.atRisk.total).toBe(2);
    expect(page.atRisk.rows).toEqual([
      {
        policy: 'resolution',
        source: 'linear',
        key: 'E',
        title: 'ticket E',
        url: 'https://tracker.example/E',
        team: 'platform',
        dueAt: '2025-03-10T06:00:00.000Z',
        remainingHours: 6,
        startedAt: '2025-03-09T20:00:00.000Z',
        calendar: 'always',
        remainingHoursNow: 6,
        overdue: false,
      },
    ]);
    expect(page.atRisk.overdue).toBe(0);
    expect((await load()).atRisk.rows.map((r) => r.key)).toEqual(['E', 'F']);
    expect((await load({ team: 'data' })).atRisk).toEqual({ total: 0, overdue: 0, rows: [] });
  });

  // Analysis as of 10 Mar 00:00; E is due 06:00 (6 h left then), F 08:00 (8 h).
  test.each<[string, string, Array<[string, number, number, boolean]>, number]>([
    [
      'at the analysis instant',
      '2025-03-10T00:00:00Z',
      [
        ['E', 6, 6, false],
        ['F', 8, 8, false],
      ],
      0,
    ],
    [
      'before the analysis: stored',
      '2025-03-09T23:00:00Z',
      [
        ['E', 6, 6, false],
        ['F', 8, 8, false],
      ],
      0,
    ],
    [
      '3 h later',
      '2025-03-10T03:00:00Z',
      [
        ['E', 6, 3, false],
        ['F', 8, 5, false],
      ],
      0,
    ],
    [
      '7 h later: E overdue',
      '2025-03-10T07:00:00Z',
      [
        ['E', 6, 0, true],
        ['F', 8, 1, false],
      ],
      1,
    ],
  ])('at-risk clocks read at the page instant: %s', async (_name, asOf, expected, overdue) => {
    const { atRisk } = await load({ asOf: new Date(asOf) });
    expect(atRisk.rows.map((r) => [r.key, r.remainingHours, r.remainingHoursNow, r.overdue])).toEqual(
      expected,
    );
    expect(atRisk.overdue).toBe(overdue);
    expect(atRisk.total).toBe(2);
  });

  test('breaches by team and by request type (unclustered as null)', async () => {
    // Breached cycles: resolution B, C#2, D and p1-resolution B.
    expect((await load()).breaches).toEqual({
      total: 4,
      byTeam: [
        { id: null, label: 'data', breaches: 2 },
        { id: null, label: 'platform', breaches: 2 },
      ],
      byType: [
        { id: 'c-repo', label: 'create repo', breaches: 2 },
        { id: null, label: null, breaches: 2 },
      ],
      moreTypes: 0,
    });
    const resolution = (await load({ policy: 'resolution' })).breaches;
    expect(resolution.total).toBe(3);
    expect(resolution.byType).toEqual([
      { id: null, label: null, breaches: 2 },
      { id: 'c-repo', label: 'create repo', breaches: 1 },
    ]);
  });

  test.each<[string, Partial<SloPageFilters>, Outcome]>([
    ['team data', { team: 'data' }, [3, 1, 1, 1, 1, 1 / 3, 2, 2]],
    ['source linear', { source: 'linear' }, [2, 0, 0, 2, 0, null, 0, 2]],
    ['request type c-repo', { cluster: 'c-repo' }, [2, 1, 1, 0, 0, 0.5, 1, 2]],
    [
      'cycles started in [5 Mar, 9 Mar 12:00)',
      { from: new Date('2025-03-05T00:00:00Z'), to: new Date('2025-03-09T12:00:00Z') },
      [2, 0, 1, 1, 1, 0, 2, 2],
    ],
  ])('filter: %s', async (_name, filters, expected) => {
    const page = await load(filters);
    expect(outcome(page.policies.find((p) => p.name === 'resolution'))).toEqual(expected);
  });

  test('agrees with the slo report derived as of the same instant', async () => {
    for (const filters of [{}, { team: 'data' }, { source: 'linear' }, { cluster: 'c-repo' }]) {
      const page = await load(filters);
      const report = await buildSloReport(database(), {
        config: SLO_FIXTURE_CONFIG,
        asOf: SLO_FIXTURE_AS_OF,
        to: ALL.to,
        team: 'team' in filters ? filters.team : undefined,
        source: 'source' in filters ? filters.source : undefined,
        cluster: 'cluster' in filters ? filters.cluster : undefined,
      });
      for (const row of report) {
        const figures = page.policies.find((p) => p.name === row.name);
        expect(outcome(figures)).toEqual([
          row.cycles,
          row.met,
          row.breached,
          row.ongoing,
          row.ongoingBreached,
          row.attainment,
          row.ticketsEverBreached,
          row.ticketsTotal,
        ]);
      }
    }
  });

  // Distinct tickets come from each cycle's predecessor start; check them against count(distinct) for
  // a window starting at, and just after, every stored cycle start (where a ticket's first cycle in the
  // window changes).
  test('distinct tickets and tickets ever breached equal a count(distinct) for every window start', async () => {
    const { sql } = database();
    const starts = await sql<
      { at: string | Date }[]
    >`select distinct started_at as at from slo_cycles order by 1`;
    const froms = starts.map(({ at }) => instantOf(at)).flatMap((at) => [at, new Date(at.getTime() + 1)]);
    for (const from of froms) {
      const page = await load({ from });
      const expected = await sql<{ policy: string; tickets: number; breached: number }[]>`
        select policy, count(distinct ticket_id)::int as tickets,
               count(distinct ticket_id) filter (where breached)::int as breached
        from slo_cycles where started_at >= ${from.toISOString()}::timestamptz
          and started_at < ${ALL.to.toISOString()}::timestamptz
        group by policy`;
      for (const row of expected) {
        const figures = page.policies.find((p) => p.name === row.policy);
        expect([from.toISOString(), figures?.ticketsTotal, figures?.ticketsEverBreached]).toEqual([
          from.toISOString(),
          row.tickets,
          row.breached,
        ]);
      }
    }
  });
});

describe.each(testDatabases())('SLO page query before any analysis on $name', (target) => {
  const database = useTestDatabase(target);

  test('declared policies show with no cycles: null attainment, no budget, zero-filled weeks', async () => {
    const page = await loadSloPage({
      sql: database().sql,
      filters: {
        ...ALL,
        from: new Date('2025-03-03T00:00:00Z'),
        to: new Date('2025-03-17T00:00:00Z'),
        asOf: new Date('2025-03-17T00:00:00Z'),
      },
      policies: [{ name: 'triage', target: 0.99 }],
    });
    expect(page.computedAsOf).toBeNull();
    expect(page.atRisk).toEqual({ total: 0, overdue: 0, rows: [] });
    expect(page.breaches).toEqual({ total: 0, byTeam: [], byType: [], moreTypes: 0 });
    expect(page.policies).toEqual([
      {
        name: 'triage',
        target: 0.99,
        calendar: null,
        calendarVersion: null,
        cycles: 0,
        met: 0,
        breached: 0,
        ongoing: 0,
        ongoingBreached: 0,
        assessed: 0,
        attainment: null,
        ticketsEverBreached: 0,
        ticketsTotal: 0,
        budget: {
          target: 0.99,
          assessed: 0,
          breaches: 0,
          allowedBreaches: 0,
          consumed: null,
          remainingBreaches: 0,
        },
        weeks: [
          {
            period: '2025-03-03',
            assessed: 0,
            met: 0,
            breaches: 0,
            attainment: null,
            budgetConsumedToDate: null,
          },
          {
            period: '2025-03-10',
            assessed: 0,
            met: 0,
            breaches: 0,
            attainment: null,
            budgetConsumedToDate: null,
          },
        ],
      },
    ]);
  });
});
