// `connections add|list|remove` and `sync` through the CLI, on both databases: the secret is stored only
// encrypted and never printed or dumped; sync runs with the stored credential; two workers never run one
// connection at once.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type Database, openDatabase } from '../../db/client';
import { env, resetEnvCache } from '../../lib/env';
import { addStoredConnection, credentialFromEnv } from '../../lib/ingest/stored-connections';
import { parseSecretKeys } from '../../lib/security/secrets';
import { syncConnection, watchConnections } from '../../scripts/commands/sync';
import { generateIssues } from '../fakes/jira/dataset';
import { type FakeJira, startFakeJira } from '../fakes/jira/server';
import { capturingIo, runCli } from '../support/cli';
import { POSTGRES_ADMIN_URL, testDatabases, useTestDatabase } from '../support/databases';

const TOKEN = 'SENTINEL-jira-token-7f3a9c';
const SECRET_KEY = randomBytes(32).toString('base64');
const saved = { ...process.env };

function setEnv(vars: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvCache();
}

let transcript = '';
async function run(...argv: string[]) {
  const result = await runCli(argv);
  transcript += result.stdout + result.stderr;
  return result;
}

/** Every row of every table as text: what a database dump would hold. */
async function dumpEverything(database: Database): Promise<string> {
  const tables = await database.sql<{ name: string }[]>`
    select table_name as name from information_schema.tables where table_schema = 'public'`;
  let dump = '';
  for (const { name } of tables) {
    const rows = await database.sql.unsafe(`select t::text as row from "${name}" t`);
    for (const row of rows as unknown as { row: string }[]) dump += `${row.row}\n`;
  }
  return dump;
}

let fake: FakeJira;
beforeAll(async () => {
  fake = await startFakeJira({ token: TOKEN, issues: generateIssues({ count: 5 }), pageCap: 2 });
});
afterAll(async () => {
  process.env = saved;
  resetEnvCache();
  await fake.close();
});

describe.each(['pglite', 'postgres'] as const)('connections and sync via the CLI on %s', (kind) => {
  let dir: string;
  let databaseName = '';
  let openStore: () => Promise<Database>;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toilscope-connections-'));
    if (kind === 'postgres') {
      databaseName = `toilscope_test_${randomBytes(6).toString('hex')}`;
      const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => undefined });
      await admin.unsafe(`create database ${databaseName}`);
      await admin.end({ timeout: 5 });
      const url = new URL(POSTGRES_ADMIN_URL);
      url.pathname = `/${databaseName}`;
      setEnv({ DATABASE_URL: url.toString() });
      openStore = () => openDatabase({ databaseUrl: url.toString() });
    } else {
      setEnv({ DATABASE_URL: undefined, TOILSCOPE_DATA_DIR: join(dir, 'data') });
      openStore = () => openDatabase({ dataDir: join(dir, 'data') });
    }
    setEnv({ JIRA_EMAIL: 'bot@acme.example', JIRA_API_TOKEN: TOKEN, JIRA_PAT: undefined });
  });
  afterAll(async () => {
    if (kind === 'postgres') {
      const admin = postgres(POSTGRES_ADMIN_URL, { max: 1, onnotice: () => undefined });
      await admin.unsafe(`drop database if exists ${databaseName} with (force)`);
      await admin.end({ timeout: 5 });
    }
    setEnv({ DATABASE_URL: undefined, TOILSCOPE_SECRET_KEY: undefined });
    await rm(dir, { recursive: true, force: true });
  });

  const add = (...extra: string[]) =>
    run(
      'connections',
      'add',
      'jira',
      '--name',
      'ops',
      '--base-url',
      fake.baseUrl,
      '--jql',
      'project = OPS',
      ...extra,
    );

  test('without TOILSCOPE_SECRET_KEY nothing is stored, and the error says how to make a key', async () => {
    setEnv({ TOILSCOPE_SECRET_KEY: undefined });
    const refused = await add();
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /TOILSCOPE_SECRET_KEY is not set: refusing to store a secret unencrypted; make one with/,
    );
    const listed = await run('connections', 'list');
    expect(listed.stdout).toBe('');
    expect(listed.stderr).toMatch(/no connections stored/);
  });

  test.each([
    [['--schedule', 'hourly'], /--schedule: expected a period such as 30m, 1h or 1d, got 'hourly'/],
    [['--schedule', '1m'], /--schedule: at least 5m/],
  ])('bad usage %j exits 2 naming the flag', async (extra, message) => {
    setEnv({ TOILSCOPE_SECRET_KEY: SECRET_KEY });
    const { code, stderr } = await add(...extra);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });

  test('add stores the secret encrypted; list shows only its last four characters', async () => {
    setEnv({ TOILSCOPE_SECRET_KEY: SECRET_KEY });
    const added = await add('--schedule', '1h');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stderr).toMatch(
      /stored connection ops \(jira, http:\/\/127\.0\.0\.1:\d+, every 1h, secret encrypted with key \w+\)/,
    );
    const again = await add();
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--name: a connection named 'ops' already exists/);
    const listed = await run('connections', 'list');
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /^ops\tjira\thttp:\/\/127\.0\.0\.1:\d+\tjql=project = OPS\tevery 1h\tsecret set …3a9c\tnever run\n$/,
    );
    expect(listed.stdout).toContain(`…${TOKEN.slice(-4)}`);
  });

  test('sync runs the stored connection with its own credential, not the environment', async () => {
    setEnv({ JIRA_EMAIL: undefined, JIRA_API_TOKEN: undefined });
    const synced = await run('sync', '--name', 'ops');
    expect(synced.code, synced.stderr).toBe(0);
    expect(synced.stderr).toMatch(/ingested 5 tickets from ops/);
    const exported = await run('export', 'tickets');
    expect((JSON.parse(exported.stdout) as unknown[]).length).toBe(5);
    const missing = await run('sync', '--name', 'nope');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--name: no stored connection named 'nope'/);
    const listed = await run('connections', 'list');
    expect(listed.stdout).toMatch(/\tlast run \d{4}-\d{2}-\d{2}T/);
  });

  test('the secret is in no table, output or export — only its ciphertext', async () => {
    const store = await openStore();
    try {
      const dump = await dumpEverything(store);
      expect(dump).toContain('v1.'); // the sealed form is there
      expect(dump).not.toContain(TOKEN);
      expect(dump).not.toContain(Buffer.from(TOKEN).toString('base64'));
    } finally {
      await store.close();
    }
    expect(transcript).not.toContain(TOKEN);
  });

  test('with the wrong key the stored secret does not open, and sync says which key it needs', async () => {
    setEnv({ TOILSCOPE_SECRET_KEY: randomBytes(32).toString('base64') });
    const synced = await run('sync', '--name', 'ops');
    expect(synced.code).toBe(1);
    expect(synced.stderr).toMatch(
      /sync ops failed: stored secret was encrypted with key \w+, which TOILSCOPE_SECRET_KEY does not hold/,
    );
    setEnv({ TOILSCOPE_SECRET_KEY: SECRET_KEY });
    // The failure is in the run history the Sync page shows.
    const store = await openStore();
    try {
      const [last] = await store.sql<{ status: string; error: string }[]>`
        select status, error from sync_runs order by id desc limit 1`;
      expect(last?.status).toBe('failed');
      expect(last?.error).toMatch(/TOILSCOPE_SECRET_KEY does not hold/);
    } finally {
      await store.close();
    }
  });

  test('remove deletes the connection and its tickets', async () => {
    const removed = await run('connections', 'remove', 'ops');
    expect(removed.code).toBe(0);
    expect(removed.stderr).toMatch(/removed connection ops and its 5 tickets/);
    expect((await run('connections', 'list')).stdout).toBe('');
    expect(JSON.parse((await run('export', 'tickets')).stdout)).toEqual([]);
    const again = await run('connections', 'remove', 'ops');
    expect(again.code).toBe(2);
  });
});

