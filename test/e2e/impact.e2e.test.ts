import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImpactPage } from './pages/impact-page';
import { openBrowserPage } from './support/browser';
import { type RunningServer, startServer } from './support/server';

const SCREENSHOT = 'test-results/impact.png';
const PRINT_SCREENSHOT = 'test-results/impact-print.png';
const PDF = 'test-results/impact.pdf';

describe('Impact page (real server, demo data with the mid-year repo-vending launch)', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let impact: ImpactPage;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    await mkdir('test-results', { recursive: true });
    server = await startServer();
    ({ browser, page } = await openBrowserPage(pageErrors));
    impact = new ImpactPage(page, server.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows the headline figures, the launch-marked chart, the comparison, trends and next candidates', async () => {
    await impact.open();
    expect(await impact.heading()).toBe('Impact');
    expect(await impact.navLink('Impact').getAttribute('aria-current')).toBe('page');
    expect(await impact.automation('repo-vending').count()).toBe(1);

    expect(await impact.headline('repo-vending', 'hours-saved')).toMatch(/^\d[\d,.]* h realised$/);
    expect(await impact.headline('repo-vending', 'adoption')).toMatch(/^\d{1,3}(\.\d)?%$/);
    expect(await impact.headline('repo-vending', 'wait')).toMatch(/h/);
    const slo = await impact.sloRows('repo-vending');
    expect(slo.length).toBeGreaterThan(0);
    expect(slo[0]).toMatch(/%.*→.*%/);

    expect(await impact.launchMarker('repo-vending').count()).toBe(1);
    expect(await impact.volumeBars('repo-vending').count()).toBeGreaterThanOrEqual(6);
    expect(await impact.controlText('repo-vending')).toMatch(/untouched request types moved [+−]\d/);
    expect(await impact.controlText('repo-vending')).toMatch(/\d+\.\d avoided a month/);
    expect(await impact.uncertainty('repo-vending')).toMatch(/tickets before/);

    expect(await impact.trendCharts().count()).toBeGreaterThanOrEqual(4);
    const next = await impact.nextCandidates();
    expect(next).toHaveLength(3);

    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.emulateMedia({ media: 'print' });
    await page.screenshot({ path: PRINT_SCREENSHOT, fullPage: true });
    await page.emulateMedia({ media: 'screen' });
    expect(await page.getByRole('navigation', { name: 'Main' }).isVisible()).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it('exports the report as a PDF and as CSV', async () => {
    expect(await impact.downloadHref('pdf')).toBe('/impact/report.pdf');
    const pdf = await fetch(`${server?.baseUrl}/impact/report.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const bytes = Buffer.from(await pdf.arrayBuffer());
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = bytes.toString('latin1').match(/\/Type \/Page\b/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(1);
    await writeFile(PDF, bytes);
    // Where poppler is installed, render the pages for a person to look at.
    if (existsSync('/usr/bin/pdftoppm'))
      execFileSync('pdftoppm', ['-png', '-r', '60', PDF, 'test-results/impact-pdf']);

    const csv = await fetch(`${server?.baseUrl}/impact/report.csv`);
    expect(csv.status).toBe(200);
    const lines = (await csv.text()).trim().split('\n');
    expect(lines[0]).toMatch(/^name,clusters,launchedAt,before\.from/);
    expect(lines[1]).toMatch(/^repo-vending,/);
  });

  it('an editor registers an automation from the page; its token is shown once and its impact appears', async () => {
    await impact.open();
    const message = await impact.registerAutomation('cache-self-serve', '2026-10-01', 1);
    expect(message).toMatch(
      /^Registered cache-self-serve\. Its runs token, shown only now: [A-Za-z0-9_-]{43}$/,
    );
    await impact.open();
    expect(await impact.automation('cache-self-serve').count()).toBe(1);
    expect(await impact.automation('repo-vending').count()).toBe(1);
    const again = await impact.registerAutomation('cache-self-serve', '2026-10-01', 1);
    expect(again).toBe("name: an automation named 'cache-self-serve' is already registered");
    expect(pageErrors).toEqual([]);
  });
});
