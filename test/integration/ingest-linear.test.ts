import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Database } from '../../db/client';
import { streamTicketHistories } from '../../db/queries/ticket-history';
import type { Connection } from '../../db/schema';
import { deriveTicket, prepareDerivation } from '../../lib/analysis/derive-ticket';
import { defaultConfig } from '../../lib/config';
import { type Env, env } from '../../lib/env';
import { ensureConnection } from '../../lib/ingest/connections';
import { runIngest } from '../../lib/ingest/run-ingest';
import {
  generateLinearIssues,
  type LinearDataset,
  reopenLinearIssue,
  WORKSPACE_LABELS,
} from '../fakes/linear/dataset';
import { type LinearFake, startLinearFake } from '../fakes/linear/server';
import { testDatabases, useTestDatabase } from '../support/databases';

const KEY = 'lin_api_Sup3rSecretKey0042';
const quietIo = { err: () => undefined, progress: () => undefined };

async function storedTickets(database: Database, connectionId: number) {
  const out = [];
  for await (const page of streamTicketHistories({ sql: database.sql, filter: { source: 'linear' } })) {
    out.push(...page.filter((t) => t.id.startsWith(`linear:${connectionId}:`)));
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

describe.each(testDatabases())('ingest linear on $name', (target) => {
  const database = useTestDatabase(target);
  let fake: LinearFake;
  let data: LinearDataset;
  let connection: Connection;
  const linearEnv = (): Env => ({ ...env(), LINEAR_API_KEY: KEY, LINEAR_API_URL: fake.apiUrl });
  const ingest = (overrides: Partial<Parameters<typeof runIngest>[0]> = {}) =>
    runIngest({
      database: database(),
      connection,
      env: linearEnv(),
      io: quietIo,
      statusMap: {},
      ...overrides,
    });

  beforeAll(async () => {
    data = generateLinearIssues({ count: 60, longEvery: 13 });
    fake = await startLinearFake({ apiKey: KEY, issues: data.issues, workspaceLabels: WORKSPACE_LABELS });
    connection = await ensureConnection(database().db, {
      kind: 'linear',
      baseUrl: fake.apiUrl,
      scope: { team: 'OPS' },
      name: 'linear-test',
    });
  });
  afterAll(async () => {
    await fake.close();
  });

  test('loads every issue with its full history exactly; triage time is null where triage was skipped', async () => {
    fake.fail('ratelimited', { operation: 'SyncIssues', after: 1 });
    fake.fail('server-error', { operation: 'SyncIssues', after: 2 });
    const summary = await ingest({ census: 'always' });
    expect(summary.since).toBeNull();
    expect(summary.tickets).toBe(60);
    expect(summary.rejected).toBe(0);
    expect(summary.retries).toBe(2);
    const stored = await storedTickets(database(), connection.id);
    expect(stored).toHaveLength(60);
    const derivation = prepareDerivation(defaultConfig());
    const asOf = new Date('2026-01-01T00:00:00Z');
    for (const ticket of stored) {
      const expected = data.expected.get(ticket.key);
      expect(expected, ticket.key).toBeDefined();
      expect(statusPath(ticket), ticket.key).toEqual(expected?.statuses);
      expect(ticket.events, ticket.key).toHaveLength(expected?.events as number);
      const triage = deriveTicket(ticket, derivation, asOf).flow.timeToTriageHours;
      if (expected?.triageSkipped) expect(triage, ticket.key).toBeNull();
      else expect(triage, ticket.key).toBeGreaterThan(0);
    }
    // Archived issues are kept (includeArchived), and the raw payload holds no credential.
    const raw = await database().sql<{ n: number; leaked: number }[]>`
      select count(*)::int as n, count(*) filter (where body::text like ${`%${KEY}%`})::int as leaked
      from raw_payloads where connection_id = ${connection.id}`;
    expect(raw[0]).toEqual({ n: 60, leaked: 0 });
    expect(fake.requests.every((r) => r.headers.authorization === KEY)).toBe(true);
  });

  test('a second run reads only what changed and picks up a reopened issue', async () => {
    const done = fake.issues.find((i) => (i.state as { type: string }).type === 'completed');
    if (!done) throw new Error('the dataset has a completed issue');
    const before = (await storedTickets(database(), connection.id)).find((t) => t.key === done.identifier);
    reopenLinearIssue(done, new Date().toISOString());
    const summary = await ingest();
    expect(summary.since).not.toBeNull();
    expect(summary.tickets).toBe(1);
    const stored = await storedTickets(database(), connection.id);
    expect(stored).toHaveLength(60);
    const after = stored.find((t) => t.key === done.identifier);
    expect(after?.status).toBe('In Progress');
    expect(after?.statusCategory).toBe('active');
    expect(after?.events).toHaveLength((before?.events.length ?? 0) + 1);
    expect(statusPath(after as NonNullable<typeof after>).slice(-2)).toEqual(['Done', 'In Progress']);
  });

  test('an issue deleted at the source is marked deleted by the census', async () => {
    const gone = fake.issues.pop();
    const summary = await ingest({ census: 'always' });
    expect(summary.census.deleted).toBe(1);
    const [row] = await database().sql<{ deleted: boolean }[]>`
      select deleted_at is not null as deleted from tickets where connection_id = ${connection.id} and key = ${gone?.identifier ?? ''}`;
    expect(row?.deleted).toBe(true);
    if (gone) fake.issues.push(gone);
  });

  test('a rejected key fails the run with a message naming LINEAR_API_KEY, never the key itself', async () => {
    const error = await ingest({ env: { ...linearEnv(), LINEAR_API_KEY: 'lin_api_WrongKey777' } }).catch(
      (e: Error) => e,
    );
    expect(String(error)).toMatch(/LINEAR_API_KEY/);
    expect(String(error)).not.toContain('WrongKey777');
    const [run] = await database().sql<{ status: string; error: string }[]>`
      select status, error from sync_runs where connection_id = ${connection.id} order by id desc limit 1`;
    expect(run?.status).toBe('failed');
    expect(run?.error).toMatch(/Linear rejected the API key/);
    expect(run?.error).not.toContain('WrongKey777');
  });
});
