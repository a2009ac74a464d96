import { describe, expect, test } from 'vitest';
import type { StatusCategory, StatusInterval, TicketEvent } from '../domain/ticket';
import type { BusinessCalendar } from './calendar';
import {
  budgetBurn,
  computeSloCycles,
  emptySloSummary,
  errorBudget,
  isSloCondition,
  matchGoal,
  mergeSloSummaries,
  ongoingCycleAsOf,
  policyApplies,
  type SloCycle,
  type SloPolicy,
  type SloTicket,
  type SloTicketInput,
  summariseSlo,
} from './slo';

const d = (iso: string) => new Date(iso);

const ny: BusinessCalendar = {
  timeZone: 'America/New_York',
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  hours: ['09:00', '17:00'],
  holidays: ['2025-12-25'],
  version: 'v7',
};
const nyAlways: BusinessCalendar = { timeZone: 'America/New_York', always: true };

const resolution: SloPolicy = {
  name: 'time-to-resolution',
  start: ['created', 'reopened'],
  pause: ['waiting'],
  stop: ['done'],
  calendar: 'ny-9to5',
  goals: [{ match: { priority: ['P1'] }, hours: 4 }, { hours: 16 }],
};
const firstResponse: SloPolicy = {
  name: 'first-response',
  start: ['created'],
  stop: ['first-response'],
  goals: [{ hours: 4 }],
};

type Step = [at: string, status: string, category: StatusCategory];

/** Intervals from status changes: each step lasts until the next one; the last is still open. */
function intervals(steps: Step[]): StatusInterval[] {
  return steps.map(([at, status, category], i) => {
    const next = steps[i + 1];
    return { status, category, enteredAt: d(at), leftAt: next ? d(next[0]) : null };
  });
}

function event(at: string, kind: TicketEvent['kind'], from: string | null, to: string | null): TicketEvent {
  return { at: d(at), seq: 0, kind, from, to, actor: 'bob', actorIsBot: false, public: null };
}

function input(
  steps: Step[],
  overrides: Partial<SloTicket> = {},
  extra: Partial<Omit<SloTicketInput, 'ticket' | 'intervals'>> = {},
): SloTicketInput {
  const first = steps[0];
  return {
    ticket: {
      source: 'jira',
      key: 'OPS-1',
      type: 'Service Request',
      priority: 'P3',
      team: 'platform',
      createdAt: d(first ? first[0] : '2025-01-01T00:00:00Z'),
      events: [],
      ...overrides,
    },
    intervals: intervals(steps),
    firstResponseAt: null,
    clusterId: null,
    ...extra,
  };
}

type Expected = Pick<
  SloCycle,
  | 'cycle'
  | 'elapsedBusinessHours'
  | 'goalHours'
  | 'met'
  | 'breached'
  | 'remainingHours'
  | 'ongoing'
  | 'paused'
> & { startedAt: string; stoppedAt: string | null; breachedAt: string | null; dueAt: string | null };

function simplify(c: SloCycle): Expected {
  return {
    cycle: c.cycle,
    startedAt: c.startedAt.toISOString(),
    stoppedAt: c.stoppedAt?.toISOString() ?? null,
    elapsedBusinessHours: c.elapsedBusinessHours,
    goalHours: c.goalHours,
    met: c.met,
    breached: c.breached,
    breachedAt: c.breachedAt?.toISOString() ?? null,
    remainingHours: c.remainingHours,
    dueAt: c.dueAt?.toISOString() ?? null,
    ongoing: c.ongoing,
    paused: c.paused,
  };
}

const done = (at: string, rest: Partial<Expected> = {}): Partial<Expected> => ({
  stoppedAt: at,
  ongoing: false,
  paused: false,
  remainingHours: null,
  dueAt: null,
  ...rest,
});

const ASOF = '2026-01-01T00:00:00Z';

