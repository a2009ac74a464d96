import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import {
  type CandidateCostModel,
  type CandidateTicket,
  type ClusterFacts,
  entropyBits,
  MONTH_MS,
  moments,
  rankCandidates,
  relativeTrend,
  repetitivenessOf,
  routineShareOf,
  summariseClusters,
  TREND_SLICES,
} from './candidates';

const FROM = new Date('2025-01-01T00:00:00Z');
const TWO_MONTHS = { from: FROM, to: new Date(FROM.getTime() + 2 * MONTH_MS) };
const monthsIn = (m: number) => new Date(FROM.getTime() + m * MONTH_MS);

const COST: CandidateCostModel = {
  requesterHourly: 100,
  teamHourly: 120,
  handlingMinutesPerTicket: null,
  buildCostHours: 80,
};

function ticket(overrides: Partial<CandidateTicket>): CandidateTicket {
  return {
    clusterId: 'A',
    key: 'OPS-0',
    createdAt: FROM,
    resolved: true,
    leadTimeHours: 10,
    queueHours: 0,
    waitingHours: 0,
    activeHours: 0,
    templateId: 'T1',
    path: ['To Do', 'In Progress', 'Done'],
    assignee: 'bob',
    sloMissed: false,
    ...overrides,
  };
}

const PATH_1 = ['To Do', 'In Progress', 'Done'];
const PATH_2 = ['To Do', 'In Progress', 'Waiting', 'In Progress', 'Done'];

// Cluster A, worked by hand (2-month window, cost model 100 / 120 / measured / 80 h):
//   resolved waits (queue + waiting) 2, 6, 6 → mean 14/3, variance 16/3; active 1, 1, 4 → mean 2, var 3;
//   covariance ((−8/3)(−1) + (4/3)(−1) + (4/3)(2)) / 2 = 2.
//   4 tickets / 2 months = 2 a month → wait 28/3 h, handling 4 h a month;
//   cost 100·28/3 + 120·4 = 4240/3; build 80·120 = 9600; payback 9600·3/4240 = 6.792453.
//   Templates T1 ×3 of 4 → 0.75; paths (repeats collapsed) P1 ×2, P2 ×1 of 3 → 2/3;
//   repetitiveness (0.75 + 2/3)/2 = 17/24; routine share 1 − 2/80 = 0.975;
//   score 4240/3 · 17/24 · 0.975 = 976.083333; entropy H(2/3, 1/3) = 0.918296.
const clusterA: CandidateTicket[] = [
  ticket({ key: 'OPS-1', createdAt: monthsIn(0.1), queueHours: 2, activeHours: 1, path: PATH_1 }),
  ticket({
    key: 'OPS-2',
    createdAt: monthsIn(0.5),
    queueHours: 4,
    waitingHours: 2,
    activeHours: 1,
    path: ['To Do', 'In Progress', 'In Progress', 'Done'],
    assignee: 'ann',
    sloMissed: true,
  }),
  ticket({
    key: 'OPS-3',
    createdAt: monthsIn(1.0),
    queueHours: 6,
    activeHours: 4,
    templateId: 'T2',
    path: PATH_2,
  }),
  ticket({
    key: 'OPS-4',
    createdAt: monthsIn(1.9),
    resolved: false,
    leadTimeHours: null,
    queueHours: 10,
    path: null,
    assignee: null,
  }),
];

const META = new Map([
  ['A', { label: 'add ci secret', template: 'add secret <*> to <*>' }],
  ['B', { label: 'vpn access', template: null }],
  ['C', { label: 'restart', template: null }],
]);

function summaryOf(tickets: CandidateTicket[], window = TWO_MONTHS) {
  return summariseClusters(tickets, window, META);
}

