import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../db/client';
import { streamTicketHistories } from '../../db/queries/ticket-history';
import type { Connection } from '../../db/schema';
import { deriveTicket, prepareDerivation } from '../../lib/analysis/derive-ticket';
import { defaultConfig, type ToilscopeConfig } from '../../lib/config';
import { type Env, env } from '../../lib/env';
import { ensureConnection } from '../../lib/ingest/connections';
import { ingestGithubDeployments } from '../../lib/ingest/github-deployments';
import { runIngest } from '../../lib/ingest/run-ingest';
import { type GithubDataset, generateGithubRepo, reopenGithubIssue } from '../fakes/github/dataset';
import { type GithubFake, startGithubFake } from '../fakes/github/server';
import { testDatabases, useTestDatabase } from '../support/databases';

const TOKEN = 'ghp_Sup3rSecretToken0042';
const quietIo = { err: () => undefined, progress: () => undefined };

async function storedTickets(database: Database, connectionId: number) {
  const out = [];
  for await (const page of streamTicketHistories({ sql: database.sql, filter: { source: 'github' } })) {
    out.push(...page.filter((t) => t.id.startsWith(`github:${connectionId}:`)));
  }
  return out;
}

function statusPath(ticket: {
  events: Array<{ kind: string; from: string | null; to: string | null }>;
  status: string;
}) {
  const changes = ticket.events.filter((e) => e.kind === 'status');
  return changes.length === 0 ? [ticket.status] : [changes[0]?.from ?? '', ...changes.map((e) => e.to ?? '')];
}