describe('computeSloCycles', () => {
  test.each<[string, SloPolicy, BusinessCalendar, SloTicketInput, string, Array<Partial<Expected>>]>([
    [
      // Fri 16:00 EST → Mon 10:00 EST: 1 h + 1 h = 2 h ≤ 16 h (P3 goal)
      'weekend',
      resolution,
      ny,
      input([
        ['2025-01-10T21:00:00.000Z', 'Open', 'queue'],
        ['2025-01-13T15:00:00.000Z', 'Done', 'done'],
      ]),
      ASOF,
      [
        done('2025-01-13T15:00:00.000Z', {
          cycle: 1,
          startedAt: '2025-01-10T21:00:00.000Z',
          elapsedBusinessHours: 2,
          goalHours: 16,
          met: true,
          breached: false,
          breachedAt: null,
        }),
      ],
    ],
    [
      // P1 created Tue 20:00 EST, done Wed 14:00 EST: clock runs Wed 09–14 = 5 h > 4 h; breach Wed 09:00 + 4 h = 13:00 EST
      'after-hours creation',
      resolution,
      ny,
      input(
        [
          ['2025-01-15T01:00:00.000Z', 'Open', 'queue'],
          ['2025-01-15T19:00:00.000Z', 'Done', 'done'],
        ],
        { priority: 'P1' },
      ),
      ASOF,
      [
        done('2025-01-15T19:00:00.000Z', {
          elapsedBusinessHours: 5,
          goalHours: 4,
          met: false,
          breached: true,
          breachedAt: '2025-01-15T18:00:00.000Z',
        }),
      ],
    ],
    [
      // P1 Wed 24 Dec 15:00 EST → Fri 26 Dec 11:00 EST: 2 h + 0 (holiday) + 2 h = 4 h = goal → met
      'holiday',
      resolution,
      ny,
      input(
        [
          ['2025-12-24T20:00:00.000Z', 'Open', 'queue'],
          ['2025-12-26T16:00:00.000Z', 'Done', 'done'],
        ],
        { priority: 'P1' },
      ),
      ASOF,
      [
        done('2025-12-26T16:00:00.000Z', {
          elapsedBusinessHours: 4,
          met: true,
          breached: false,
          breachedAt: null,
        }),
      ],
    ],
    [
      // P1 Fri 7 Mar 15:00 EST → Mon 10 Mar 12:00 EDT: 2 h + 3 h = 5 h; breach Mon 09:00 EDT + 2 h = 11:00 EDT = 15:00Z
      'DST spring-forward, 9–17',
      resolution,
      ny,
      input(
        [
          ['2025-03-07T20:00:00.000Z', 'Open', 'queue'],
          ['2025-03-10T16:00:00.000Z', 'Done', 'done'],
        ],
        { priority: 'P1' },
      ),
      ASOF,
      [
        done('2025-03-10T16:00:00.000Z', {
          elapsedBusinessHours: 5,
          met: false,
          breached: true,
          breachedAt: '2025-03-10T15:00:00.000Z',
        }),
      ],
    ],
    [
      // 24×7: Sat 1 Nov 20:00 EDT → Sun 2 Nov 12:00 EST = 4 h + 13 h (the 25 h day) = 17 h > 16 h;
      // breach at start + 16 h = 16:00Z
      'DST fall-back, 24×7',
      resolution,
      nyAlways,
      input([
        ['2025-11-02T00:00:00.000Z', 'Open', 'queue'],
        ['2025-11-02T17:00:00.000Z', 'Done', 'done'],
      ]),
      ASOF,
      [
        done('2025-11-02T17:00:00.000Z', {
          elapsedBusinessHours: 17,
          breached: true,
          breachedAt: '2025-11-02T16:00:00.000Z',
        }),
      ],
    ],
    [
      // Thu 09–17 (8) + Fri 09–13 (4) = 12 h; paused Fri 13:00 → Mon 13:00 (weekend inside counts once);
      // Mon 13–17 (4) + Tue 09–17 (8) = 12 h; total 24 h > 16 h; the 16th hour ends Mon 17:00 EST = 22:00Z
      'pause overlapping a weekend',
      resolution,
      ny,
      input([
        ['2025-01-09T14:00:00.000Z', 'Open', 'queue'],
        ['2025-01-10T18:00:00.000Z', 'Waiting for customer', 'waiting'],
        ['2025-01-13T18:00:00.000Z', 'In Progress', 'active'],
        ['2025-01-14T22:00:00.000Z', 'Done', 'done'],
      ]),
      ASOF,
      [
        done('2025-01-14T22:00:00.000Z', {
          elapsedBusinessHours: 24,
          breachedAt: '2025-01-13T22:00:00.000Z',
        }),
      ],
    ],
    [
      // cycle 1: Mon 6 Jan 09–11 = 2 h; reopened Wed 8 Jan 10:00 (status and resolution together: one reopen);
      // cycle 2: Wed 10–17 (7) + Thu (8) + Fri 09–10 (1) = 16 h = goal → met
      'reopen starts a second cycle',
      resolution,
      ny,
      input(
        [
          ['2025-01-06T14:00:00.000Z', 'Open', 'queue'],
          ['2025-01-06T16:00:00.000Z', 'Done', 'done'],
          ['2025-01-08T15:00:00.000Z', 'Reopened', 'queue'],
          ['2025-01-10T15:00:00.000Z', 'Done', 'done'],
        ],
        { events: [event('2025-01-08T15:00:00.000Z', 'resolution', 'Fixed', null)] },
      ),
      ASOF,
      [
        done('2025-01-06T16:00:00.000Z', {
          cycle: 1,
          startedAt: '2025-01-06T14:00:00.000Z',
          elapsedBusinessHours: 2,
        }),
        done('2025-01-10T15:00:00.000Z', {
          cycle: 2,
          startedAt: '2025-01-08T15:00:00.000Z',
          elapsedBusinessHours: 16,
          met: true,
        }),
      ],
    ],
    [
      // Same ticket, but `reopened` is not a start condition: only the first cycle (2 h)
      'reopen without the reopened start condition',
      { ...resolution, start: ['created'] },
      ny,
      input([
        ['2025-01-06T14:00:00.000Z', 'Open', 'queue'],
        ['2025-01-06T16:00:00.000Z', 'Done', 'done'],
        ['2025-01-08T15:00:00.000Z', 'Reopened', 'queue'],
        ['2025-01-10T15:00:00.000Z', 'Done', 'done'],
      ]),
      ASOF,
      [done('2025-01-06T16:00:00.000Z', { cycle: 1, elapsedBusinessHours: 2 })],
    ],
    [
      // P1 open since Mon 13 Jan 09:00 EST, asOf Tue 10:00 EST: 8 + 1 = 9 h; breached Mon 13:00 EST;
      // remaining 4 − 9 = −5 h; due = the breach instant
      'still open with an ongoing breach',
      resolution,
      ny,
      input([['2025-01-13T14:00:00.000Z', 'In Progress', 'active']], { priority: 'P1' }),
      '2025-01-14T15:00:00.000Z',
      [
        {
          stoppedAt: null,
          elapsedBusinessHours: 9,
          met: false,
          breached: true,
          breachedAt: '2025-01-13T18:00:00.000Z',
          remainingHours: -5,
          dueAt: '2025-01-13T18:00:00.000Z',
          ongoing: true,
          paused: false,
        },
      ],
    ],
    [
      // Open since Mon 09:00 EST, asOf Mon 15:00 EST: 6 h, 10 h left: Mon 15–17 (2) + Tue 09–17 (8) → Tue 17:00 EST
      'still open, not yet breached',
      resolution,
      ny,
      input([['2025-01-13T14:00:00.000Z', 'Open', 'queue']]),
      '2025-01-13T20:00:00.000Z',
      [
        {
          elapsedBusinessHours: 6,
          met: null,
          breached: false,
          breachedAt: null,
          remainingHours: 10,
          dueAt: '2025-01-14T22:00:00.000Z',
          ongoing: true,
          paused: false,
        },
      ],
    ],
    [
      // Mon 09–11 EST running (2 h), waiting since: paused at asOf, 14 h left, no due instant
      'still open and paused',
      resolution,
      ny,
      input([
        ['2025-01-13T14:00:00.000Z', 'Open', 'queue'],
        ['2025-01-13T16:00:00.000Z', 'Waiting for customer', 'waiting'],
      ]),
      '2025-01-14T15:00:00.000Z',
      [{ elapsedBusinessHours: 2, met: null, remainingHours: 14, dueAt: null, ongoing: true, paused: true }],
    ],
    [
      // Done after asOf is not seen: ongoing at asOf Mon 10:00 EST with 1 h elapsed
      'events after asOf are ignored',
      resolution,
      ny,
      input([
        ['2025-01-13T14:00:00.000Z', 'Open', 'queue'],
        ['2025-01-13T16:00:00.000Z', 'Done', 'done'],
      ]),
      '2025-01-13T15:00:00.000Z',
      [{ stoppedAt: null, elapsedBusinessHours: 1, ongoing: true, remainingHours: 15 }],
    ],
    [
      // Mon 09:00 → first response Mon 10:30 EST = 1.5 h ≤ 4 h
      'first response stops the clock',
      firstResponse,
      ny,
      input(
        [['2025-01-13T14:00:00.000Z', 'Open', 'queue']],
        {},
        { firstResponseAt: d('2025-01-13T15:30:00Z') },
      ),
      ASOF,
      [done('2025-01-13T15:30:00.000Z', { elapsedBusinessHours: 1.5, met: true })],
    ],
    [
      // Response at the creation instant: a zero-length cycle, met
      'first response at creation',
      firstResponse,
      ny,
      input(
        [['2025-01-13T14:00:00.000Z', 'Open', 'queue']],
        {},
        { firstResponseAt: d('2025-01-13T14:00:00Z') },
      ),
      ASOF,
      [done('2025-01-13T14:00:00.000Z', { elapsedBusinessHours: 0, met: true })],
    ],
    [
      // Assigned at Mon 12:00 EST stops a time-to-assign policy: 3 h; later assignments do nothing
      'assigned as a stop condition, status entry as a start',
      { name: 'tta', start: ['status:open'], stop: ['assigned'], goals: [{ hours: 2 }] },
      ny,
      input([['2025-01-13T14:00:00.000Z', 'OPEN', 'queue']], {
        events: [
          event('2025-01-13T17:00:00.000Z', 'assignee', null, 'bob'),
          event('2025-01-13T18:00:00.000Z', 'assignee', 'bob', 'eve'),
        ],
      }),
      ASOF,
      [
        done('2025-01-13T17:00:00.000Z', {
          elapsedBusinessHours: 3,
          met: false,
          breached: true,
          breachedAt: '2025-01-13T16:00:00.000Z',
        }),
      ],
    ],
  ])('%s', (_name, policy, calendar, ticket, asOf, expected) => {
    const cycles = computeSloCycles(policy, ticket, calendar, d(asOf));
    expect(cycles.map(simplify)).toMatchObject(expected);
    expect(cycles).toHaveLength(expected.length);
  });

  test('cycles carry the policy, ticket and calendar version', () => {
    const [cycle] = computeSloCycles(
      resolution,
      input([['2025-01-13T14:00:00Z', 'Open', 'queue']]),
      ny,
      d(ASOF),
    );
    expect(cycle).toMatchObject({
      policy: 'time-to-resolution',
      source: 'jira',
      key: 'OPS-1',
      calendarVersion: 'v7',
    });
  });
});

