import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OverviewPage } from './pages/overview-page';
import { openBrowserPage } from './support/browser';
import { type RunningServer, startServer } from './support/server';

const SCREENSHOT = 'test-results/overview.png';
const DURATION = /^\d+(\.\d)? (min|h|d)$/;

describe('overview dashboard (real server, demo data)', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let overview: OverviewPage;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    ({ browser, page } = await openBrowserPage(pageErrors));
    overview = new OverviewPage(page, server.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('reports a healthy, migrated database with the demo loaded', async () => {
    const response = await fetch(`${server?.baseUrl}/api/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; database: Record<string, unknown> };
    expect(body.status).toBe('ok');
    expect(body.database).toMatchObject({ kind: 'pglite', migrated: true });
    expect(body.database.tickets).toBeGreaterThan(0);
  });

  it('shows real figures for the default 90-day window', async () => {
    await overview.open();
    expect(await overview.heading()).toBe('Overview');
    expect(await overview.freshness()).toMatch(/Data as of/);
    // npm start on loopback with the embedded database runs open, and every page says so.
    expect(await overview.openModeBanner()).toMatch(/^Open mode \(embedded database on 127\.0\.0\.1\)/);

    expect(await overview.volumeBars().count()).toBeGreaterThanOrEqual(12);
    expect(await overview.volumeTotal()).toBeGreaterThan(0);

    const lead = await overview.leadTime();
    expect(lead.n).toBeGreaterThan(0);
    expect(lead.p50).toMatch(DURATION);
    expect(lead.p85).toMatch(DURATION);
    const queue = await overview.queueTime();
    expect(queue.n).toBe(lead.n);

    expect(await overview.waitingShare()).toMatch(/^\d+% waiting$/);
    expect(await overview.openTicketCount()).toBeGreaterThan(0);
    expect(await overview.requestTypeRows().count()).toBeGreaterThan(0);
    expect(await overview.oldestOpenRows().count()).toBeGreaterThan(0);

    await mkdir('test-results', { recursive: true });
    await overview.screenshot(SCREENSHOT);
    expect(pageErrors).toEqual([]);
  });

  it('recomputes the figures when the window in the URL changes', async () => {
    await overview.open();
    const ninetyDays = await overview.leadTime();
    await overview.open({ window: '30d' });
    expect(await overview.windowCaption()).not.toContain('All time');
    const thirtyDays = await overview.leadTime();
    expect(thirtyDays.n).toBeGreaterThan(0);
    expect(thirtyDays.n).toBeLessThan(ninetyDays.n);

    await overview.chooseWindow('all');
    expect(await overview.windowCaption()).toMatch(/^All time/);
    expect((await overview.leadTime()).n).toBeGreaterThan(ninetyDays.n);
    expect(pageErrors).toEqual([]);
  });

  it('pages the tickets API with the export fields, a total and a cursor', async () => {
    const base = server?.baseUrl ?? '';
    type TicketsPage = {
      items: Array<{ key: string; slo: unknown[] }>;
      total: number;
      nextCursor: string | null;
    };
    const first = (await (await fetch(`${base}/api/v1/tickets?limit=40`)).json()) as TicketsPage;
    expect(first.items).toHaveLength(40);
    expect(first.total).toBeGreaterThan(4000);
    expect(first.nextCursor).toEqual(expect.any(String));
    expect(Object.keys(first.items[0] ?? {})).toContain('leadTimeFirstHours');
    const second = (await (
      await fetch(`${base}/api/v1/tickets?limit=40&cursor=${first.nextCursor}`)
    ).json()) as TicketsPage;
    const keys = new Set([...first.items, ...second.items].map((t) => t.key));
    expect(keys.size).toBe(80);

    const bad = await fetch(`${base}/api/v1/tickets?limit=5000`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^limit: /);
  });
});
