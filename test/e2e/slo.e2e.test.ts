import { mkdir } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SloPage } from './pages/slo-page';
import { openBrowserPage } from './support/browser';
import { type RunningServer, startServer } from './support/server';

const SCREENSHOT = 'test-results/slo.png';
const PERCENT = /^\d+\.\d%$/;
// The window every figure names, e.g. "24 Aug 2026 – 21 Nov 2026".
// en-GB spells September "Sept".
const WINDOW = /\d{1,2} \w{3,4} \d{4} – \d{1,2} \w{3,4} \d{4}/;
const DEMO_POLICIES = ['first-response', 'time-to-resolution', 'triage'];

describe('SLO page (real server, demo data)', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let slo: SloPage;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    ({ browser, page } = await openBrowserPage(pageErrors));
    slo = new SloPage(page, server.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('shows attainment, weekly burn, the at-risk list and breaches, each with window, calendar and n', async () => {
    await slo.open();
    expect(await slo.heading()).toBe('SLOs');
    expect(await slo.navLink('SLOs').getAttribute('aria-current')).toBe('page');
    expect(await slo.windowCaption()).toMatch(WINDOW);

    const rows = await slo.attainmentRows();
    expect(rows.map((r) => r.policy)).toEqual(DEMO_POLICIES);
    for (const row of rows) {
      expect(row.attainment).toMatch(PERCENT);
      expect(row.n).toBeGreaterThan(0);
    }
    const attainment = await slo.caption('attainment');
    expect(attainment.text).toMatch(WINDOW);
    expect(attainment.calendar).toBe('business calendar (America/New_York)');
    expect(attainment.n).toBe(rows.reduce((n, r) => n + r.n, 0));

    expect(await slo.weekCharts().count()).toBe(DEMO_POLICIES.length);
    expect(await slo.weekBars().count()).toBeGreaterThanOrEqual(12);
    for (let i = 0; i < DEMO_POLICIES.length; i++) {
      const weeks = await slo.caption('policy-weeks', i);
      expect(weeks.n).toBe(rows[i]?.n);
      expect(weeks.text).toMatch(/\d+ weeks/);
    }

    const total = await slo.atRiskCount();
    expect(total).toBeGreaterThan(0);
    const atRisk = await slo.atRiskRows();
    expect(atRisk.length).toBe(Math.min(total, 25));
    expect((await slo.caption('at-risk')).n).toBe(total);
    const dues = atRisk.filter((r) => r.due !== 'paused').map((r) => Date.parse(r.due));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    for (const row of atRisk) {
      expect(DEMO_POLICIES).toContain(row.policy);
      expect(row.ticket).toMatch(/^[A-Z]+-\d+ /);
      expect(row.left).toMatch(/^(\d+ min|\d+\.\d h|\d+(\.\d)? d|overdue)$/);
    }

    const byType = await slo.caption('breaches-type');
    const byTeam = await slo.caption('breaches-team');
    expect(byType.n).toBeGreaterThan(0);
    expect(byTeam.n).toBe(byType.n);
    expect(byType.text).toMatch(WINDOW);
    expect(await slo.breachRows('team').count()).toBeGreaterThan(0);
    expect(await slo.breachRows('type').count()).toBeGreaterThan(0);

    await mkdir('test-results', { recursive: true });
    await slo.screenshot(SCREENSHOT);
    expect(pageErrors).toEqual([]);
  });

  it('keeps the policy filter in the URL and narrows every figure to it', async () => {
    await slo.open({ window: '30d' });
    const all = await slo.attainmentRows();
    await slo.choosePolicy('triage');
    expect(slo.url()).toContain('policy=triage');
    expect(slo.url()).toContain('window=30d');
    const rows = await slo.attainmentRows();
    expect(rows).toEqual([all.find((r) => r.policy === 'triage')]);
    expect(await slo.windowCaption()).toContain('policy triage');
    expect(await slo.weekCharts().count()).toBe(1);
    for (const row of await slo.atRiskRows()) expect(row.policy).toBe('triage');
    expect(pageErrors).toEqual([]);
  });
});