describe('summariseClusters', () => {
  test('folds a cluster into the facts worked by hand', () => {
    const [a] = summaryOf(clusterA);
    expect(a?.facts).toMatchObject({
      clusterId: 'A',
      label: 'add ci secret',
      template: 'add secret <*> to <*>',
      tickets: 4,
      resolved: 3,
      distinctPaths: 2,
      distinctAssignees: 2,
      sloMisses: 1,
      topTemplateShare: 0.75,
    });
    const facts = a?.facts as ClusterFacts;
    expect(facts.windowMonths).toBeCloseTo(2, 12);
    expect(facts.wait.mean).toBeCloseTo(14 / 3, 12);
    expect(facts.wait.variance).toBeCloseTo(16 / 3, 12);
    expect(facts.active).toEqual({ n: 3, mean: 2, variance: 3 });
    expect(facts.waitActiveCovariance).toBeCloseTo(2, 12);
    expect(facts.topPathShare).toBeCloseTo(2 / 3, 12);
    expect(facts.pathEntropyBits).toBeCloseTo(0.918296, 6);
    // 12 slices of 1/6 month: 0.1 → 0, 0.5 → 3, 1.0 → 6, 1.9 → 11.
    expect(facts.series).toEqual([1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1]);
    expect(a?.firstSeen).toEqual(monthsIn(0.1));
    expect(a?.lastSeen).toEqual(monthsIn(1.9));
    expect(a?.recentKeys).toEqual(['OPS-4', 'OPS-3', 'OPS-2', 'OPS-1']);
    expect(a?.queueHours).toEqual([2, 4, 6]);
    expect(a?.templates).toEqual([
      { templateId: 'T1', tickets: 3 },
      { templateId: 'T2', tickets: 1 },
    ]);
  });

  test('ignores tickets created outside [from, to) and clusters without metadata', () => {
    const summaries = summaryOf([
      ticket({ key: 'before', createdAt: new Date(FROM.getTime() - 1) }),
      ticket({ key: 'at-start', createdAt: FROM }),
      ticket({ key: 'at-end', createdAt: TWO_MONTHS.to }),
      ticket({ clusterId: 'unknown', key: 'stray' }),
    ]);
    expect(summaries).toHaveLength(1);
    expect(summaries[0]?.facts.tickets).toBe(1);
    expect(summaries[0]?.recentKeys).toEqual(['at-start']);
  });

  test('a window that does not end after it starts is refused', () => {
    expect(() => summaryOf([], { from: FROM, to: FROM })).toThrow(/window/);
  });
});

