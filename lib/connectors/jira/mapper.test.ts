import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { adfToText } from './adf';
import { parseJiraInstant } from './instant';
import { type JiraFieldDiscovery, mapJiraIssue, statusCategoryOf } from './mapper';
import { changelogPageSchema, commentPageSchema, fieldListSchema, issueSchema } from './schemas';

// Recorded wire bodies (shared/api/examples), mapped by hand-checked expectations.
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8'));

const DISCOVERY: JiraFieldDiscovery = {
  requestTypeField: 'customfield_10010',
  slaFields: [
    { id: 'customfield_10030', name: 'Time to resolution' },
    { id: 'customfield_10031', name: 'Time to first response' },
  ],
};

function searchIssue(file: string) {
  const page = fixture(file) as { issues: unknown[] };
  return issueSchema.parse(page.issues[0]);
}

describe('parseJiraInstant', () => {
  test.each([
    ['2024-01-15T09:30:00.000+0000', '2024-01-15T09:30:00.000Z'],
    ['2024-01-15T12:30:00.000+0300', '2024-01-15T09:30:00.000Z'],
    ['2024-01-15T04:00:00.000-0530', '2024-01-15T09:30:00.000Z'],
    ['2024-01-15T09:30:00+00:00', '2024-01-15T09:30:00.000Z'],
    ['2024-01-15T09:30:00.123456Z', '2024-01-15T09:30:00.123Z'],
    ['2024-01-16T14:00:00+0000', '2024-01-16T14:00:00.000Z'],
    [1492070429, '2017-04-13T08:00:29.000Z'],
    [1705311000000, '2024-01-15T09:30:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(parseJiraInstant(input)?.toISOString()).toBe(expected);
  });

  test.each([
    '2024-01-15 09:30',
    '2024-02-30T00:00:00.000+0000',
    '15/Jan/24 9:30 AM',
    '2024-01-15T25:00:00Z',
    '',
  ])('rejects %j', (input) => {
    expect(parseJiraInstant(input)).toBeNull();
  });
});

describe('adfToText', () => {
  test('paragraphs, lists, hard breaks, mentions and links flatten to plain text', () => {
    const doc = {
      type: 'doc',
      version: 1,
      content: [
        { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Steps' }] },
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'open VPN' }] }],
            },
            {
              type: 'listItem',
              content: [{ type: 'paragraph', content: [{ type: 'text', text: 'log in' }] }],
            },
          ],
        },
        {
          type: 'paragraph',
          content: [
            { type: 'text', text: 'ask ' },
            { type: 'mention', attrs: { id: 'x', text: '@Priya' } },
            { type: 'hardBreak' },
            { type: 'inlineCard', attrs: { url: 'https://status.example' } },
          ],
        },
      ],
    };
    expect(adfToText(doc)).toBe('Steps\n- open VPN\n- log in\nask @Priya\nhttps://status.example');
  });

  test('null is empty and Data Center wiki strings pass through', () => {
    expect(adfToText(null)).toBe('');
    expect(adfToText('h1. Title\n*bold*')).toBe('h1. Title\n*bold*');
  });
});

describe('statusCategoryOf', () => {
  test.each([
    ['Open', 'new', 'queue'],
    ['Triage', 'new', 'triage'],
    ['In Progress', 'indeterminate', 'active'],
    ['Waiting for customer', 'indeterminate', 'waiting'],
    ['Resolved', 'done', 'done'],
    ["Won't Do", 'done', 'canceled'],
    ['Deploying', 'indeterminate', 'active'],
    ['Parked', 'undefined', null],
  ])('%s (%s) → %s', (name, key, expected) => {
    expect(statusCategoryOf(name, key)).toBe(expected);
  });
});

