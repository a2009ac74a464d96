import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FlowPage } from './pages/flow-page';
import { openBrowserPage } from './support/browser';
import { type RunningServer, startServer } from './support/server';

const SCREENSHOT = 'test-results/flow.png';
const DURATION = /^(> )?\d+(\.\d)? (min|h|d)$/;
// The window every figure names, e.g. "24 Aug 2026 – 21 Nov 2026".
// en-GB month abbreviations are three letters except "Sept" (ICU 72+).
const WINDOW = /\d{1,2} \w{3,4} \d{4} – \d{1,2} \w{3,4} \d{4}/;

describe('flow page (real server, demo data)', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let flow: FlowPage;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    ({ browser, page } = await openBrowserPage(pageErrors));
    flow = new FlowPage(page, server.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows every figure with its window, method and n', async () => {
    await flow.open();
    expect(await flow.heading()).toBe('Flow');
    expect(await flow.navLink('Flow').getAttribute('aria-current')).toBe('page');
    expect(await flow.windowCaption()).toMatch(WINDOW);

    const lead = await flow.caption('lead-time');
    expect(lead.method).toBe('nearest-rank');
    expect(lead.n).toBeGreaterThan(100);
    expect(lead.text).toMatch(WINDOW);
    expect(lead.text).toContain(`n = ${lead.n.toLocaleString('en-US')}`);
    for (const p of ['p50', 'p85', 'p95'] as const)
      expect(await flow.leadTimePercentile(p)).toMatch(DURATION);
    expect(await flow.scatterPoints().count()).toBeGreaterThan(100);
    expect(await flow.percentileLines().count()).toBe(3);

    const aging = await flow.caption('aging');
    expect(aging.n).toBe(await flow.openCount());
    expect(aging.n).toBeGreaterThan(0);
    expect(await flow.agingPoints().count()).toBe(Math.min(aging.n, 500));

    const throughput = await flow.caption('throughput');
    expect(throughput.n).toBe(lead.n);
    expect(await flow.throughputBars().count()).toBeGreaterThanOrEqual(12);

    const km = await flow.kaplanMeier();
    expect(km.completedN).toBe(lead.n);
    const censored = Number(
      (await flow.caption('survival')).text.match(/\+ ([\d,]+) open/)?.[1]?.replaceAll(',', ''),
    );
    expect(censored).toBeGreaterThan(0);
    expect(km.n).toBe(lead.n + censored);
    expect(km.p50).toMatch(DURATION);
    expect(km.p85).toMatch(DURATION);
    for (const figure of ['breakdown', 'survival', 'dora', 'deployment'] as const) {
      const caption = await flow.caption(figure);
      expect(caption.text).toMatch(WINDOW);
      expect(caption.n).toBeGreaterThan(0);
    }
    expect(await flow.flowEfficiency()).toMatch(/pooled \d+% .* mean of per-ticket ratios \d+%/);
    expect(await flow.doraFigure('reopen-rate')).toMatch(/^\d+\.\d%$/);
    expect(await flow.doraFigure('deploy-frequency')).toMatch(/^\d+\.\d \/ week$/);

    await mkdir('test-results', { recursive: true });
    await flow.screenshot(SCREENSHOT);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the percentile method in the URL and names it on every distribution', async () => {
    await flow.open({ window: '30d' });
    const thirtyDays = await flow.caption('lead-time');
    await flow.choosePercentile('linear');
    expect(flow.url()).toContain('percentile=linear');
    expect(flow.url()).toContain('window=30d');
    const linear = await flow.caption('lead-time');
    expect(linear.method).toBe('linear');
    expect(linear.n).toBe(thirtyDays.n);
    expect(await flow.windowCaption()).toContain('linear percentiles');
    expect(pageErrors).toEqual([]);
  });

  it('serves the flow and dora reports over the API, with a 400 naming a bad parameter', async () => {
    const base = server?.baseUrl ?? '';
    const report = (await (await fetch(`${base}/api/v1/flow?percentile=linear`)).json()) as Record<
      string,
      unknown
    >;
    expect(report).toMatchObject({
      leadTimeHours: { method: 'linear' },
      leadTimeKaplanMeier: expect.any(Object),
    });
    const dora = (await (await fetch(`${base}/api/v1/dora`)).json()) as Record<string, unknown>;
    expect(Object.keys(dora)).toContain('reopenRate');
    const bad = await fetch(`${base}/api/v1/flow?percentile=median`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^percentile: /);
  });
});