describe('rankCandidates', () => {
  test('cluster A: the cost model figures worked by hand', () => {
    const [a] = rankCandidates(
      summaryOf(clusterA).map((s) => s.facts),
      COST,
    );
    expect(a).toMatchObject({
      rank: 1,
      clusterId: 'A',
      tickets: 4,
      resolved: 3,
      ticketsPerMonth: 2,
      handlingHoursPerMonth: 4,
      buildCost: 9600,
      handlingBasis: 'measured',
      handlingHoursPerTicket: 2,
      distinctAssignees: 2,
      sloMisses: 1,
      topTemplateShare: 0.75,
    });
    expect(a?.requesterWaitHoursPerMonth).toBeCloseTo(28 / 3, 6);
    expect(a?.waitHoursPerTicket).toBeCloseTo(14 / 3, 6);
    expect(a?.monthlyCost).toBeCloseTo(4240 / 3, 6);
    expect(a?.paybackMonths).toBeCloseTo(6.792453, 6);
    expect(a?.repetitiveness).toBeCloseTo(17 / 24, 6);
    expect(a?.routineShare).toBeCloseTo(0.975, 6);
    expect(a?.score).toBeCloseTo(976.083333, 5);
    // Trend by hand: rates 6/month in slices 0, 3, 6, 11; slope −12/143 per slice = −72/143 per month,
    // over a mean rate of 2 → −0.251748.
    expect(a?.trendPerMonth).toBeCloseTo(-36 / 143, 6);
    expect(a?.why).toBe(
      '2 tickets a month (4 in the window). Requesters wait 4.7 h per ticket on average and each takes ' +
        '2 h of hands-on work: a cost of about 1,413 a month. 75% match one template and 67% follow the ' +
        'same status path; 2 people handle it. Building it (80 h) pays back in 6.8 months (90% range ' +
        '2.6–18). 1 ticket missed an SLO. Few tickets: treat these figures as a hint.',
    );
  });

  test('cluster A: the 90% range worked by hand', () => {
    // Per-ticket cost c = 100·wait + 120·active: mean 100·14/3 + 240 = 2120/3;
    // Var c = 100²·16/3 + 120²·3 + 2·100·120·2 = 433600/3; cv² = (433600/3)/(2120/3)² = 0.289427;
    // relative variance 1/4 + cv²/3 = 0.346476 → factor exp(1.644854 · 0.588622) = 2.633192.
    const [a] = rankCandidates(
      summaryOf(clusterA).map((s) => s.facts),
      COST,
    );
    const factor = 2.633192;
    expect(a?.confidence.level).toBe(0.9);
    expect(a?.confidence.monthlyCostLow).toBeCloseTo(4240 / 3 / factor, 2);
    expect(a?.confidence.monthlyCostHigh).toBeCloseTo((4240 / 3) * factor, 2);
    expect(a?.confidence.paybackMonthsLow).toBeCloseTo(9600 / ((4240 / 3) * factor), 4);
    expect(a?.confidence.paybackMonthsHigh).toBeCloseTo(9600 / (4240 / 3 / factor), 3);
    expect(a?.confidence.scoreLow).toBeCloseTo(((4240 / 3) * (17 / 24) * 0.975) / factor, 2);
  });

  test.each([
    // minutes configured → handling 0.5 h/ticket ⇒ 1 h/month; cost 100·28/3 + 120·1 = 3160/3
    [{ handlingMinutesPerTicket: 30 }, 1, 3160 / 3, 'configured'],
    // no team cost: only the wait counts
    [{ teamHourly: 0 }, 4, 2800 / 3, 'measured'],
    // free requesters: handling only
    [{ requesterHourly: 0 }, 4, 480, 'measured'],
  ] as const)('cost model %j → handling %s h/month, cost %s (%s)', (change, handling, monthly, basis) => {
    const [a] = rankCandidates(
      summaryOf(clusterA).map((s) => s.facts),
      { ...COST, ...change },
    );
    expect(a?.handlingHoursPerMonth).toBeCloseTo(handling, 6);
    expect(a?.monthlyCost).toBeCloseTo(monthly, 6);
    expect(a?.handlingBasis).toBe(basis);
    const model: CandidateCostModel = { ...COST, ...change };
    const build = model.buildCostHours * model.teamHourly;
    expect(a?.paybackMonths).toBeCloseTo(build / monthly, 6);
  });

  test('configured minutes: the range only reflects the wait spread and the count', () => {
    const [a] = rankCandidates(
      summaryOf(clusterA).map((s) => s.facts),
      { ...COST, handlingMinutesPerTicket: 30 },
    );
    // c = 100·wait + 60: mean 1580/3, Var = 100²·16/3; cv² = 0.213107; rel var 1/4 + cv²/3 = 0.321036.
    const factor = Math.exp(1.6448536269514722 * Math.sqrt(0.25 + 160000 / 3 / (1580 / 3) ** 2 / 3));
    expect(a?.confidence.monthlyCostHigh).toBeCloseTo((3160 / 3) * factor, 4);
  });

  test('ranks by score, then volume; leaves out clusters without tickets; nulls last', () => {
    const facts = summaryOf([
      ...clusterA,
      // B: 1 ticket, never resolved → cost unknown, score null.
      ticket({ clusterId: 'B', key: 'VPN-1', resolved: false, leadTimeHours: null, path: null }),
      // C: 12 resolved tickets, one per slice, 10 h wait each, one template, one path → 6/month,
      // 60 h wait a month, cost 6000, repetitiveness 1, score 6000, flat trend.
      ...Array.from({ length: 12 }, (_, i) =>
        ticket({ clusterId: 'C', key: `R-${i}`, createdAt: monthsIn(i / 6 + 0.01), queueHours: 10 }),
      ),
    ]).map((s) => s.facts);
    const ranked = rankCandidates(
      [...facts, { ...facts[0], clusterId: 'empty', tickets: 0 } as ClusterFacts],
      COST,
    );
    expect(ranked.map((c) => [c.rank, c.clusterId])).toEqual([
      [1, 'C'],
      [2, 'A'],
      [3, 'B'],
    ]);
    const [c, , b] = ranked;
    expect(c?.monthlyCost).toBeCloseTo(6000, 6);
    expect(c?.repetitiveness).toBe(1);
    expect(c?.pathEntropyBits).toBe(0);
    expect(c?.trendPerMonth).toBe(0);
    expect(c?.why).toContain(', steady)');
    expect(b).toMatchObject({
      monthlyCost: null,
      paybackMonths: null,
      score: null,
      requesterWaitHoursPerMonth: null,
      repetitiveness: 1,
      topPathShare: null,
    });
    expect(b?.confidence.monthlyCostLow).toBeNull();
    expect(b?.why).toContain('None resolved yet');
  });

  test('a type that costs nothing never pays back', () => {
    const facts = summaryOf([ticket({ key: 'Z-1' }), ticket({ key: 'Z-2' })]).map((s) => s.facts);
    const [z] = rankCandidates(facts, COST);
    expect(z?.monthlyCost).toBe(0);
    expect(z?.paybackMonths).toBeNull();
    expect(z?.why).toContain('never pays back');
  });

  test('property: the 90% range holds the estimate and scales with the rates', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            queue: fc.double({ min: 0, max: 500, noNaN: true }),
            active: fc.double({ min: 0, max: 50, noNaN: true }),
          }),
          { minLength: 1, maxLength: 40 },
        ),
        fc.double({ min: 1, max: 500, noNaN: true }),
        fc.double({ min: 1, max: 500, noNaN: true }),
        (rows, requesterHourly, teamHourly) => {
          const tickets = rows.map((r, i) =>
            ticket({
              key: `P-${i}`,
              createdAt: monthsIn((i % 20) / 10),
              queueHours: r.queue,
              activeHours: r.active,
            }),
          );
          const facts = summaryOf(tickets).map((s) => s.facts);
          const [one] = rankCandidates(facts, { ...COST, requesterHourly, teamHourly });
          const [twice] = rankCandidates(facts, {
            ...COST,
            requesterHourly: 2 * requesterHourly,
            teamHourly: 2 * teamHourly,
          });
          const cost = one?.monthlyCost ?? 0;
          expect(twice?.monthlyCost ?? 0).toBeCloseTo(2 * cost, 3);
          const { monthlyCostLow, monthlyCostHigh } = one?.confidence ?? {};
          expect(monthlyCostLow ?? 0).toBeLessThanOrEqual(cost + 1e-6);
          expect(monthlyCostHigh ?? 0).toBeGreaterThanOrEqual(cost - 1e-6);
        },
      ),
    );
  });
});

