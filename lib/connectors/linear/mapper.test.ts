import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveStatus } from '../../domain/status-map';
import { ticketFlow } from '../../metrics/flow';
import { buildIntervals } from '../../metrics/intervals';
import { LINEAR_STATE_CATEGORIES, mapLinearIssue } from './mapper';
import { issueSchema, type LinearIssue } from './schemas';

function fixtureIssue(file: string): LinearIssue {
  const body = JSON.parse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8'));
  return issueSchema.parse(body.data.issues.nodes[0]);
}

const labelNames = new Map([
  ['7d3e1f2a-4b5c-4d6e-8f70-9a1b2c3d4e51', 'Bug'],
  ['7d3e1f2a-4b5c-4d6e-8f70-9a1b2c3d4e53', 'performance'],
]);

function hoursOfTriage(ticket: ReturnType<typeof mapLinearIssue>): number | null {
  const intervals = buildIntervals(ticket, (s) => resolveStatus(s, {}).category);
  return ticketFlow({ ticket, intervals, asOf: new Date('2024-01-19T12:00:00Z'), botNames: new Set() })
    .timeToTriageHours;
}

describe('mapLinearIssue', () => {
  it('maps CS-12 (resolved) with its history oldest first', () => {
    const ticket = mapLinearIssue(fixtureIssue('linear-issues-page2.json'), { labelNames });
    expect(ticket).toMatchObject({
      source: 'linear',
      key: 'CS-12',
      title: 'Cannot log in after password reset',
      priority: 'High',
      labels: ['Bug', 'login'],
      team: 'CS',
      requester: 'Dana Support Bot',
      assignee: 'Priya Raman',
      status: 'Done',
      sourceStatusCategory: 'done',
      url: 'https://linear.app/acme/issue/CS-12/cannot-log-in-after-password-reset',
    });
    expect(ticket.createdAt.toISOString()).toBe('2024-01-15T09:30:00.000Z');
    expect(ticket.events.map((e) => [e.at.toISOString(), e.kind, e.from, e.to, e.seq])).toEqual([
      ['2024-01-15T09:45:00.000Z', 'status', 'Triage', 'Todo', 0],
      ['2024-01-15T09:45:00.000Z', 'assignee', null, 'Priya Raman', 1],
      ['2024-01-15T10:10:00.000Z', 'status', 'Todo', 'In Progress', 2],
      ['2024-01-15T15:20:00.000Z', 'label', null, 'Bug', 3],
      ['2024-01-16T10:02:44.000Z', 'status', 'In Progress', 'Done', 4],
    ]);
    expect(ticket.events.every((e) => e.actor === 'Priya Raman' && !e.actorIsBot)).toBe(true);
    // Triage 09:30 → 09:45.
    expect(hoursOfTriage(ticket)).toBe(0.25);
  });

  it('maps CS-13 (open): reassignment, priority change, label added, a label name from the issue', () => {
    const ticket = mapLinearIssue(fixtureIssue('linear-issues-page1.json'), { labelNames: new Map() });
    expect(ticket.status).toBe('In Progress');
    expect(ticket.sourceStatusCategory).toBe('active');
    expect(ticket.events.map((e) => [e.kind, e.from, e.to])).toEqual([
      ['status', 'Triage', 'Backlog'],
      // The label id is not in the workspace map: the issue's own labels name it.
      ['label', null, 'performance'],
      ['status', 'Backlog', 'In Progress'],
      ['assignee', null, 'Marco Silva'],
      ['priority', 'Medium', 'High'],
      ['assignee', 'Marco Silva', 'Priya Raman'],
    ]);
    expect(hoursOfTriage(ticket)).toBeCloseTo(20 / 60, 9);
  });

  it('gives null triage time when triage was skipped, and marks actorless changes as automation', () => {
    const base = fixtureIssue('linear-issues-page1.json');
    const skipped: LinearIssue = {
      ...base,
      startedTriageAt: null,
      triagedAt: null,
      history: {
        ...base.history,
        nodes: [
          {
            id: 'h1',
            createdAt: '2024-01-17T09:00:00.000Z',
            actor: null,
            fromState: { id: 's2', name: 'Backlog', type: 'backlog' },
            toState: { id: 's4', name: 'In Progress', type: 'started' },
          },
        ],
      },
      comments: {
        pageInfo: { hasNextPage: false, endCursor: null },
        nodes: [
          {
            id: 'c1',
            createdAt: '2024-01-16T15:00:00.000Z',
            user: null,
            botActor: { name: 'Zendesk', type: 'zendesk' },
          },
          { id: 'c2', createdAt: '2024-01-16T16:00:00.000Z', user: { id: 'u1', name: 'Marco Silva' } },
        ],
      },
    };
    const ticket = mapLinearIssue(skipped, { labelNames });
    expect(ticket.events.map((e) => [e.kind, e.actor, e.actorIsBot, e.public])).toEqual([
      ['comment', 'Zendesk', true, true],
      ['comment', 'Marco Silva', false, true],
      ['status', null, true, null],
    ]);
    expect(hoursOfTriage(ticket)).toBeNull();
  });

  it('restores the triage stay when history has no state change but triagedAt is set', () => {
    const base = fixtureIssue('linear-issues-page1.json');
    const quiet: LinearIssue = {
      ...base,
      state: { id: 's2', name: 'Backlog', type: 'backlog' },
      history: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [] },
    };
    const ticket = mapLinearIssue(quiet, { labelNames });
    expect(ticket.events.map((e) => [e.kind, e.from, e.to, e.at.toISOString()])).toEqual([
      ['status', 'Triage', 'Backlog', '2024-01-16T14:20:00.000Z'],
    ]);
  });

  it.each([
    ['triage', 'triage'],
    ['backlog', 'queue'],
    ['unstarted', 'queue'],
    ['started', 'active'],
    ['completed', 'done'],
    ['canceled', 'canceled'],
    ['duplicate', 'canceled'],
  ])('state type %s → %s', (type, category) => {
    expect(LINEAR_STATE_CATEGORIES[type]).toBe(category);
    const issue = { ...fixtureIssue('linear-issues-page1.json'), state: { id: 'x', name: 'Custom', type } };
    expect(mapLinearIssue(issue, { labelNames }).sourceStatusCategory).toBe(category);
  });

  it('leaves an unknown state type without a source category (reported unmapped later)', () => {
    const issue = {
      ...fixtureIssue('linear-issues-page1.json'),
      state: { id: 'x', name: 'Limbo', type: 'limbo' },
    };
    expect(mapLinearIssue(issue, { labelNames }).sourceStatusCategory).toBeNull();
  });
});
