import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../../lib/env';
import { main } from '../../scripts/cli';
import type { CliIo } from '../../scripts/cli-kit';
import { generateIssues, transition } from '../fakes/jira/dataset';
import { type FakeIssue, type FakeJira, startFakeJira } from '../fakes/jira/server';
import { SyncPage } from './pages/sync-page';
import { openBrowserPage } from './support/browser';
import { type RunningServer, startServer } from './support/server';

const SCREENSHOT = 'test-results/sync.png';
const TOKEN = 'e2e-T0ken-c0ffee';

async function cli(...argv: string[]) {
  let stderr = '';
  const io: CliIo = {
    out: () => undefined,
    write: () => undefined,
    err: (t) => {
      stderr += `${t}\n`;
    },
    progress: () => undefined,
  };
  return { code: await main(argv, io), stderr };
}

describe('sync page (real server, demo data + a Jira connection from the fake)', () => {
  let server: RunningServer | undefined;
  let fake: FakeJira | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let sync: SyncPage;
  const pageErrors: string[] = [];
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    server = await startServer();
    const issues = generateIssues({ count: 24, statusChanges: 5, jsm: true });
    // A workflow status nothing maps: it must show as unmapped.
    for (const issue of issues.slice(0, 3)) {
      transition(
        issue,
        { id: '10100', name: 'Awaiting deploy', category: 'indeterminate' },
        new Date(issue.updated.getTime() + 60_000),
      );
      transition(
        issue,
        { id: '5', name: 'Resolved', category: 'done' },
        new Date(issue.updated.getTime() + 3_600_000),
      );
    }
    fake = await startFakeJira({ token: TOKEN, issues, pageCap: 10, jsm: true });
    process.env.TOILSCOPE_DATA_DIR = server.dataDir;
    delete process.env.DATABASE_URL;
    process.env.JIRA_EMAIL = 'bot@acme.example';
    process.env.JIRA_API_TOKEN = TOKEN;
    resetEnvCache();
    const loaded = await cli('ingest', 'jira', '--base-url', fake.baseUrl, '--jql', 'project = OPS');
    expect(loaded.code, loaded.stderr).toBe(0);
    (fake.issues.get(10_005) as FakeIssue).labels.push('x');
    fake.faults.push({ path: /search\/jql$/, status: 429, headers: { 'Retry-After': '0' } });
    const again = await cli(
      'ingest',
      'jira',
      '--base-url',
      fake.baseUrl,
      '--jql',
      'project = OPS',
      '--census',
      'always',
    );
    expect(again.code, again.stderr).toBe(0);
    fake.faults.push({
      path: /search\/jql$/,
      status: 403,
      body: JSON.stringify({ errorMessages: ['You do not have permission to browse OPS.'], errors: {} }),
    });
    const failed = await cli('ingest', 'jira', '--base-url', fake.baseUrl, '--jql', 'project = OPS');
    expect(failed.code).toBe(2);

    ({ browser, page } = await openBrowserPage(pageErrors));
    sync = new SyncPage(page, server.baseUrl);
  });

  afterAll(async () => {
    process.env = savedEnv;
    resetEnvCache();
    await browser?.close();
    await fake?.close();
    await server?.stop();
  });

  it('is reached from the header navigation', async () => {
    await page.goto(server?.baseUrl ?? '', { waitUntil: 'load' });
    await sync.openFromNav();
    expect(await sync.heading()).toBe('Sync');
  });

  it('lists the Jira connection with its tickets, freshness and cursor', async () => {
    await sync.open();
    const cells = await sync.connectionCells('jira-127.0.0.1');
    expect(cells[0]).toMatch(/jira-127\.0\.0\.1:\d+\s*jira/);
    expect(cells[1]).toBe('project = OPS');
    expect(cells[2]).toBe('24');
    expect(cells[3]).toMatch(/ago|just now/);
    expect(cells[4]).toMatch(/changes since/);
    expect(cells[5]).toMatch(/ago|just now/);
    expect(cells[6]).toBe('failed');
    // The demo's own file connection is listed too.
    expect(await sync.connectionCount()).toBeGreaterThanOrEqual(2);
  });

  it('shows each run with its figures, and the failed one with Jira’s own message', async () => {
    const runs = await sync.runs();
    const jira = runs.filter((r) => /jira-127/.test(r.cells[1] ?? ''));
    expect(jira).toHaveLength(3);
    const [failed, incremental, full] = jira;
    expect(failed?.status).toBe('failed');
    expect(failed?.cells[9]).toMatch(/no permission \(HTTP 403\).*You do not have permission to browse OPS/);
    expect(incremental?.status).toBe('succeeded');
    expect(incremental?.cells[3]).toMatch(/changes since/);
    expect(incremental?.cells[7]).toBe('1'); // the 429 retried
    expect(incremental?.cells[9]).toMatch(/census: 0 deleted, 0 moved, 0 filled/);
    expect(full?.cells[3]).toBe('full load');
    expect(full?.cells.slice(5, 7)).toEqual(['3', '24']);
    const text = runs.map((r) => r.cells.join(' ')).join('\n');
    expect(text).not.toContain(TOKEN);
  });

  it('shows unmapped statuses and the discovered Service Management fields', async () => {
    expect(await sync.unmappedStatuses()).toContain('Awaiting deploy');
    const facts = await sync.sourceFacts();
    expect(facts).toMatch(/Request type:\s*customfield_10010/);
    expect(facts).toMatch(/SLA fields:\s*Time to resolution, Time to first response/);
    expect(facts).toMatch(/without priority/);
  });

  it('renders without page errors (screenshot)', async () => {
    await mkdir('test-results', { recursive: true });
    await sync.screenshot(SCREENSHOT);
    expect(pageErrors).toEqual([]);
  });
});
