import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../db/client';
import type { Connection } from '../../db/schema';
import { analyze } from '../../lib/analysis/analyze';
import { loadConfig } from '../../lib/config';
import { type Env, env } from '../../lib/env';
import { ensureConnection } from '../../lib/ingest/connections';
import { type RunIngestInput, runIngest } from '../../lib/ingest/run-ingest';
import { AGENT, generateIssues, transition } from '../fakes/jira/dataset';
import { type FakeIssue, type FakeJira, STATUSES, startFakeJira } from '../fakes/jira/server';
import { testDatabases, useTestDatabase } from '../support/databases';

const TOKEN = 'tok-Sup3rSecret-9f8e7d';
const EMAIL = 'sync-bot@acme.example';
const BASIC = Buffer.from(`${EMAIL}:${TOKEN}`).toString('base64');

function cloudEnv(overrides: Partial<Env> = {}): Env {
  return { ...env(), JIRA_EMAIL: EMAIL, JIRA_API_TOKEN: TOKEN, JIRA_PAT: undefined, ...overrides };
}

const quietIo = { err: () => undefined, progress: () => undefined };

interface StoredEvent {
  kind: string;
  from_value: string | null;
  to_value: string | null;
  at: string;
  is_public: boolean | null;
}

async function storedTicket(database: Database, connectionId: number, externalId: string) {
  const [ticket] = await database.sql<
    {
      id: string;
      key: string;
      status: string;
      status_category: string;
      deleted_at: string | null;
      created_at: string;
    }[]
  >`select id, key, status, status_category, deleted_at, created_at from tickets
    where connection_id = ${connectionId} and external_id = ${externalId}`;
  if (!ticket) return null;
  const events = await database.sql<StoredEvent[]>`
    select kind, from_value, to_value, at, is_public from ticket_events where ticket_id = ${ticket.id} order by seq`;
  return { ...ticket, events };
}

/** What the store must hold for a fake issue: every status change in order, every comment. */
function expectExact(stored: NonNullable<Awaited<ReturnType<typeof storedTicket>>>, issue: FakeIssue) {
  expect(stored.key).toBe(issue.key);
  expect(stored.status).toBe(issue.status.name);
  expect(new Date(stored.created_at).toISOString()).toBe(issue.created.toISOString());
  const statusEvents = stored.events.filter((e) => e.kind === 'status');
  expect(statusEvents.map((e) => [new Date(e.at).toISOString(), e.from_value, e.to_value])).toEqual(
    issue.histories.map((h) => [h.at.toISOString(), h.items[0]?.fromString, h.items[0]?.toString]),
  );
  const comments = stored.events.filter((e) => e.kind === 'comment');
  expect(comments.map((e) => [new Date(e.at).toISOString(), e.is_public])).toEqual(
    issue.comments.map((c) => [c.at.toISOString(), c.jsdPublic ?? true]),
  );
}