describe('matchGoal', () => {
  const policy: SloPolicy = {
    name: 'p',
    start: ['created'],
    stop: ['done'],
    goals: [
      { match: { priority: ['P1'] }, hours: 4 },
      { match: { type: ['Incident'], team: 'platform' }, hours: 8 },
      { match: { cluster: ['c-repo'] }, hours: 12 },
      { hours: 16 },
    ],
  };
  const base = input([['2025-01-13T14:00:00Z', 'Open', 'queue']]).ticket;
  test.each<[string, Partial<SloTicket>, string | null, number]>([
    // P1 and an Incident on platform: both first goals match, the first wins
    ['first matching goal wins', { priority: 'P1', type: 'Incident' }, null, 4],
    ['every listed field must match', { priority: 'P2', type: 'Incident' }, null, 8],
    ['a null field never matches', { priority: 'P2', type: 'Incident', team: null }, null, 16],
    ['cluster', { priority: 'P2' }, 'c-repo', 12],
    ['catch-all', { priority: null }, null, 16],
  ])('%s', (_name, overrides, cluster, hours) => {
    expect(matchGoal(policy, { ...base, ...overrides }, cluster)?.hours).toBe(hours);
  });

  test('a policy without a matching goal does not apply and yields no cycles', () => {
    const p1Only: SloPolicy = { ...policy, goals: [{ match: { priority: 'P1' }, hours: 4 }] };
    const ticket = input([['2025-01-13T14:00:00Z', 'Open', 'queue']], { priority: 'P3' });
    expect(policyApplies(p1Only, ticket.ticket, null)).toBe(false);
    expect(computeSloCycles(p1Only, ticket, ny, d(ASOF))).toEqual([]);
  });
});