describe.each(testDatabases())('ingest github on $name', (target) => {
  const database = useTestDatabase(target);
  let fake: GithubFake;
  let data: GithubDataset;
  let connection: Connection;
  const githubEnv = (): Env => ({ ...env(), GITHUB_TOKEN: TOKEN, GITHUB_API_URL: fake.apiUrl });
  const config: ToilscopeConfig = defaultConfig();
  const ingest = (overrides: Partial<Parameters<typeof runIngest>[0]> = {}) =>
    runIngest({
      database: database(),
      connection,
      env: githubEnv(),
      io: quietIo,
      statusMap: {},
      config,
      ...overrides,
    });

  beforeAll(async () => {
    data = generateGithubRepo({ count: 70, prEvery: 9, deployments: 12 });
    // Two incident issues: one an hour after deployment day 2 finished, one with no deployment before it.
    for (const [n, at] of [
      [5, '2025-02-02T10:10:00Z'],
      [10, '2025-01-01T00:00:00Z'],
    ] as const) {
      const issue = data.repo.issues.find((i) => i.number === n);
      if (issue) issue.labels = [...(issue.labels as unknown[]), { id: 1, name: 'incident' }];
      if (issue) issue.created_at = at;
    }
    fake = await startGithubFake({ token: TOKEN, repo: data.repo, prefix: '/api/v3' });
    connection = await ensureConnection(database().db, {
      kind: 'github',
      baseUrl: fake.apiUrl,
      scope: { repo: 'acme/ops' },
      name: 'github-test',
    });
  });
  afterAll(async () => {
    await fake.close();
  });

  test('loads every issue (no pull requests) with its full history exactly, through rate limits', async () => {
    fake.fail('secondary', { path: /\/timeline$/ });
    fake.fail('primary', { path: /\/issues$/ });
    fake.fail('server-error', { times: 2, path: /\/timeline$/ });
    const summary = await ingest({ census: 'always' });
    expect(summary.tickets).toBe(data.expected.size);
    expect(summary.retries).toBe(4);
    const stored = await storedTickets(database(), connection.id);
    expect(stored.map((t) => t.key).sort()).toEqual(
      [...data.expected.keys()].map((n) => `acme/ops#${n}`).sort(),
    );
    const derivation = prepareDerivation(config);
    for (const ticket of stored) {
      const expected = data.expected.get(Number(ticket.key.split('#')[1]));
      expect(statusPath(ticket), ticket.key).toEqual(expected?.statuses);
      expect(ticket.events, ticket.key).toHaveLength(expected?.events as number);
      const triage = deriveTicket(ticket, derivation, new Date('2026-01-01T00:00:00Z')).flow
        .timeToTriageHours;
      if (expected?.triageSkipped) expect(triage, ticket.key).toBeNull();
      else expect(triage, ticket.key).toBeGreaterThan(0);
    }
    const categories = await database().sql<{ status: string; status_category: string }[]>`
      select distinct status, status_category from tickets where connection_id = ${connection.id} order by status`;
    expect(categories).toEqual([
      { status: 'Closed', status_category: 'done' },
      { status: 'Duplicate', status_category: 'canceled' },
      { status: 'In Progress', status_category: 'active' },
      { status: 'Not planned', status_category: 'canceled' },
    ]);
    const leaked = await database().sql<{ n: number }[]>`
      select count(*)::int as n from raw_payloads where connection_id = ${connection.id} and body::text like ${`%${TOKEN}%`}`;
    expect(leaked[0]?.n).toBe(0);
  });

  test('a second run asks for issues since the last run and picks up a reopened issue', async () => {
    // A closed issue without a status label: reopened, it is plain Open again.
    const closed = data.repo.issues.find(
      (i) => i.state === 'closed' && i.state_reason === 'completed' && (i.labels as unknown[]).length === 0,
    );
    const number = closed?.number as number;
    reopenGithubIssue(data.repo, number, new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'));
    const requestsBefore = fake.requests.length;
    const summary = await ingest();
    expect(summary.since).not.toBeNull();
    expect(summary.tickets).toBe(1);
    const issueRequest = fake.requests.slice(requestsBefore).find((r) => r.url.pathname.endsWith('/issues'));
    expect(issueRequest?.url.searchParams.get('since')).toBe(
      summary.since?.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    );
    const ticket = (await storedTickets(database(), connection.id)).find(
      (t) => t.key === `acme/ops#${number}`,
    );
    expect(ticket?.status).toBe('Open');
    expect(ticket?.statusCategory).toBe('queue');
    expect(statusPath(ticket as NonNullable<typeof ticket>).at(-1)).toBe('Open');
  });

  test('--deployments loads deployments with statuses, commit times and rework, and links incidents', async () => {
    const summary = await ingestGithubDeployments({
      database: database(),
      connection,
      env: githubEnv(),
      config,
      io: quietIo,
    });
    expect(summary).toMatchObject({ deployments: 12, fromReleases: false, linkedIncidents: 1 });
    const rows = await database().sql<
      {
        id: string;
        status: string;
        is_rework: boolean;
        commit_times: string[];
        linked_incidents: string[];
        environment: string;
      }[]
    >`select id, status, is_rework, commit_times, linked_incidents, environment from deployments order by started_at`;
    expect(rows).toHaveLength(12);
    // Day 3 (index 3) and day 7 fail; day 4 and day 9 redeploy the previous sha (rework, no new commits).
    expect(rows.map((r) => r.status)).toEqual([
      'success',
      'success',
      'failure', // linked: the incident on day 2
      'failure',
      'success',
      'success',
      'success',
      'failure',
      'success',
      'success',
      'success',
      'failure',
    ]);
    expect(rows.map((r) => r.is_rework)).toEqual([
      false,
      false,
      false,
      false,
      true,
      false,
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
    expect(rows.map((r) => r.commit_times.length)).toEqual([1, 2, 2, 2, 0, 2, 2, 2, 2, 0, 2, 2]);
    expect(rows[2]?.linked_incidents).toEqual(['acme/ops#5']);
    expect(rows.every((r) => r.environment === 'production')).toBe(true);
  });

  test('a 403 that is not a rate limit fails with a permission message and no retries', async () => {
    fake.fail('forbidden', { path: /\/issues$/ });
    const requestsBefore = fake.requests.length;
    const error = await ingest().catch((e: Error) => e);
    expect(String(error)).toMatch(
      /permission denied \(HTTP 403: Resource not accessible by personal access token\)/,
    );
    expect(String(error)).not.toContain(TOKEN);
    expect(fake.requests.length - requestsBefore).toBe(1);
  });
});