// Two workers on one PostgreSQL database: the advisory lock lets exactly one run the connection.
describe.each(testDatabases().filter((t) => t.name === 'postgres'))('two sync workers on $name', (target) => {
  const database = useTestDatabase(target);
  let slowFake: FakeJira;
  beforeAll(async () => {
    slowFake = await startFakeJira({ token: TOKEN, issues: generateIssues({ count: 40 }), pageCap: 1 });
  });
  afterAll(async () => {
    await slowFake.close();
  });

  test('never run the same connection at once: one runs, the other skips', async () => {
    setEnv({ JIRA_EMAIL: 'bot@acme.example', JIRA_API_TOKEN: TOKEN, TOILSCOPE_SECRET_KEY: SECRET_KEY });
    const connection = await addStoredConnection(database().db, {
      kind: 'jira',
      name: 'busy',
      baseUrl: slowFake.baseUrl,
      scope: { jql: 'project = OPS' },
      schedule: null,
      credential: credentialFromEnv('jira', env()),
      keys: parseSecretKeys(SECRET_KEY),
    });
    const { io, stderr: log } = capturingIo();
    const outcomes = await Promise.all([
      syncConnection(database(), connection, { values: {}, io }),
      syncConnection(database(), connection, { values: {}, io }),
    ]);
    expect(outcomes.sort()).toEqual(['skipped-busy', 'succeeded']);
    expect(log()).toMatch(/skipped busy: another process is syncing it right now/);
    const runs = await database().sql<{ status: string }[]>`
      select status from sync_runs where connection_id = ${connection.id}`;
    expect(runs.map((r) => r.status)).toEqual(['succeeded']);
  });

  test('the watch loop runs a scheduled connection when due, once per period, and stops when aborted', async () => {
    const connection = await addStoredConnection(database().db, {
      kind: 'jira',
      name: 'hourly',
      baseUrl: slowFake.baseUrl,
      scope: { jql: 'project = OPS' },
      schedule: '1h',
      credential: credentialFromEnv('jira', env()),
      keys: parseSecretKeys(SECRET_KEY),
    });
    const stop = new AbortController();
    const { io, stderr: log } = capturingIo();
    const watching = watchConnections(database(), {
      values: {},
      io,
      name: 'hourly',
      signal: stop.signal,
      tickMs: 50,
    });
    const runsOf = async () =>
      (
        await database().sql<{ n: number }[]>`
        select count(*)::int as n from sync_runs where connection_id = ${connection.id}`
      )[0]?.n ?? 0;
    for (let i = 0; i < 200 && (await runsOf()) === 0; i++) await new Promise((r) => setTimeout(r, 50));
    // Several more ticks pass; the next run is an hour away.
    await new Promise((r) => setTimeout(r, 400));
    stop.abort();
    await watching;
    expect(await runsOf()).toBe(1);
    expect(log()).toMatch(/ingested 40 tickets from hourly/);
  });
});
