// Self-service runs: `import-runs` (CSV / NDJSON, all or nothing, idempotent) through the CLI, and the
// token-authenticated POST of runs on both databases.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../lib/config';
import { resetEnvCache } from '../../lib/env';
import { acceptPostedRuns, issueRunsToken } from '../../lib/ingest/automation-runs';
import { runCli } from '../support/cli';
import { testDatabases, useTestDatabase } from '../support/databases';

const CONFIG = { automations: [{ name: 'repo-vending', clusters: ['OPS-1'], launchedAt: '2025-06-01' }] };

describe('import-runs via the CLI', () => {
  let dir: string;
  const saved = { ...process.env };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'toilscope-runs-'));
    process.env.TOILSCOPE_DATA_DIR = join(dir, 'data');
    delete process.env.DATABASE_URL;
    resetEnvCache();
    await writeFile(join(dir, 'toilscope.config.json'), JSON.stringify(CONFIG));
  });
  afterAll(async () => {
    process.env = saved;
    resetEnvCache();
    await rm(dir, { recursive: true, force: true });
  });

  const run = (...argv: string[]) => runCli([...argv, '--config', join(dir, 'toilscope.config.json')]);

  const csv = [
    'automation,at,actor,outcome,durationSeconds',
    'repo-vending,2025-06-02T10:00:00Z,dana,success,42',
    'repo-vending,2025-06-02T11:00:00+02:00,eli,failed,',
    'repo-vending,2025-06-03T09:30:00Z,dana,succeeded,12.5',
  ].join('\n');

  test('a bad line rejects the whole file, naming file:line: field; nothing is stored', async () => {
    const path = join(dir, 'bad.csv');
    await writeFile(path, `${csv}\nrepo-vending,2025-06-04T09:00:00Z,fay,maybe,3\n`);
    const bad = await run('import-runs', path);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe(
      `toilscope import-runs: ${path}:5: outcome: expected success, failure or canceled, got 'maybe'`,
    );
    const missingAt = join(dir, 'bad.ndjson');
    await writeFile(
      missingAt,
      '{"automation":"repo-vending","at":"2025-06-02T10:00:00Z","outcome":"success"}\n{"automation":"repo-vending","at":"June","outcome":"success"}\n',
    );
    const second = await run('import-runs', missingAt);
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(
      /bad\.ndjson:2: at: expected an ISO-8601 instant with an offset, got 'June'/,
    );
    const unknown = join(dir, 'unknown.csv');
    await writeFile(
      unknown,
      'automation,at,actor,outcome,durationSeconds\nvpn-self-serve,2025-06-02T10:00:00Z,dana,success,1\n',
    );
    const third = await run('import-runs', unknown);
    expect(third.code).toBe(2);
    expect(third.stderr).toMatch(/automation 'vpn-self-serve' is not registered/);
    expect((await run('import-runs', join(dir, 'nope.csv'))).stderr).toMatch(/nope\.csv: no such file/);
  });

  // The bad file held the same three good lines first: the 3 inserted here show none of them was kept.
  test('CSV then NDJSON load once; importing again skips what is stored', async () => {
    const path = join(dir, 'runs.csv');
    await writeFile(path, csv);
    const first = await run('import-runs', path);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/imported 3 runs from .*runs\.csv$/m);
    const again = await run('import-runs', path);
    expect(again.stderr).toMatch(/imported 0 runs from .*runs\.csv \(3 already stored, skipped\)/);
    const ndjson = join(dir, 'runs.ndjson');
    await writeFile(
      ndjson,
      '{"automation":"repo-vending","at":"2025-06-02T10:00:00Z","actor":"dana","outcome":"success","durationSeconds":42}\n' +
        '{"automation":"repo-vending","at":"2025-06-05T10:00:00Z","actor":"gus","outcome":"success"}\n',
    );
    const mixed = await run('import-runs', ndjson);
    expect(mixed.stderr).toMatch(/imported 1 runs from .*runs\.ndjson \(1 already stored, skipped\)/);
  });

  test('automations token prints a token once on stdout', async () => {
    const issued = await run('automations', 'token', 'repo-vending');
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.stdout.trim()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(issued.stderr).not.toContain(issued.stdout.trim());
    expect((await run('automations', 'token', 'nope')).code).toBe(2);
  });
});

describe.each(testDatabases())('POST runs with the automation token on $name', (target) => {
  const db = useTestDatabase(target);
  const config = loadConfig(JSON.stringify(CONFIG), 'test config');
  const body = JSON.stringify([
    { at: '2025-06-02T10:00:00Z', actor: 'dana', outcome: 'success', durationSeconds: 30 },
    { at: '2025-06-02T10:05:00Z', actor: 'eli', outcome: 'failure' },
  ]);

  test('401 without or with a wrong token, 404 unknown, 400 naming the field, 201 idempotent', async () => {
    const token = await issueRunsToken(db().db, config, 'repo-vending');
    const post = (authorization: string | null, text = body, name = 'repo-vending') =>
      acceptPostedRuns(db().db, { name, authorization, body: text });
    await expect(post(null)).rejects.toMatchObject({ status: 401 });
    await expect(post('Bearer not-the-token')).rejects.toMatchObject({ status: 401 });
    await expect(post(`Bearer ${token}`, body, 'vpn-self-serve')).rejects.toThrow(/not registered/);
    await expect(
      post(
        `Bearer ${token}`,
        '[{"at":"2025-06-02T10:00:00Z","outcome":"success"},{"at":"x","outcome":"success"}]',
      ),
    ).rejects.toThrow("body[1]: at: expected an ISO-8601 instant with an offset, got 'x'");
    await expect(
      post(`Bearer ${token}`, '{"automation":"other","at":"2025-06-02T10:00:00Z","outcome":"success"}'),
    ).rejects.toThrow("body: automation: 'other' does not match the URL's 'repo-vending'");
    expect(await post(`Bearer ${token}`)).toEqual({ inserted: 2, duplicates: 0 });
    expect(await post(`Bearer ${token}`)).toEqual({ inserted: 0, duplicates: 2 });
    const rotated = await issueRunsToken(db().db, config, 'repo-vending');
    await expect(post(`Bearer ${token}`)).rejects.toMatchObject({ status: 401 });
    expect(await post(`Bearer ${rotated}`)).toEqual({ inserted: 0, duplicates: 2 });
    const stored = await db().sql<{ token_hash: string }[]>`select token_hash from automations`;
    expect(JSON.stringify(stored)).not.toContain(rotated);
  });
});
