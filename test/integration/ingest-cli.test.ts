import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resetEnvCache } from '../../lib/env';
import { generateIssues } from '../fakes/jira/dataset';
import { type FakeJira, startFakeJira } from '../fakes/jira/server';
import { runCli } from '../support/cli';

// `ingest jira` in-process on a throwaway embedded database: usage errors, credentials, the happy path.
const TOKEN = 'cli-T0ken-77aa';
let dir: string;
let fake: FakeJira;
const saved = { ...process.env };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toilscope-ingest-cli-'));
  process.env.TOILSCOPE_DATA_DIR = join(dir, 'data');
  delete process.env.DATABASE_URL;
  delete process.env.JIRA_PAT;
  process.env.JIRA_EMAIL = 'bot@acme.example';
  process.env.JIRA_API_TOKEN = TOKEN;
  resetEnvCache();
  fake = await startFakeJira({ token: TOKEN, issues: generateIssues({ count: 5 }), pageCap: 2 });
});
afterAll(async () => {
  process.env = saved;
  resetEnvCache();
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

const run = (...argv: string[]) => runCli(argv);

describe('ingest usage errors exit 2 naming the flag or variable', () => {
  test.each([
    [['ingest'], /missing argument/],
    [['ingest', 'frobnicate'], /unknown source 'frobnicate'/],
    [['ingest', 'jira', '--jql', 'project = OPS'], /--base-url: required/],
    [
      ['ingest', 'jira', '--base-url', 'ftp://jira.example', '--jql', 'project = OPS'],
      /--base-url: expected an http\(s\) URL/,
    ],
    [
      ['ingest', 'jira', '--base-url', 'https://u:p@jira.example', '--jql', 'project = OPS'],
      /--base-url: credentials do not belong/,
    ],
    [['ingest', 'jira', '--base-url', 'https://jira.example'], /--jql: required/],
    [
      ['ingest', 'jira', '--base-url', 'https://jira.example', '--jql', 'order by updated'],
      /--jql: needs a search restriction/,
    ],
    [
      [
        'ingest',
        'jira',
        '--base-url',
        'https://jira.example',
        '--jql',
        'project = OPS',
        '--census',
        'weekly',
      ],
      /--census/,
    ],
    [
      [
        'ingest',
        'jira',
        '--base-url',
        'https://jira.example',
        '--jql',
        'project = OPS',
        '--deployment',
        'server',
      ],
      /--deployment/,
    ],
  ])('%j', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  test('missing credentials name the variable, before anything is stored', async () => {
    delete process.env.JIRA_API_TOKEN;
    resetEnvCache();
    try {
      const { code, stderr } = await run(
        'ingest',
        'jira',
        '--base-url',
        'https://acme.atlassian.net',
        '--jql',
        'project = OPS',
      );
      expect(code).toBe(2);
      expect(stderr).toMatch(/JIRA_API_TOKEN is not set/);
    } finally {
      process.env.JIRA_API_TOKEN = TOKEN;
      resetEnvCache();
    }
  });
});

describe('the SSRF guard refuses private targets with exit 2 before anything is stored', () => {
  test.each([
    ['http://169.254.169.254', /refused URL for 169\.254\.169\.254: a link-local address/],
    // 127.0.0.1 itself is allow-listed for the fakes (vitest.config.ts), so the hex case is 10.0.0.1.
    ['http://0x0a000001:8080', /refused URL for 10\.0\.0\.1: a private address/],
    ['http://[::ffff:10.0.0.1]', /refused URL for ::ffff:a00:1: a private address \(IPv4-mapped\)/],
  ])('%s', async (baseUrl, message) => {
    const { code, stderr } = await run('ingest', 'jira', '--base-url', baseUrl, '--jql', 'project = OPS');
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr).toMatch(/TOILSCOPE_ALLOWED_HOSTS=/);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  test('the loopback fake itself is refused once it is no longer allow-listed', async () => {
    const allowed = process.env.TOILSCOPE_ALLOWED_HOSTS;
    process.env.TOILSCOPE_ALLOWED_HOSTS = 'jira.corp.internal';
    resetEnvCache();
    try {
      const { code, stderr } = await run(
        'ingest',
        'jira',
        '--base-url',
        fake.baseUrl,
        '--jql',
        'project = OPS',
      );
      expect(code).toBe(2);
      expect(stderr).toMatch(/refused URL for 127\.0\.0\.1: a loopback address/);
    } finally {
      process.env.TOILSCOPE_ALLOWED_HOSTS = allowed;
      resetEnvCache();
    }
    const exported = await run('export', 'tickets');
    expect(JSON.parse(exported.stdout)).toEqual([]);
  });
});

describe('ingest jira against the fake', () => {
  test('loads, analyses, and says so on stderr; a second run reuses the connection', async () => {
    const first = await run('ingest', 'jira', '--base-url', fake.baseUrl, '--jql', 'project = OPS');
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toBe('');
    expect(first.stderr).toMatch(/ingested 5 tickets from jira-127\.0\.0\.1:\d+ in 3 pages/);
    expect(first.stderr).toMatch(/full load/);
    expect(first.stderr).toMatch(/analyzed 5 tickets/);
    const second = await run('ingest', 'jira', '--base-url', `${fake.baseUrl}/`, '--jql', 'project = OPS');
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/ingested 0 tickets from jira-127\.0\.0\.1:\d+ .*changed since/);
    expect(first.stderr + second.stderr).not.toContain(TOKEN);
    const exported = await run('export', 'tickets');
    expect(exported.code).toBe(0);
    expect((JSON.parse(exported.stdout) as unknown[]).length).toBe(5);
    expect(exported.stdout).not.toContain(TOKEN);
  });

  test('a rejected token fails with one line naming the variables, never the token', async () => {
    process.env.JIRA_API_TOKEN = 'not-the-token';
    resetEnvCache();
    try {
      const { code, stderr } = await run(
        'ingest',
        'jira',
        '--base-url',
        fake.baseUrl,
        '--jql',
        'project = OPS',
      );
      expect(code).toBe(2);
      expect(stderr).toMatch(
        /^toilscope ingest: GET \/rest\/api\/3\/myself: Jira rejected the credentials \(HTTP 401\): check JIRA_EMAIL and JIRA_API_TOKEN/,
      );
      expect(stderr).not.toContain('not-the-token');
    } finally {
      process.env.JIRA_API_TOKEN = TOKEN;
      resetEnvCache();
    }
  });
});