describe('helpers', () => {
  test.each([
    [[4], 0],
    [[1, 1], 1],
    [[2, 1, 1], 1.5],
    [[1, 1, 1, 1], 2],
    [[0, 3], 0],
  ])('entropy of counts %j = %s bits', (counts, bits) => {
    expect(entropyBits(counts)).toBeCloseTo(bits, 12);
  });

  test.each([
    [[], { n: 0, mean: null, variance: null }],
    [[5], { n: 1, mean: 5, variance: null }],
    [[1, 3], { n: 2, mean: 2, variance: 2 }],
    [[2, 4, 4, 4, 5, 5, 7, 9], { n: 8, mean: 5, variance: 32 / 7 }],
  ])('moments of %j', (values, expected) => {
    const m = moments(values);
    expect(m.n).toBe(expected.n);
    expect(m.mean).toBe(expected.mean);
    if (expected.variance === null) expect(m.variance).toBeNull();
    else expect(m.variance).toBeCloseTo(expected.variance, 12);
  });

  test.each([
    // flat: no trend
    [[2, 2, 2, 2], 4, 0],
    // 1, 2, 3, 4 per 1-month slice: slope 1/month over a mean of 2.5
    [[1, 2, 3, 4], 4, 0.4],
    // the same counts over a 2-month window: rates halve, slope per month quarters, relative halves
    [[1, 2, 3, 4], 8, 0.2],
    [[4, 3, 2, 1], 4, -0.4],
  ])('relative trend of %j over %s months = %s', (series, months, expected) => {
    expect(relativeTrend(series, months)).toBeCloseTo(expected, 12);
  });

  test('relative trend is unknown without tickets or slices', () => {
    expect(relativeTrend([0, 0, 0], 3)).toBeNull();
    expect(relativeTrend([5], 1)).toBeNull();
    expect(relativeTrend(new Array(TREND_SLICES).fill(1), 0)).toBeNull();
  });

  test.each([
    [{ topTemplateShare: 0.5, topPathShare: 1 }, 0.75],
    [{ topTemplateShare: null, topPathShare: 0.4 }, 0.4],
    [{ topTemplateShare: 0.2, topPathShare: null }, 0.2],
    [{ topTemplateShare: null, topPathShare: null }, null],
  ])('repetitiveness of %j = %s', (shares, expected) => {
    expect(repetitivenessOf(shares)).toBe(expected);
  });

  const active = (mean: number | null) => ({ active: { n: mean === null ? 0 : 3, mean, variance: null } });
  test.each([
    // 2 h by hand against an 80 h build: 97.5 % routine
    [active(2), 80, 0.975],
    [active(0), 80, 1],
    [active(40), 80, 0.5],
    // a ticket that takes longer by hand than the build: nothing routine (clamped, never negative)
    [active(155), 80, 0],
    // no build budget: nothing to compare against
    [active(5), 0, 1],
    // nothing resolved: unknown
    [active(null), 80, null],
  ])('routine share of %j with a %s h build = %s', (facts, buildCostHours, expected) => {
    expect(routineShareOf(facts, { buildCostHours })).toBe(expected);
  });
});

