import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Ticket, TicketEvent } from '../domain/ticket';
import { flowEfficiencyMeanOfRatios, flowEfficiencyPooled, type TicketFlow, ticketFlow } from './flow';
import { buildIntervals } from './intervals';
import { at, categoryOf, event, statusEvent, T0 } from './test-factories';

type TicketPart = Pick<Ticket, 'createdAt' | 'requester' | 'assignee' | 'status' | 'events'>;

function ticket(status: string, events: TicketEvent[], overrides: Partial<TicketPart> = {}): TicketPart {
  return { createdAt: T0, requester: 'alice', assignee: null, status, events, ...overrides };
}

function flow(
  t: TicketPart,
  asOfHours: number,
  options: { botNames?: Set<string>; onStatus?: boolean } = {},
) {
  return ticketFlow({
    ticket: t,
    intervals: buildIntervals(t, categoryOf),
    asOf: at(asOfHours),
    botNames: options.botNames,
    firstResponseOnStatusChange: options.onStatus,
  });
}

// Triage 0–2, Open 2–5, In Progress 5–8, Waiting 8–20, In Progress 20–22, Done 22–30, Reopened 30–31,
// In Progress 31–33, Done 33–.
const reopened = ticket('Done', [
  statusEvent(2, 'Triage', 'Open'),
  statusEvent(5, 'Open', 'In Progress'),
  statusEvent(8, 'In Progress', 'Waiting for customer'),
  statusEvent(20, 'Waiting for customer', 'In Progress'),
  statusEvent(22, 'In Progress', 'Done'),
  statusEvent(30, 'Done', 'Reopened'),
  statusEvent(31, 'Reopened', 'In Progress'),
  statusEvent(33, 'In Progress', 'Done'),
  event(1, { kind: 'comment', actor: 'alice', public: true }),
  event(1.5, { kind: 'comment', actor: 'helper', actorIsBot: true, public: true }),
  event(3, { kind: 'comment', actor: 'bob', public: false }),
  event(4, { kind: 'comment', actor: 'jira-automation', public: true }),
  event(6, { kind: 'comment', actor: 'bob', public: true }),
  event(4, { kind: 'assignee', from: null, to: 'bob' }),
]);
const bots = new Set(['jira-automation']);

