import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateIssues } from '../fakes/jira/dataset';
import { type FakeJira, startFakeJira } from '../fakes/jira/server';
import { ConnectionsPage } from './pages/connections-page';
import { openBrowserPage } from './support/browser';
import { type RunningServer, startServer } from './support/server';

const SCREENSHOT = 'test-results/connections.png';
const TOKEN = 'e2e-SENTINEL-token-4f2d9a';

describe('Connections page (real server; a Jira connection to a fake on loopback)', () => {
  let server: RunningServer | undefined;
  let fake: FakeJira | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let connectionsPage: ConnectionsPage;
  const pageErrors: string[] = [];
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    await mkdir('test-results', { recursive: true });
    // The server seals secrets with this key; 127.0.0.1 is allow-listed by vitest.browser.config.ts.
    process.env.TOILSCOPE_SECRET_KEY = randomBytes(32).toString('base64');
    fake = await startFakeJira({ token: TOKEN, issues: generateIssues({ count: 12 }), pageCap: 5 });
    server = await startServer();
    ({ browser, page } = await openBrowserPage(pageErrors));
    connectionsPage = new ConnectionsPage(page, server.baseUrl);
  });

  afterAll(async () => {
    process.env = savedEnv;
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  it('stores a connection with its secret sealed, tests it, and the worker syncs it on schedule', async () => {
    await connectionsPage.open();
    expect(await connectionsPage.heading()).toBe('Connections');
    const refused = await connectionsPage.add({
      kind: 'jira',
      name: 'metadata',
      baseUrl: 'http://169.254.169.254',
      scope: 'project = OPS',
      schedule: '1h',
      email: 'bot@acme.example',
      secret: TOKEN,
    });
    expect(refused).toMatch(/refused URL for 169\.254\.169\.254: a link-local address/);

    await connectionsPage.open();
    const stored = await connectionsPage.add({
      kind: 'jira',
      name: 'ops-jira',
      baseUrl: fake?.baseUrl ?? '',
      scope: 'project = OPS',
      schedule: '1h',
      email: 'bot@acme.example',
      secret: TOKEN,
    });
    expect(stored).toMatch(/^Stored connection ops-jira/);
    await connectionsPage.open();
    const row = connectionsPage.row('ops-jira');
    expect(await row.getByTestId('secret-cell').textContent()).toBe(`set · …${TOKEN.slice(-4)}`);
    expect(await page.content()).not.toContain(TOKEN);

    expect(await connectionsPage.test('ops-jira')).toMatch(
      /^ops-jira: 127\.0\.0\.1:\d+ answered HTTP \d{3} in \d+ ms/,
    );

    // Due at once (never run, every 1h): the worker inside npm start picks it up within a tick.
    let lastRun = '';
    for (let i = 0; i < 30; i++) {
      await connectionsPage.open();
      lastRun = ((await connectionsPage.row('ops-jira').locator('td').nth(6).textContent()) ?? '').trim();
      if (lastRun !== 'never') break;
      await page.waitForTimeout(2_000);
    }
    expect(lastRun).not.toBe('never');
    expect(await page.content()).not.toContain(TOKEN);

    // Editing the schedule keeps the sealed secret (the token field starts empty and stays so).
    expect(await connectionsPage.editSchedule('ops-jira', '2h')).toBe('Updated ops-jira.');
    await connectionsPage.open();
    const edited = connectionsPage.row('ops-jira');
    expect(await edited.locator('td').nth(4).textContent()).toBe('every 2h');
    expect(await edited.getByTestId('secret-cell').textContent()).toBe(`set · …${TOKEN.slice(-4)}`);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    const sync = await fetch(`${server?.baseUrl}/sync`);
    const syncHtml = await sync.text();
    expect(syncHtml).toContain('ops-jira');
    expect(syncHtml).not.toContain(TOKEN);

    await connectionsPage.remove('ops-jira');
    await connectionsPage.open();
    expect(await connectionsPage.row('ops-jira').count()).toBe(0);
    expect(server?.output() ?? '').not.toContain(TOKEN);
    expect(pageErrors).toEqual([]);
  });
});