describe('routine share in the ranking', () => {
  // Two clusters with the same 10 tickets over 2 months, one path, one template (repetitiveness 1):
  //   "secret": wait 20 h, 1 h by hand → cost 5·(100·20 + 120·1) = 10600, routine 79/80, score 10467.5.
  //   "project": wait 20 h, 100 h by hand → cost 5·(2000 + 12000) = 70000, routine 0, score 0.
  const tickets = (clusterId: string, activeHours: number) =>
    Array.from({ length: 10 }, (_, i) =>
      ticket({
        clusterId,
        key: `${clusterId}-${i}`,
        createdAt: monthsIn(i / 5),
        queueHours: 20,
        activeHours,
      }),
    );
  const meta = new Map([
    ['secret', { label: 'add ci secret', template: null }],
    ['project', { label: 'migrate to k8s', template: null }],
  ]);
  const facts = summariseClusters(
    [...tickets('secret', 1), ...tickets('project', 100)],
    TWO_MONTHS,
    meta,
  ).map((s) => s.facts);

  test('bespoke long work ranks below a short routine request that costs less', () => {
    const [first, second] = rankCandidates(facts, COST);
    expect(first).toMatchObject({ clusterId: 'secret', routineShare: 0.9875 });
    expect(first?.monthlyCost).toBeCloseTo(10600, 6);
    expect(first?.score).toBeCloseTo(10467.5, 6);
    expect(second).toMatchObject({ clusterId: 'project', routineShare: 0, score: 0 });
    expect(second?.monthlyCost).toBeCloseTo(70000, 6);
    expect(second?.why).toContain('A ticket takes as long by hand as the 80 h build: bespoke work');
  });

  test('a larger build budget makes the long work routine enough to lead', () => {
    // 400 h build: project routine 1 − 100/400 = 0.75 → score 52500; secret 10600 · 399/400 = 10573.5.
    const [first, second] = rankCandidates(facts, { ...COST, buildCostHours: 400 });
    expect(first).toMatchObject({ clusterId: 'project', routineShare: 0.75 });
    expect(first?.score).toBeCloseTo(52500, 6);
    expect(first?.why).toContain('A ticket takes 25% of the 400 h build by hand, so the score counts 75%');
    expect(second?.score).toBeCloseTo(10573.5, 6);
  });

  test('a configured handling time changes the cost, not the routine share', () => {
    const [first] = rankCandidates(facts, { ...COST, handlingMinutesPerTicket: 30 });
    // secret: 5·(2000 + 60) = 10300 · 0.9875 = 10171.25
    expect(first).toMatchObject({ clusterId: 'secret', routineShare: 0.9875, handlingBasis: 'configured' });
    expect(first?.score).toBeCloseTo(10171.25, 6);
  });
});
