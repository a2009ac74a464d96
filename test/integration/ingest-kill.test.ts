import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Database, openDatabase } from '../../db/client';
import { AGENT, generateIssues, transition } from '../fakes/jira/dataset';
import { type FakeIssue, type FakeJira, STATUSES, startFakeJira } from '../fakes/jira/server';
import { POSTGRES_ADMIN_URL } from '../support/databases';

// `ingest jira` as a real child process, SIGKILLed mid-run, then started again: the store must end with
// every issue exactly once and every history complete. Both engines; for the embedded one the killed
// child owns the data directory, so recovery after an unclean stop is exercised too.
const TOKEN = 'kill-test-T0ken-5e3c';
const EMAIL = 'bot@acme.example';
const ROOT = resolve(import.meta.dirname, '../..');

interface Target {
  name: string;
  env: Record<string, string>;
  open(): Promise<Database>;
  dispose(): Promise<void>;
}

async function pgliteTarget(): Promise<Target> {
  const dir = await mkdtemp(join(tmpdir(), 'toilscope-kill-'));
  return {
    name: 'pglite',
    env: { TOILSCOPE_DATA_DIR: dir },
    open: () => openDatabase({ dataDir: dir }),
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}

async function postgresTarget(): Promise<Target> {
  const name = `toilscope_kill_${randomBytes(5).toString('hex')}`;
  const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    name: 'postgres',
    env: { DATABASE_URL: url.toString() },
    open: () => openDatabase({ databaseUrl: url.toString() }),
    dispose: async () => {
      const dropper = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => undefined });
      await dropper.unsafe(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

function spawnIngest(fake: FakeJira, target: Target): { child: ChildProcess; output: () => string } {
  const env: NodeJS.ProcessEnv = { ...process.env, ...target.env };
  if (!target.env.DATABASE_URL) delete env.DATABASE_URL;
  env.JIRA_EMAIL = EMAIL;
  env.JIRA_API_TOKEN = TOKEN;
  delete env.JIRA_PAT;
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/cli.ts',
      'ingest',
      'jira',
      '--base-url',
      fake.baseUrl,
      '--jql',
      'project = OPS',
      '--no-analyze',
    ],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d) => {
    output += String(d);
  });
  child.stderr?.on('data', (d) => {
    output += String(d);
  });
  return { child, output: () => output };
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolvePromise) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolvePromise({ code: child.exitCode, signal: child.signalCode });
      return;
    }
    child.on('exit', (code, signal) => resolvePromise({ code, signal }));
  });
}

async function until(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each([
  ['pglite', pgliteTarget],
  ['postgres', postgresTarget],
] as const)('kill -9 mid-run, then again on %s', (_name, makeTarget) => {
  let target: Target;
  let fake: FakeJira;

  beforeAll(async () => {
    target = await makeTarget();
    fake = await startFakeJira({
      email: EMAIL,
      token: TOKEN,
      issues: generateIssues({ count: 60, statusChanges: 6, comments: 2 }),
      pageCap: 5,
      searchDelayMs: 120,
      offset: '-0500',
    });
  });
  afterAll(async () => {
    await fake.close();
    await target.dispose();
  });

  test('no duplicates, no gaps, the killed run closed as interrupted', { timeout: 180_000 }, async () => {
    const first = spawnIngest(fake, target);
    await until(() => fake.searchPagesServed >= 5, 90_000);
    first.child.kill('SIGKILL');
    expect((await exited(first.child)).signal).toBe('SIGKILL');

    // Meanwhile in Jira: one issue is reopened.
    const reopened = fake.issues.get(10_002) as FakeIssue;
    transition(reopened, STATUSES.reopened, new Date(), AGENT);

    let database = await target.open();
    try {
      const [partial] = await database.sql<{ n: number }[]>`select count(*)::int as n from tickets`;
      expect(partial?.n).toBeGreaterThan(0);
      expect(partial?.n).toBeLessThan(60);
      const [running] = await database.sql<{ status: string }[]>`select status from sync_runs`;
      expect(running?.status).toBe('running');
    } finally {
      await database.close();
    }

    fake.options.searchDelayMs = 0;
    const second = spawnIngest(fake, target);
    const result = await exited(second.child);
    expect(result.code, second.output()).toBe(0);
    expect(first.output() + second.output()).not.toContain(TOKEN);

    database = await target.open();
    try {
      const [counts] = await database.sql<{ n: number; distinct_ids: number }[]>`
        select count(*)::int as n, count(distinct external_id)::int as distinct_ids from tickets`;
      expect(counts).toEqual({ n: 60, distinct_ids: 60 });
      for (const issue of fake.issues.values()) {
        const events = await database.sql<{ kind: string; to_value: string | null; at: string }[]>`
          select e.kind, e.to_value, e.at from ticket_events e join tickets t on t.id = e.ticket_id
          where t.external_id = ${String(issue.id)} order by e.seq`;
        expect(
          events.filter((e) => e.kind === 'status').map((e) => [new Date(e.at).toISOString(), e.to_value]),
          issue.key,
        ).toEqual(issue.histories.map((h) => [h.at.toISOString(), h.items[0]?.toString]));
        expect(events.filter((e) => e.kind === 'comment').length).toBe(issue.comments.length);
      }
      const [status] = await database.sql<{ status: string }[]>`
        select status from tickets where external_id = '10002'`;
      expect(status?.status).toBe('Reopened');
      const runs = await database.sql<{ status: string; error: string | null; tickets: number }[]>`
        select status, error, tickets from sync_runs order by id`;
      expect(runs.map((r) => r.status)).toEqual(['failed', 'succeeded']);
      expect(runs[0]?.error).toMatch(/^interrupted/);
      expect(runs[0]?.tickets).toBeGreaterThan(0);
      expect(runs[1]?.tickets).toBe(60);
    } finally {
      await database.close();
    }
  });
});
