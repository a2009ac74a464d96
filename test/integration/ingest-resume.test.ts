// kill -9 partway through `ingest linear` / `ingest github` (a real child process), then run again:
// every issue is stored exactly once with its whole history, and the killed run is recorded as such.
import { type ChildProcess, spawn } from 'node:child_process';
import { afterEach, describe, expect, test } from 'vitest';
import type { Database } from '../../db/client';
import { env } from '../../lib/env';
import { ensureConnection } from '../../lib/ingest/connections';
import { runIngest } from '../../lib/ingest/run-ingest';
import { generateGithubRepo } from '../fakes/github/dataset';
import { type GithubFake, startGithubFake } from '../fakes/github/server';
import { generateLinearIssues, WORKSPACE_LABELS } from '../fakes/linear/dataset';
import { type LinearFake, startLinearFake } from '../fakes/linear/server';
import { testDatabases, useTestDatabase } from '../support/databases';

const LINEAR_KEY = 'lin_api_ResumeKey0042';
const GITHUB_TOKEN = 'ghp_ResumeToken0042';
const quietIo = { err: () => undefined, progress: () => undefined };
const CLI = new URL('../../scripts/cli.ts', import.meta.url).pathname;

/** Where the child finds the same database: the PGlite owner's directory, or the PostgreSQL URL. */
function databaseEnv(database: Database): Record<string, string> {
  if (database.kind === 'postgres') return { DATABASE_URL: database.location };
  return { TOILSCOPE_DATA_DIR: database.location.split(' (')[0] as string, DATABASE_URL: '' };
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Right after a kill the server may not yet have noticed the dead session that held the run lock;
 * the rerun says so clearly, and a moment later it goes through.
 */
async function rerun<T>(attempt: () => Promise<T>): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await attempt();
    } catch (error) {
      if (i >= 40 || !/already being ingested/.test(String(error))) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

let child: ChildProcess | undefined;
let closeFake: (() => Promise<void>) | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  await closeFake?.();
  closeFake = undefined;
});

function startCli(
  args: string[],
  extraEnv: Record<string, string>,
): { exited: Promise<number | null>; stderr: () => string } {
  let stderr = '';
  child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    env: { ...process.env, ...extraEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr?.on('data', (b: Buffer) => {
    stderr += b.toString();
  });
  const exited = new Promise<number | null>((resolve) => child?.on('exit', (code) => resolve(code)));
  return { exited, stderr: () => stderr };
}

async function ticketCounts(database: Database, source: string) {
  const [row] = await database.sql<{ tickets: number; keys: number; events: number }[]>`
    select count(*)::int as tickets, count(distinct key)::int as keys,
      (select count(*)::int from ticket_events e join tickets t on t.id = e.ticket_id where t.source = ${source}) as events
    from tickets where source = ${source}`;
  return row;
}

describe.each(testDatabases())('resume after kill -9 on $name', (target) => {
  const database = useTestDatabase(target);

  test('ingest linear', async () => {
    const data = generateLinearIssues({ count: 120, longEvery: 11 });
    const fake: LinearFake = await startLinearFake({
      apiKey: LINEAR_KEY,
      issues: data.issues,
      workspaceLabels: WORKSPACE_LABELS,
      slowMs: 120_000,
    });
    closeFake = () => fake.close();
    // The third page hangs, so the child is killed with two pages stored and more to come.
    fake.fail('slow', { operation: 'SyncIssues', after: 2 });
    const run = startCli(['ingest', 'linear', '--team', 'OPS', '--no-analyze'], {
      ...databaseEnv(database()),
      LINEAR_API_KEY: LINEAR_KEY,
      LINEAR_API_URL: fake.apiUrl,
    });
    await waitFor(
      () => fake.operations().filter((o) => o === 'SyncIssues').length >= 3,
      'the third page request',
    );
    await waitFor(() => false, 'nothing', 1500).catch(() => undefined);
    const partial = await ticketCounts(database(), 'linear');
    expect(partial?.tickets).toBeGreaterThan(0);
    expect(partial?.tickets).toBeLessThan(120);
    child?.kill('SIGKILL');
    expect(await run.exited).toBeNull();

    const connection = await ensureConnection(database().db, {
      kind: 'linear',
      baseUrl: fake.apiUrl,
      scope: { team: 'OPS' },
      name: 'x',
    });
    const summary = await rerun(() =>
      runIngest({
        database: database(),
        connection,
        env: { ...env(), LINEAR_API_KEY: LINEAR_KEY, LINEAR_API_URL: fake.apiUrl },
        io: quietIo,
        statusMap: {},
      }),
    );
    // No successful run yet: the rerun reads everything again, and upserts make that harmless.
    expect(summary.since).toBeNull();
    const expectedEvents = [...data.expected.values()].reduce((sum, e) => sum + e.events, 0);
    expect(await ticketCounts(database(), 'linear')).toEqual({
      tickets: 120,
      keys: 120,
      events: expectedEvents,
    });
    const runs = await database().sql<{ status: string; error: string | null }[]>`
      select status, error from sync_runs where connection_id = ${connection.id} order by id`;
    expect(runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);
    expect(runs[0]?.error).toMatch(/interrupted/);
  });

  test('ingest github', async () => {
    const data = generateGithubRepo({ count: 260, prEvery: 13 });
    const fake: GithubFake = await startGithubFake({ token: GITHUB_TOKEN, repo: data.repo, slowMs: 120_000 });
    closeFake = () => fake.close();
    const issueLists = () => fake.requests.filter((r) => /\/issues$/.test(r.url.pathname)).length;
    fake.fail('slow', { path: /\/issues$/, after: 1 });
    const run = startCli(['ingest', 'github', '--repo', 'acme/ops', '--no-analyze'], {
      ...databaseEnv(database()),
      GITHUB_TOKEN,
      GITHUB_API_URL: fake.apiUrl,
    });
    await waitFor(() => issueLists() >= 2, 'the second page request');
    await waitFor(() => false, 'nothing', 1500).catch(() => undefined);
    const partial = await ticketCounts(database(), 'github');
    expect(partial?.tickets).toBeGreaterThan(0);
    expect(partial?.tickets).toBeLessThan(data.expected.size);
    child?.kill('SIGKILL');
    expect(await run.exited).toBeNull();

    const connection = await ensureConnection(database().db, {
      kind: 'github',
      baseUrl: fake.apiUrl,
      scope: { repo: 'acme/ops' },
      name: 'x',
    });
    await rerun(() =>
      runIngest({
        database: database(),
        connection,
        env: { ...env(), GITHUB_TOKEN, GITHUB_API_URL: fake.apiUrl },
        io: quietIo,
        statusMap: {},
      }),
    );
    const expectedEvents = [...data.expected.values()].reduce((sum, e) => sum + e.events, 0);
    expect(await ticketCounts(database(), 'github')).toEqual({
      tickets: data.expected.size,
      keys: data.expected.size,
      events: expectedEvents,
    });
  });
});