describe('mapJiraIssue on recorded search pages', () => {
  test('SUP-101: full embedded changelog, comments with jsdPublic, JSM request type and SLA cycles', () => {
    const issue = searchIssue('jira-search-jql-page1.json');
    const comments = commentPageSchema.parse(fixture('jira-comments-SUP-101.json')).comments;
    const result = mapJiraIssue({
      issue,
      histories: issue.changelog?.histories ?? [],
      comments,
      discovery: DISCOVERY,
    });
    if (!result.ok) throw new Error(result.reason);
    const t = result.ticket;
    expect(t).toMatchObject({
      source: 'jira',
      key: 'SUP-101',
      title: 'Cannot log in after password reset',
      description:
        "After resetting my password this morning the login page says 'invalid credentials'.\nBrowser: Chrome 120, SSO via Okta.",
      type: 'Report a system problem',
      priority: 'High',
      labels: ['login', 'sso', 'component:Authentication'],
      team: 'Customer Support',
      requester: 'Dana Customer',
      assignee: 'Priya Raman',
      status: 'Resolved',
      sourceStatusCategory: 'done',
      url: 'https://acme-support.atlassian.net/browse/SUP-101',
    });
    expect(t.createdAt.toISOString()).toBe('2024-01-15T09:30:00.000Z');
    // Oldest first; within one history, item order; comments after changelog items of the same instant.
    expect(
      t.events.map((e) => [e.at.toISOString(), e.kind, e.from, e.to, e.actor, e.actorIsBot, e.public]),
    ).toEqual([
      ['2024-01-15T09:42:10.123Z', 'assignee', null, 'Priya Raman', 'Priya Raman', false, null],
      ['2024-01-15T09:42:10.123Z', 'status', 'Open', 'In Progress', 'Priya Raman', false, null],
      ['2024-01-15T11:04:12.000Z', 'comment', null, null, 'Priya Raman', false, true],
      [
        '2024-01-15T11:05:00.000Z',
        'status',
        'In Progress',
        'Waiting for customer',
        'Priya Raman',
        false,
        null,
      ],
      ['2024-01-16T08:15:29.000Z', 'comment', null, null, 'Dana Customer', false, true],
      [
        '2024-01-16T08:15:30.500Z',
        'status',
        'Waiting for customer',
        'In Progress',
        'Automation for Jira',
        true,
        null,
      ],
      ['2024-01-16T10:01:50.000Z', 'comment', null, null, 'Priya Raman', false, false],
      ['2024-01-16T10:02:44.000Z', 'resolution', null, 'Done', 'Priya Raman', false, null],
      ['2024-01-16T10:02:44.000Z', 'status', 'In Progress', 'Resolved', 'Priya Raman', false, null],
    ]);
    expect(t.events.map((e) => e.seq)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(result.sourceSloCycles).toEqual([
      {
        policy: 'Time to resolution',
        cycle: 0,
        sourceField: 'customfield_10030',
        startedAt: new Date('2024-01-15T09:30:00.000Z'),
        stoppedAt: new Date('2024-01-16T10:02:44.000Z'),
        breachAt: new Date('2024-01-16T09:30:00.000Z'),
        breached: true,
        paused: null,
        ongoing: false,
        goalMs: 86_400_000,
        elapsedMs: 88_364_000,
        remainingMs: -1_964_000,
      },
      {
        policy: 'Time to first response',
        cycle: 0,
        sourceField: 'customfield_10031',
        startedAt: new Date('2024-01-15T09:30:00.000Z'),
        stoppedAt: new Date('2024-01-15T09:42:10.123Z'),
        breachAt: new Date('2024-01-15T13:30:00.000Z'),
        breached: false,
        paused: null,
        ongoing: false,
        goalMs: 14_400_000,
        elapsedMs: 730_123,
        remainingMs: 13_669_877,
      },
    ]);
  });

  test('SUP-102: open, reassigned, priority raised, an ongoing breached SLA', () => {
    const issue = searchIssue('jira-search-jql-page2.json');
    const result = mapJiraIssue({
      issue,
      histories: issue.changelog?.histories ?? [],
      comments: [],
      discovery: DISCOVERY,
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.ticket.status).toBe('In Progress');
    expect(result.ticket.sourceStatusCategory).toBe('active');
    const kinds = result.ticket.events.map((e) => `${e.kind}:${e.from ?? ''}>${e.to ?? ''}`);
    expect(kinds).toContain('priority:Medium>High');
    expect(kinds).toContain('assignee:Marco Silva>Priya Raman');
    const ongoing = result.sourceSloCycles.find((c) => c.ongoing);
    expect(ongoing).toMatchObject({
      policy: 'Time to resolution',
      cycle: 0,
      stoppedAt: null,
      breached: true,
      paused: false,
      remainingMs: -165_600_000,
    });
  });

  test('the changelog endpoint (values, oldest first) maps to the same events as the embedded one', () => {
    const issue = searchIssue('jira-search-jql-page1.json');
    const paged = changelogPageSchema.parse(fixture('jira-changelog-SUP-101.json'));
    const fromEndpoint = mapJiraIssue({ issue, histories: paged.values, comments: [], discovery: DISCOVERY });
    const fromEmbedded = mapJiraIssue({
      issue,
      histories: issue.changelog?.histories ?? [],
      comments: [],
      discovery: DISCOVERY,
    });
    expect(fromEndpoint).toEqual(fromEmbedded);
  });

  test('labels changes become one event per label added or removed', () => {
    const issue = searchIssue('jira-search-jql-page1.json');
    const result = mapJiraIssue({
      issue,
      histories: [
        {
          id: '1',
          created: '2024-01-15T10:00:00.000+0100',
          author: null,
          items: [
            {
              fieldId: 'labels',
              field: 'labels',
              from: null,
              fromString: 'login vpn',
              to: null,
              toString: 'login sso',
            },
          ],
        },
      ],
      comments: [],
      discovery: DISCOVERY,
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.ticket.events.map((e) => [e.at.toISOString(), e.kind, e.from, e.to])).toEqual([
      ['2024-01-15T09:00:00.000Z', 'label', null, 'sso'],
      ['2024-01-15T09:00:00.000Z', 'label', 'vpn', null],
    ]);
  });

  test('an unreadable history date rejects the issue with its key and history id', () => {
    const issue = searchIssue('jira-search-jql-page1.json');
    const result = mapJiraIssue({
      issue,
      histories: [{ id: '7', created: '16/Jan/24 2:00 PM', author: null, items: [] }],
      comments: [],
      discovery: DISCOVERY,
    });
    expect(result).toEqual({
      ok: false,
      reason: 'SUP-101: changelog history 7: unreadable date "16/Jan/24 2:00 PM"',
    });
  });

  test('without JSM fields the issue type is the type and no SLA cycles are produced', () => {
    const issue = searchIssue('jira-search-jql-page1.json');
    const result = mapJiraIssue({
      issue,
      histories: [],
      comments: [],
      discovery: { requestTypeField: null, slaFields: [] },
    });
    if (!result.ok) throw new Error(result.reason);
    expect(result.ticket.type).toBe('[System] Incident');
    expect(result.sourceSloCycles).toEqual([]);
    expect(result.ticket.events).toEqual([]);
  });

  test('the /field list is a plain array and JSM fields are found by schema.custom', () => {
    const fields = fieldListSchema.parse(fixture('jira-fields.json'));
    expect(
      fields.filter((f) => f.schema?.custom === 'com.atlassian.servicedesk:sd-sla-field').map((f) => f.id),
    ).toEqual(['customfield_10030', 'customfield_10031']);
  });
});
