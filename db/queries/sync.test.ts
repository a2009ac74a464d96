import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyze } from '../../lib/analysis/analyze';
import { defaultConfig } from '../../lib/config';
import { env } from '../../lib/env';
import { ensureConnection } from '../../lib/ingest/connections';
import { runIngest } from '../../lib/ingest/run-ingest';
import { ensureFileConnection, upsertTickets } from '../../lib/ingest/ticket-store';
import { generateIssues, transition } from '../../test/fakes/jira/dataset';
import { type FakeJira, STATUSES, startFakeJira } from '../../test/fakes/jira/server';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import { listConnectionStatus, listRecentRuns, listUnmappedStatuses } from './sync';

describe.each(testDatabases())('sync page queries on $name', (target) => {
  const db = useTestDatabase(target);
  let fake: FakeJira;

  beforeAll(async () => {
    const issues = generateIssues({ count: 4, statusChanges: 2 });
    const first = issues[0];
    if (first) {
      transition(
        first,
        { id: '77', name: 'Awaiting deploy', category: 'indeterminate' },
        new Date('2024-01-02T00:00:00Z'),
      );
      transition(first, STATUSES.resolved, new Date('2024-01-03T00:00:00Z'));
    }
    fake = await startFakeJira({ issues, pageCap: 3 });
  });
  afterAll(async () => {
    await fake.close();
  });

  test('connections with freshness, runs newest first, unmapped statuses after analysis', async () => {
    const connection = await ensureConnection(db().db, {
      kind: 'jira',
      baseUrl: fake.baseUrl,
      scope: { jql: 'project = OPS' },
      name: 'jira-q',
    });
    const jiraEnv = { ...env(), JIRA_EMAIL: 'bot@acme.example', JIRA_API_TOKEN: 'token-secret' };
    const io = { err: () => undefined, progress: () => undefined };
    const ok = await runIngest({ database: db(), connection, env: jiraEnv, io, statusMap: {} });
    fake.faults.push({
      path: /search\/jql$/,
      status: 400,
      body: '{"errorMessages":["Bad JQL"],"errors":{}}',
    });
    await expect(runIngest({ database: db(), connection, env: jiraEnv, io, statusMap: {} })).rejects.toThrow(
      /Bad JQL/,
    );
    // A file connection with a ticket in a status nothing knows, but no source category: unmapped too.
    const fileConnection = await ensureFileConnection(db().db, 'csv');
    await upsertTickets(db().db, {
      connectionId: fileConnection,
      statusMap: {},
      tickets: [
        {
          source: 'csv',
          key: 'C-1',
          title: 't',
          description: '',
          type: null,
          priority: null,
          labels: [],
          team: null,
          requester: null,
          requesterTeam: null,
          assignee: null,
          createdAt: new Date('2024-01-01T00:00:00Z'),
          status: 'Parked',
          sourceStatusCategory: null,
          url: null,
          events: [],
        },
      ],
    });
    await analyze(db(), { config: defaultConfig(), asOf: new Date('2024-02-01T00:00:00Z') });

    const statuses = await listConnectionStatus({ db: db().db });
    const jira = statuses.find((s) => s.name === 'jira-q');
    expect(jira).toMatchObject({ kind: 'jira', liveTickets: 4, deletedTickets: 0, lastRunStatus: 'failed' });
    expect(jira?.lastSuccessAt).not.toBeNull();
    expect(jira?.cursorAt).not.toBeNull();
    expect(jira?.sourceDetail).toMatchObject({ deployment: 'cloud', requestTypeField: null });

    const runs = await listRecentRuns({ db: db().db });
    expect(runs.map((r) => [r.id, r.status])).toEqual([
      [ok.runId + 1, 'failed'],
      [ok.runId, 'succeeded'],
    ]);
    expect(runs[0]?.error).toMatch(/HTTP 400.*Bad JQL/);
    expect(runs[1]).toMatchObject({
      pages: 2,
      tickets: 4,
      cursorFrom: null,
      census: { deleted: 0, moved: 0, filled: 0 },
    });

    const unmapped = await listUnmappedStatuses({ db: db().db, statusMap: {} });
    expect(unmapped).toEqual([
      { status: 'Awaiting deploy', sources: ['jira'], tickets: 1 },
      { status: 'Parked', sources: ['csv'], tickets: 1 },
    ]);
    expect(await listUnmappedStatuses({ db: db().db, statusMap: { Parked: 'waiting' } })).toHaveLength(1);
  });
});
