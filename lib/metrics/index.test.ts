import { expect, test } from 'vitest';
import {
  buildIntervals,
  distribution,
  doraRequestMetrics,
  flowEfficiencyPooled,
  kaplanMeier,
  leadTimeObservation,
  throughput,
  ticketFlow,
} from './index';
import { at, categoryOf, statusEvent, T0 } from './test-factories';

test('pipeline through the public surface: intervals → flow → aggregates', () => {
  const asOf = at(100);
  const tickets = [
    {
      createdAt: T0,
      status: 'Done',
      events: [statusEvent(2, 'Open', 'In Progress'), statusEvent(6, 'In Progress', 'Done')],
    },
    { createdAt: at(10), status: 'Done', events: [statusEvent(30, 'Open', 'Done')] },
    { createdAt: at(50), status: 'Open', events: [] },
  ].map((t) => ({ ...t, requester: 'alice', assignee: null }));
  const flows = tickets.map((ticket) =>
    ticketFlow({ ticket, intervals: buildIntervals(ticket, categoryOf), asOf }),
  );
  // Lead times 6 and 20; the open ticket (age 50) is censored, not dropped.
  expect(distribution(flows.map((f) => f.leadTimeFirstHours))).toMatchObject({
    n: 2,
    p50: 6,
    values: [6, 20],
  });
  const km = kaplanMeier(
    flows.flatMap((f, i) => leadTimeObservation(f, tickets[i]?.createdAt ?? T0, asOf) ?? []),
  );
  expect(km.p50).toEqual({ value: 20, greaterThan: null });
  expect(km.p85).toEqual({ value: null, greaterThan: 50 });
  expect(flowEfficiencyPooled(flows.slice(0, 2))).toBeCloseTo(4 / 26, 12);
  expect(
    throughput(
      flows.map((f) => f.firstResolvedAt),
      { from: T0, to: at(48), period: 'day', timeZone: 'UTC' },
    ),
  ).toEqual([
    { period: '2025-03-03', count: 1 },
    { period: '2025-03-04', count: 1 },
    { period: '2025-03-05', count: 0 },
  ]);
  expect(
    doraRequestMetrics(flows, { window: { from: T0, to: asOf }, isIncident: () => false }).requestThroughput
      .count,
  ).toBe(2);
});