describe('ticketFlow', () => {
  test.each<[string, TicketPart, number, Partial<TicketFlow>]>([
    [
      'reopened ticket, done at asOf',
      reopened,
      100,
      {
        currentCategory: 'done',
        open: false,
        firstResolvedAt: at(22),
        resolvedAt: at(33),
        firstReopenedAt: at(30),
        leadTimeFirstHours: 22,
        leadTimeFinalHours: 33,
        cycleTimeHours: 28,
        queueHours: 6,
        triageHours: 2,
        waitingHours: 12,
        activeHours: 7,
        doneInterimHours: 8,
        canceledHours: 0,
        flowEfficiency: 7 / 25,
        timeToFirstResponseHours: 6,
        timeToAssignHours: 4,
        timeToTriageHours: 2,
        reopenCount: 1,
      },
    ],
    [
      'same ticket as of hour 25: first resolution only',
      reopened,
      25,
      {
        resolvedAt: at(22),
        leadTimeFirstHours: 22,
        leadTimeFinalHours: 22,
        cycleTimeHours: 17,
        reopenCount: 0,
        firstReopenedAt: null,
        doneInterimHours: 0,
      },
    ],
    [
      'same ticket as of hour 32: reopened and open, Σ times up to asOf',
      reopened,
      32,
      {
        currentCategory: 'active',
        open: true,
        resolvedAt: null,
        leadTimeFirstHours: 22,
        leadTimeFinalHours: null,
        cycleTimeHours: null,
        queueHours: 6,
        activeHours: 6,
        waitingHours: 12,
        doneInterimHours: 8,
        reopenCount: 1,
      },
    ],
    [
      'open ticket never done',
      ticket('In Progress', [statusEvent(10, 'Open', 'In Progress')]),
      15,
      {
        open: true,
        firstResolvedAt: null,
        leadTimeFirstHours: null,
        leadTimeFinalHours: null,
        cycleTimeHours: null,
        queueHours: 10,
        activeHours: 5,
        flowEfficiency: 1 / 3,
        timeToTriageHours: null,
        timeToFirstResponseHours: null,
        timeToAssignHours: null,
      },
    ],
    [
      'canceled ticket is neither open nor resolved',
      ticket("Won't do", [statusEvent(3, 'Open', "Won't do")]),
      10,
      {
        currentCategory: 'canceled',
        open: false,
        resolvedAt: null,
        leadTimeFinalHours: null,
        queueHours: 3,
        canceledHours: 7,
        flowEfficiency: 0,
      },
    ],
    [
      'done → done (Resolved → Closed) is one resolution',
      ticket('Closed', [statusEvent(4, 'Open', 'Resolved'), statusEvent(6, 'Resolved', 'Closed')]),
      10,
      { resolvedAt: at(4), leadTimeFinalHours: 4, doneInterimHours: 0, reopenCount: 0, cycleTimeHours: null },
    ],
    [
      'done → canceled is not a reopen but its done time is interim',
      ticket('Canceled', [statusEvent(4, 'Open', 'Done'), statusEvent(6, 'Done', 'Canceled')]),
      10,
      { firstResolvedAt: at(4), resolvedAt: null, reopenCount: 0, doneInterimHours: 2, canceledHours: 4 },
    ],
    [
      'still in triage: time to triage is null',
      ticket('Triage', []),
      5,
      { triageHours: 5, queueHours: 5, timeToTriageHours: null },
    ],
    [
      'zero-length triage counts as 0, not null',
      ticket('Open', [statusEvent(0, 'Triage', 'Open')]),
      5,
      { triageHours: 0, timeToTriageHours: 0 },
    ],
    [
      'created assigned (first assignee event has a from): 0',
      ticket('Open', [event(3, { kind: 'assignee', from: 'bob', to: 'carol' })]),
      5,
      { timeToAssignHours: 0 },
    ],
    [
      'no assignee events but an assignee: 0',
      ticket('Open', [], { assignee: 'bob' }),
      5,
      { timeToAssignHours: 0 },
    ],
    [
      'assignee cleared then set: first non-null to',
      ticket('Open', [
        event(1, { kind: 'assignee', from: null, to: null }),
        event(2, { kind: 'assignee', to: 'x' }),
      ]),
      5,
      { timeToAssignHours: 2 },
    ],
    [
      'assignment after asOf is not seen',
      ticket('Open', [event(9, { kind: 'assignee', from: null, to: 'bob' })]),
      5,
      { timeToAssignHours: null },
    ],
    [
      'public null counts as a public comment',
      ticket('Open', [event(2, { kind: 'comment', actor: 'bob', public: null })]),
      5,
      { timeToFirstResponseHours: 2 },
    ],
  ])('%s', (_name, t, asOfHours, expected) => {
    const result = flow(t, asOfHours, { botNames: bots });
    for (const [key, value] of Object.entries(expected)) {
      const actual = result[key as keyof TicketFlow];
      if (typeof value === 'number') expect(actual, key).toBeCloseTo(value, 9);
      else expect(actual, key).toEqual(value);
    }
  });

  test.each<[string, boolean, Set<string>, number]>([
    ['comment only; the automation comment is a bot', false, bots, 6],
    ['status change out of the first queue status counts when configured', true, bots, 2],
    ['without botNames the automation comment counts', false, new Set<string>(), 4],
  ])('first response: %s', (_name, onStatus, botNames, expected) => {
    const t = ticket('In Progress', [
      statusEvent(2, 'Open', 'In Progress'),
      event(4, { kind: 'comment', actor: 'jira-automation', public: true }),
      event(6, { kind: 'comment', actor: 'bob', public: true }),
    ]);
    expect(flow(t, 10, { onStatus, botNames }).timeToFirstResponseHours).toBe(expected);
  });

  test('a status change by the requester is not a response', () => {
    const t = ticket('Canceled', [{ ...statusEvent(2, 'Open', 'Canceled'), actor: 'alice' }]);
    expect(flow(t, 10, { onStatus: true }).timeToFirstResponseHours).toBeNull();
  });

  test('ticket not yet created at asOf', () => {
    const result = flow(ticket('Open', []), -1);
    expect(result.currentCategory).toBeNull();
    expect(result.open).toBe(false);
    expect(result.queueHours).toBe(0);
  });

  const statuses = ['Triage', 'Open', 'In Progress', 'Waiting for customer', 'Done', 'Closed', "Won't do"];
  const walk = fc.array(
    fc.record({ hours: fc.integer({ min: 0, max: 500 }), to: fc.constantFrom(...statuses) }),
    { maxLength: 15 },
  );

  test('property: done at asOf ⇒ active + queue + waiting + doneInterim + canceled = leadTimeFinal', () => {
    fc.assert(
      fc.property(walk, fc.integer({ min: 0, max: 600 }), (steps, asOfHours) => {
        const sorted = [...steps].sort((a, b) => a.hours - b.hours);
        let current = 'Open';
        const events = sorted.map((s, i) => {
          const e = statusEvent(s.hours, current, s.to, i);
          current = s.to;
          return e;
        });
        const result = flow(ticket(current, events), asOfHours);
        const total =
          result.activeHours +
          result.queueHours +
          result.waitingHours +
          result.doneInterimHours +
          result.canceledHours;
        if (result.currentCategory === 'done') {
          expect(result.leadTimeFinalHours).not.toBeNull();
          expect(total).toBeCloseTo(result.leadTimeFinalHours ?? Number.NaN, 9);
          expect(result.leadTimeFirstHours ?? Number.NaN).toBeLessThanOrEqual(result.leadTimeFinalHours ?? 0);
          if (result.cycleTimeHours !== null) {
            expect(result.cycleTimeHours).toBeLessThanOrEqual(result.leadTimeFinalHours ?? 0);
          }
        } else {
          expect(result.leadTimeFinalHours).toBeNull();
          expect(result.cycleTimeHours).toBeNull();
        }
        if (result.flowEfficiency !== null) {
          expect(result.flowEfficiency).toBeGreaterThanOrEqual(0);
          expect(result.flowEfficiency).toBeLessThanOrEqual(1);
        }
        expect(result.reopenCount > 0).toBe(result.firstReopenedAt !== null);
      }),
    );
  });
});

describe('flow efficiency aggregates', () => {
  const rows = [
    { activeHours: 1, queueHours: 9, waitingHours: 0, flowEfficiency: 0.1 },
    { activeHours: 3, queueHours: 0, waitingHours: 1, flowEfficiency: 0.75 },
    { activeHours: 0, queueHours: 0, waitingHours: 0, flowEfficiency: null },
  ];

  test.each([
    ['pooled: (1 + 3) / (10 + 4)', flowEfficiencyPooled(rows), 4 / 14],
    ['mean of ratios: (0.1 + 0.75) / 2', flowEfficiencyMeanOfRatios(rows), 0.425],
    ['pooled of nothing', flowEfficiencyPooled([]), null],
    ['mean skips null ratios', flowEfficiencyMeanOfRatios([{ flowEfficiency: null }]), null],
  ])('%s', (_name, actual, expected) => {
    if (expected === null) expect(actual).toBeNull();
    else expect(actual).toBeCloseTo(expected, 12);
  });
});