describe.each(testDatabases())('Jira ingest on $name', (target) => {
  const db = useTestDatabase(target);
  let fake: FakeJira;
  let clock = new Date('2024-03-01T12:00:00Z');
  let connection: Connection;

  const run = (overrides: Partial<RunIngestInput> = {}) =>
    runIngest({
      database: db(),
      connection,
      env: cloudEnv(),
      io: quietIo,
      statusMap: {},
      now: () => clock,
      ...overrides,
    });

  beforeAll(async () => {
    fake = await startFakeJira({
      email: EMAIL,
      token: TOKEN,
      // 23 status changes and 25 comments: beyond what a search page embeds (20 each).
      issues: [
        ...generateIssues({ count: 12, statusChanges: 4, comments: 2 }),
        ...generateIssues({ count: 3, firstId: 20_001, statusChanges: 23, comments: 25 }).map((i, n) => ({
          ...i,
          key: `OPS-${100 + n}`,
        })),
      ],
      pageCap: 4,
      changelogCap: 20,
      commentCap: 20,
      offset: '+0300',
      now: () => clock,
    });
    connection = await ensureConnection(db().db, {
      kind: 'jira',
      baseUrl: fake.baseUrl,
      scope: { jql: 'project = OPS ORDER BY updated DESC' },
      name: 'jira-fake',
    });
  });
  afterAll(async () => {
    await fake.close();
  });

  test('a full load stores every issue with its complete history, exactly', async () => {
    const summary = await run();
    expect(summary.since).toBeNull();
    expect(summary.tickets).toBe(15);
    expect(summary.pages).toBe(4);
    for (const issue of fake.issues.values()) {
      const stored = await storedTicket(db(), connection.id, String(issue.id));
      expect(stored, issue.key).not.toBeNull();
      if (stored) expectExact(stored, issue);
    }
    // Long histories came from the changelog endpoint, long comment lists from the comment endpoint.
    expect(fake.log.some((l) => /\/issue\/2000\d\/changelog/.test(l.path))).toBe(true);
    expect(fake.log.some((l) => /\/issue\/2000\d\/comment/.test(l.path))).toBe(true);
    const [row] = await db().sql<
      { status: string; pages: number; tickets: number; finished_at: string | null }[]
    >`
      select status, pages, tickets, finished_at from sync_runs where id = ${summary.runId}`;
    expect(row).toMatchObject({ status: 'succeeded', pages: 4, tickets: 15 });
    const [raw] = await db().sql<{ n: number }[]>`
      select count(*)::int as n from raw_payloads where connection_id = ${connection.id}`;
    expect(raw?.n).toBe(15);
  });

  test('an incremental run reads only what changed, and picks up a reopened issue', async () => {
    const reopened = fake.issues.get(10_002) as FakeIssue;
    expect(reopened.status.name).toBe('Resolved');
    clock = new Date('2024-03-02T12:00:00Z');
    transition(reopened, STATUSES.reopened, new Date('2024-03-02T11:30:00Z'), AGENT);
    const summary = await run();
    expect(summary.since?.toISOString()).toBe('2024-03-01T11:45:00.000Z'); // last start − 15 min
    expect(summary.tickets).toBe(1);
    const stored = await storedTicket(db(), connection.id, '10002');
    expect(stored?.status).toBe('Reopened');
    if (stored) expectExact(stored, reopened);
    const [events] = await db().sql<{ n: number }[]>`select count(*)::int as n from ticket_events`;
    const expected = [...fake.issues.values()].reduce(
      (n, i) => n + i.histories.length + i.comments.length,
      0,
    );
    expect(events?.n).toBe(expected);
  });

  test('the census marks deleted issues and updates moved keys; a deleted issue leaves every figure', async () => {
    clock = new Date('2024-03-03T12:00:00Z');
    await analyze(db(), { config: loadConfig('{}', 'defaults'), asOf: clock });
    const derivedOf = async (externalId: string) => {
      const [row] = await db().sql<{ metrics: number; intervals: number }[]>`
        select (select count(*) from ticket_metrics m where m.ticket_id = t.id)::int as metrics,
               (select count(*) from ticket_intervals i where i.ticket_id = t.id)::int as intervals
        from tickets t where t.connection_id = ${connection.id} and t.external_id = ${externalId}`;
      return row;
    };
    expect(await derivedOf('10003')).toMatchObject({ metrics: 1 });
    fake.issues.delete(10_003);
    const moved = fake.issues.get(10_004) as FakeIssue;
    moved.key = 'OPS-404';
    const summary = await run({ census: 'always' });
    expect(summary.census).toMatchObject({ ran: true, deleted: 1, moved: 1 });
    expect((await storedTicket(db(), connection.id, '10003'))?.deleted_at).not.toBeNull();
    expect((await storedTicket(db(), connection.id, '10004'))?.key).toBe('OPS-404');
    const [live] = await db().sql<{ n: number }[]>`
      select count(*)::int as n from tickets where connection_id = ${connection.id} and deleted_at is null`;
    expect(live?.n).toBe(fake.issues.size);
    expect(await derivedOf('10003')).toEqual({ metrics: 0, intervals: 0 });
    expect(await derivedOf('10004')).toMatchObject({ metrics: 1 });
  });

  test('429 (Retry-After, X-RateLimit-Reset), 5xx and a malformed page are retried and counted', async () => {
    clock = new Date('2024-03-04T12:00:00Z');
    fake.faults.push(
      { path: /search\/jql$/, status: 429, headers: { 'Retry-After': '1', 'X-RateLimit-Remaining': '0' } },
      {
        path: /search\/jql$/,
        status: 429,
        headers: { 'X-RateLimit-Reset': new Date(Date.now() + 1000).toISOString().slice(0, 19) + 'Z' },
      },
      { path: /search\/jql$/, status: 503, body: 'upstream unavailable' },
      { path: /search\/jql$/, status: 200, body: '{"issues": [{"id": "1' },
    );
    const summary = await run({ full: true });
    expect(summary.retries).toBe(4);
    expect(summary.tickets).toBe(fake.issues.size);
    const [row] = await db().sql<
      { retries: number }[]
    >`select retries from sync_runs where id = ${summary.runId}`;
    expect(row?.retries).toBe(4);
  });

  test('bad credentials, no permission and bad JQL fail with Jira’s own words, never the token', async () => {
    const bad = run({ env: cloudEnv({ JIRA_API_TOKEN: 'wrong-token-123' }) });
    await expect(bad).rejects.toThrow(
      /HTTP 401.*JIRA_EMAIL and JIRA_API_TOKEN.*Client must be authenticated/,
    );

    fake.faults.push({
      path: /search\/jql$/,
      status: 403,
      body: JSON.stringify({ errorMessages: ['You do not have permission to browse OPS.'], errors: {} }),
    });
    await expect(run()).rejects.toThrow(
      /no permission \(HTTP 403\).*You do not have permission to browse OPS/,
    );

    const nope = await ensureConnection(db().db, {
      kind: 'jira',
      baseUrl: fake.baseUrl,
      scope: { jql: 'project = NOPE' },
      name: 'jira-nope',
    });
    await expect(run({ connection: nope })).rejects.toThrow(
      /HTTP 400.*The value 'NOPE' does not exist for the field 'project'/,
    );
    const runs = await db().sql<{ status: string; error: string | null }[]>`
      select status, error from sync_runs where status = 'failed'`;
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const r of runs) {
      expect(r.error).not.toContain(TOKEN);
      expect(r.error).not.toContain(BASIC);
    }
  });

  test('the token never reaches raw payloads, run records or connections', async () => {
    const tables = [
      'raw_payloads',
      'sync_runs',
      'connections',
      'tickets',
      'ticket_events',
      'source_slo_cycles',
    ];
    for (const table of tables) {
      const [row] = await db().sql<{ text: string | null }[]>`
        select string_agg(t::text, '\n') as text from ${db().sql(table)} t`;
      expect(row?.text ?? '', table).not.toContain(TOKEN);
      expect(row?.text ?? '', table).not.toContain(BASIC);
    }
  });
});