test.each([
  ['created', true],
  ['status:In Review', true],
  ['waiting', true],
  ['status:', false],
  ['resolved', false],
])('isSloCondition(%s)', (value, ok) => {
  expect(isSloCondition(value)).toBe(ok);
});

describe('summariseSlo', () => {
  const cycle = (key: string, n: number, over: Partial<SloCycle>): SloCycle => ({
    policy: 'p',
    source: 'jira',
    key,
    cycle: n,
    startedAt: d('2025-01-13T14:00:00Z'),
    stoppedAt: null,
    elapsedBusinessHours: 1,
    goalHours: 4,
    met: null,
    breached: false,
    breachedAt: null,
    remainingHours: null,
    dueAt: null,
    ongoing: false,
    paused: false,
    calendarVersion: null,
    ...over,
  });
  const cycles = [
    cycle('A', 1, { breached: true, met: false }),
    cycle('A', 2, { ongoing: true, remainingHours: 5, dueAt: d('2025-01-15T20:00:00Z') }),
    cycle('B', 1, { ongoing: true, breached: true, met: false, remainingHours: -2 }),
    cycle('C', 1, { met: true }),
    cycle('D', 1, { ongoing: true, remainingHours: 1, dueAt: d('2025-01-15T15:00:00Z') }),
    cycle('E', 1, { ongoing: true, paused: true, remainingHours: 3 }),
    cycle('Z', 1, { met: true }),
  ];
  const scope = ['A', 'B', 'C', 'D', 'E', 'F'].map((key) => ({ source: 'jira', key }));

  test('counts, attainment and at-risk order', () => {
    // Z is out of scope; F has no cycle. met = C; breached (completed) = A1; ongoing = A2, B, D, E;
    // attainment = 1 / (2 completed + 1 ongoing breached) = 1/3; at risk by due: D, A, then E (paused)
    expect(summariseSlo(cycles, scope)).toEqual({
      cycles: 6,
      met: 1,
      breached: 1,
      ongoing: 4,
      ongoingBreached: 1,
      attainment: 1 / 3,
      ticketsEverBreached: 2,
      ticketsTotal: 5,
      atRisk: [
        { source: 'jira', key: 'D', dueAt: d('2025-01-15T15:00:00Z'), remainingHours: 1 },
        { source: 'jira', key: 'A', dueAt: d('2025-01-15T20:00:00Z'), remainingHours: 5 },
        { source: 'jira', key: 'E', dueAt: null, remainingHours: 3 },
      ],
    });
  });

  test('attainment is null with nothing completed or breached', () => {
    // Only D (ongoing, unbreached): denominator 0 + 0 = 0
    const summary = summariseSlo(cycles, [{ source: 'jira', key: 'D' }]);
    expect(summary).toMatchObject({ cycles: 1, attainment: null, ticketsTotal: 1, ticketsEverBreached: 0 });
  });

  test('merging summaries of disjoint ticket sets equals summarising them together', () => {
    const pages = [['A', 'B'], ['C'], ['D', 'E', 'F'], []].map((keys) =>
      summariseSlo(
        cycles,
        keys.map((key) => ({ source: 'jira', key })),
      ),
    );
    const merged = pages.reduce(mergeSloSummaries, emptySloSummary());
    expect(merged).toEqual(summariseSlo(cycles, scope));
  });
});

