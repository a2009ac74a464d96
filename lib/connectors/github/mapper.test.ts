import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveStatus } from '../../domain/status-map';
import type { Ticket } from '../../domain/ticket';
import { ticketFlow } from '../../metrics/flow';
import { buildIntervals } from '../../metrics/intervals';
import { DEFAULT_LABEL_STATUS, mapGithubIssue } from './mapper';
import { type GithubIssue, issueSchema, timelineItemSchema } from './schemas';

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8'));
}

function issue(number: number): GithubIssue {
  const all = [
    ...(fixture('github-issues-page1.json') as unknown[]),
    ...(fixture('github-issues-page2.json') as unknown[]),
  ];
  return issueSchema.parse(all.find((i) => (i as { number: number }).number === number));
}

function timeline(number: number) {
  return (fixture(`github-timeline-${number}.json`) as unknown[]).map((t) => timelineItemSchema.parse(t));
}

const context = { repo: 'acme/widgets', labelStatus: DEFAULT_LABEL_STATUS };

function flowOf(ticket: Ticket) {
  const intervals = buildIntervals(ticket, (s) => resolveStatus(s, {}).category);
  return {
    intervals,
    flow: ticketFlow({ ticket, intervals, asOf: new Date('2024-01-19T12:00:00Z'), botNames: new Set() }),
  };
}

describe('mapGithubIssue', () => {
  it('maps #41: triage label (by a bot) to Triage, comments, closed as completed', () => {
    const ticket = mapGithubIssue(issue(41), timeline(41), context);
    expect(ticket).toMatchObject({
      source: 'github',
      key: 'acme/widgets#41',
      team: 'acme/widgets',
      requester: 'dana-cust',
      assignee: 'priya-r',
      labels: ['bug', 'priority:high'],
      status: 'Closed',
      sourceStatusCategory: 'done',
      url: 'https://github.com/acme/widgets/issues/41',
    });
    expect(
      ticket.events.map((e) => [
        e.at.toISOString().slice(11, 19),
        e.kind,
        e.from,
        e.to,
        e.actor,
        e.actorIsBot,
      ]),
    ).toEqual([
      ['09:30:02', 'label', null, 'triage', 'github-actions[bot]', true],
      ['09:30:02', 'status', 'Open', 'Triage', 'github-actions[bot]', true],
      ['09:41:55', 'label', 'triage', null, 'priya-r', false],
      ['09:41:55', 'status', 'Triage', 'Open', 'priya-r', false],
      ['09:41:55', 'label', null, 'bug', 'priya-r', false],
      ['09:41:56', 'label', null, 'priority:high', 'priya-r', false],
      ['09:42:10', 'assignee', null, 'priya-r', 'priya-r', false],
      ['11:04:12', 'comment', null, null, 'priya-r', false],
      ['08:15:29', 'comment', null, null, 'dana-cust', false],
      ['10:02:44', 'status', 'Open', 'Closed', 'priya-r', false],
    ]);
    expect(ticket.events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const { flow } = flowOf(ticket);
    // Triage 09:30:02 → 09:41:55 = 713 s.
    expect(flow.timeToTriageHours).toBeCloseTo(713 / 3600, 9);
    // First response: priya-r's comment at 11:04:12, 1 h 34 min 12 s after creation.
    expect(flow.timeToFirstResponseHours).toBeCloseTo(5652 / 3600, 9);
  });

  it('maps #42: closed as not planned (canceled), reopened, reassigned; no triage', () => {
    const ticket = mapGithubIssue(issue(42), timeline(42), context);
    expect(ticket.status).toBe('Open');
    expect(ticket.sourceStatusCategory).toBe('queue');
    expect(ticket.events.map((e) => [e.kind, e.from, e.to])).toEqual([
      ['label', null, 'enhancement'],
      ['assignee', null, 'msilva'],
      ['status', 'Open', 'Not planned'],
      ['comment', null, null],
      ['status', 'Not planned', 'Open'],
      ['assignee', 'msilva', null],
      ['assignee', null, 'priya-r'],
    ]);
    const { intervals, flow } = flowOf(ticket);
    expect(intervals.map((i) => [i.status, i.category])).toEqual([
      ['Open', 'queue'],
      ['Not planned', 'canceled'],
      ['Open', 'queue'],
    ]);
    expect(flow.timeToTriageHours).toBeNull();
  });

  it.each([
    ['not_planned', 'Not planned', 'canceled'],
    ['duplicate', 'Duplicate', 'canceled'],
    ['completed', 'Closed', 'done'],
    [null, 'Closed', 'done'],
  ])('closed with state_reason %s → %s (%s)', (reason, status, category) => {
    const closed = { ...issue(41), state_reason: reason };
    const items = [{ event: 'closed', created_at: '2024-01-16T10:00:00Z', state_reason: reason }];
    const ticket = mapGithubIssue(closed, items, context);
    expect([ticket.status, ticket.sourceStatusCategory]).toEqual([status, category]);
    expect(resolveStatus(status, {}).category).toBe(category);
  });

  it('lets the latest status label win and falls back when it is removed; the config mapping is honoured', () => {
    const open = { ...issue(42), state: 'open' as const, state_reason: null };
    const items = [
      { event: 'labeled', created_at: '2024-01-16T14:01:00Z', label: { name: 'doing' } },
      { event: 'labeled', created_at: '2024-01-16T14:02:00Z', label: { name: 'blocked-on-user' } },
      { event: 'unlabeled', created_at: '2024-01-16T14:03:00Z', label: { name: 'blocked-on-user' } },
    ];
    const ticket = mapGithubIssue(open, items, {
      repo: 'acme/widgets',
      labelStatus: { doing: 'active', 'blocked-on-user': 'waiting' },
    });
    expect(ticket.events.filter((e) => e.kind === 'status').map((e) => [e.from, e.to])).toEqual([
      ['Open', 'In Progress'],
      ['In Progress', 'Waiting for requester'],
      ['Waiting for requester', 'In Progress'],
    ]);
    expect(ticket.status).toBe('In Progress');
    expect(ticket.sourceStatusCategory).toBe('active');
  });

  it('sorts the timeline by instant, keeping array order on ties, and skips items without a time', () => {
    const items = [
      { event: 'closed', created_at: '2024-01-16T10:00:00Z', state_reason: 'completed' },
      { event: 'committed', sha: 'abc' },
      { event: 'labeled', created_at: '2024-01-15T10:00:00Z', label: { name: 'a' } },
      { event: 'labeled', created_at: '2024-01-15T10:00:00Z', label: { name: 'b' } },
    ];
    const ticket = mapGithubIssue(issue(41), items, context);
    expect(ticket.events.map((e) => e.to)).toEqual(['a', 'b', 'Closed']);
  });
});