describe.each(testDatabases())('Data Center and Service Management on $name', (target) => {
  const db = useTestDatabase(target);

  test('Data Center: startAt paging, a PAT, full histories re-read when the embedded one is cut', async () => {
    const fake = await startFakeJira({
      deployment: 'datacenter',
      pat: 'dc-PAT-0123456789',
      issues: generateIssues({ count: 9, statusChanges: 7, comments: 3 }),
      pageCap: 4,
      changelogCap: 5,
      commentCap: 2,
      offset: '+0530',
    });
    try {
      const connection = await ensureConnection(db().db, {
        kind: 'jira',
        baseUrl: fake.baseUrl,
        scope: { jql: 'project = OPS' },
        name: 'jira-dc',
      });
      const summary = await runIngest({
        database: db(),
        connection,
        env: { ...env(), JIRA_EMAIL: undefined, JIRA_API_TOKEN: undefined, JIRA_PAT: 'dc-PAT-0123456789' },
        io: quietIo,
        statusMap: {},
      });
      expect(summary).toMatchObject({ tickets: 9, pages: 3 });
      for (const issue of fake.issues.values()) {
        const stored = await storedTicket(db(), connection.id, String(issue.id));
        if (!stored) throw new Error(`${issue.key} missing`);
        expectExact(stored, issue);
      }
      const searches = fake.log.filter((l) => l.path === '/rest/api/2/search');
      expect(searches.length).toBeGreaterThanOrEqual(3);
      expect(fake.log.some((l) => /^\/rest\/api\/2\/issue\/\d+$/.test(l.path))).toBe(true);
      expect(fake.log.every((l) => l.authorization === 'Bearer dc-PAT-0123456789')).toBe(true);
    } finally {
      await fake.close();
    }
  });

  test('JSM through the gateway path: request types and the source’s own SLA cycles are kept', async () => {
    const clock = new Date('2024-01-20T12:00:00Z');
    const fake = await startFakeJira({
      basePath: '/ex/jira/0c1d2e3f',
      email: EMAIL,
      token: TOKEN,
      jsm: true,
      issues: generateIssues({ count: 3, statusChanges: 2, jsm: true, project: 'SUP' }),
      now: () => clock,
    });
    try {
      const connection = await ensureConnection(db().db, {
        kind: 'jira',
        baseUrl: fake.baseUrl,
        scope: { jql: 'project = SUP' },
        name: 'jira-jsm',
      });
      const summary = await runIngest({
        database: db(),
        connection,
        env: cloudEnv(),
        io: quietIo,
        statusMap: {},
        now: () => clock,
      });
      expect(summary.tickets).toBe(3);
      const cycles = await db().sql<
        { key: string; policy: string; cycle: number; ongoing: boolean; breached: boolean; goal_ms: number }[]
      >`select t.key, c.policy, c.cycle, c.ongoing, c.breached, c.goal_ms::float8 as goal_ms
        from source_slo_cycles c join tickets t on t.id = c.ticket_id
        where t.connection_id = ${connection.id} order by t.key, c.policy`;
      expect(cycles).toEqual([
        {
          key: 'SUP-1',
          policy: 'Time to first response',
          cycle: 0,
          ongoing: false,
          breached: false,
          goal_ms: 14_400_000,
        },
        {
          key: 'SUP-1',
          policy: 'Time to resolution',
          cycle: 0,
          ongoing: true,
          breached: true,
          goal_ms: 86_400_000,
        },
        {
          key: 'SUP-2',
          policy: 'Time to first response',
          cycle: 0,
          ongoing: false,
          breached: false,
          goal_ms: 14_400_000,
        },
        {
          key: 'SUP-2',
          policy: 'Time to resolution',
          cycle: 0,
          ongoing: false,
          breached: false,
          goal_ms: 86_400_000,
        },
        {
          key: 'SUP-3',
          policy: 'Time to first response',
          cycle: 0,
          ongoing: false,
          breached: false,
          goal_ms: 14_400_000,
        },
        {
          key: 'SUP-3',
          policy: 'Time to resolution',
          cycle: 0,
          ongoing: false,
          breached: false,
          goal_ms: 86_400_000,
        },
      ]);
      const types = await db().sql<{ type: string }[]>`
        select distinct type from tickets where connection_id = ${connection.id}`;
      expect(types).toEqual([{ type: 'Create a repository' }]);
      const [run] = await db().sql<
        { detail: { source: { slaFields: unknown[]; requestTypeField: string } } }[]
      >`
        select detail from sync_runs where id = ${summary.runId}`;
      expect(run?.detail.source.requestTypeField).toBe('customfield_10010');
      expect(run?.detail.source.slaFields).toHaveLength(2);
    } finally {
      await fake.close();
    }
  });
});