describe('errorBudget', () => {
  test.each([
    // target, assessed, breaches → allowed, consumed, remaining (hand-computed)
    [0.95, 100, 5, 5, 1, 0],
    [0.95, 100, 2, 5, 0.4, 3],
    [0.9, 30, 6, 3, 2, -3],
    [0.95, 10, 0, 0.5, 0, 0.5],
    [1, 40, 1, 0, null, -1],
    [0.95, 0, 0, 0, null, 0],
  ])('target %d, %d assessed, %d breaches', (target, assessed, breaches, allowed, consumed, remaining) => {
    expect(errorBudget(target, assessed, breaches)).toEqual({
      target,
      assessed,
      breaches,
      allowedBreaches: allowed,
      consumed,
      remainingBreaches: remaining,
    });
  });
});

describe('budgetBurn', () => {
  test('weekly attainment and the cumulative share of the window budget', () => {
    // 40 assessed at target 0.9 → 4 breaches allowed; breaches 1, 0, 3 → 0.25, 0.25, 1
    const burn = budgetBurn(
      [
        { period: '2025-01-06', assessed: 10, met: 9, breaches: 1 },
        { period: '2025-01-13', assessed: 0, met: 0, breaches: 0 },
        { period: '2025-01-20', assessed: 30, met: 27, breaches: 3 },
      ],
      0.9,
    );
    expect(burn.map((w) => [w.attainment, w.budgetConsumedToDate])).toEqual([
      [0.9, 0.25],
      [null, 0.25],
      [0.9, 1],
    ]);
  });

  test('no allowed breaches → no consumption figure', () => {
    const [week] = budgetBurn([{ period: 'w', assessed: 3, met: 2, breaches: 1 }], 1);
    expect(week?.budgetConsumedToDate).toBeNull();
  });
});

describe('ongoingCycleAsOf: a stored ongoing cycle read at the page instant', () => {
  const analysedAt = d('2025-03-03T14:00:00Z'); // Mon 09:00 in New York
  // Due Tue 11:00 New York (16:00Z): 10 business hours after the analysis (8 on Monday + 2 on Tuesday).
  const due = d('2025-03-04T16:00:00Z');
  test.each<[string, BusinessCalendar, Date | null, number, Date, number, boolean]>([
    ['asOf = analysis: stored figure', ny, due, 10, analysedAt, 10, false],
    ['asOf before the analysis: stored figure', ny, due, 10, d('2025-03-03T10:00:00Z'), 10, false],
    ['Mon 13:30 New York: 4.5 h used', ny, due, 10, d('2025-03-03T18:30:00Z'), 5.5, false],
    ['Mon 20:00 New York (after hours): Tuesday 2 h left', ny, due, 10, d('2025-03-04T01:00:00Z'), 2, false],
    ['exactly due: overdue', ny, due, 10, due, 0, true],
    ['a day after due: overdue', ny, due, 10, d('2025-03-05T16:00:00Z'), 0, true],
    ['24×7 calendar: wall-clock hours', nyAlways, due, 26, d('2025-03-04T00:00:00Z'), 16, false],
    ['paused clock keeps its remaining time', ny, null, 3, d('2025-03-10T00:00:00Z'), 3, false],
  ])('%s', (_name, calendar, dueAt, remaining, asOf, expectedHours, overdue) => {
    const now = ongoingCycleAsOf(calendar, { dueAt, remainingHours: remaining }, analysedAt, asOf);
    expect(now).toEqual({ remainingHours: expectedHours, overdue });
  });
});
