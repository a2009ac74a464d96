import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandidatesPage, ClustersPage } from './pages/toil-pages';
import { openBrowserPage } from './support/browser';
import { type RunningServer, startServer } from './support/server';

const MONEY = /^[$€£]?[\d,]+(\.\d+)?/;
// Request types a platform lead would not hand to a self-service workflow.
const NOT_AUTOMATABLE = /incident|outage|project|upgrade|migrat|runbook/i;

describe('Candidates and Clusters pages (real server, demo data)', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let candidates: CandidatesPage;
  let clusters: ClustersPage;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    ({ browser, page } = await openBrowserPage(pageErrors));
    candidates = new CandidatesPage(page, server.baseUrl);
    clusters = new ClustersPage(page, server.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('calls out the top 3 with the figures behind each, above the full ranked table', async () => {
    await candidates.open();
    expect(await candidates.heading()).toBe('Candidates');
    expect(await candidates.windowCaption()).toMatch(/cost model/);
    expect(await candidates.topCards().count()).toBe(3);
    const top = await candidates.topLabels();
    expect((await candidates.rowLabels()).slice(0, 3)).toEqual(top);
    expect(await candidates.rows().count()).toBeGreaterThanOrEqual(10);
    for (const label of top) expect(label).not.toMatch(NOT_AUTOMATABLE);
    for (let i = 0; i < 3; i++) {
      expect(await candidates.cardText(i, 'candidate-score')).toMatch(MONEY);
      expect(await candidates.cardText(i, 'candidate-score-range')).toMatch(/^90% range /);
      expect(Number.parseFloat(await candidates.cardFigure(i, 'tickets-per-month'))).toBeGreaterThan(3);
      expect(await candidates.cardFigure(i, 'wait')).toMatch(/ h$/);
      expect(await candidates.cardFigure(i, 'payback')).toMatch(/months|never/);
      expect(await candidates.cardText(i, 'candidate-why')).not.toBe('');
    }
    await candidates.screenshot('test-results/candidates.png');
  });

  it('what-if inputs re-rank in the browser, live in the URL, survive a reload and reset', async () => {
    await candidates.open();
    const before = await candidates.rowLabels();
    // Nobody's time costs anything but the requester's: ranking is then by requester wait alone.
    await candidates.setWhatIf('teamHourly', '0');
    await candidates.setWhatIf('buildCostHours', '0');
    expect(await candidates.whatIfStatus()).toBe('Ranked under your what-if cost model.');
    const url = await candidates.waitForUrl((u) => u.searchParams.get('teamHourly') === '0');
    expect(url.searchParams.get('buildCostHours')).toBe('0');
    expect(url.searchParams.has('requesterHourly')).toBe(false);
    const after = await candidates.rowLabels();
    expect([...after].sort()).toEqual([...before].sort());

    await candidates.reload();
    expect(await candidates.whatIf('teamHourly').inputValue()).toBe('0');
    expect(await candidates.whatIfStatus()).toBe('Ranked under your what-if cost model.');
    expect(await candidates.rowLabels()).toEqual(after);

    await candidates.setWhatIf('requesterHourly', '-3');
    expect(await candidates.whatIfStatus()).toMatch(/^Requester hourly cost: enter a number of 0 or more/);

    await candidates.resetWhatIf();
    expect(await candidates.whatIfStatus()).toBe('Ranked under the cost model of the settings in force.');
    await candidates.waitForUrl(
      (u) => !u.searchParams.has('teamHourly') && !u.searchParams.has('requesterHourly'),
    );
    expect(await candidates.rowLabels()).toEqual(before);
    expect(await candidates.rankMoves().count()).toBe(0);
  });

  it('drills down from a candidate to its request type, with distributions, templates and tickets', async () => {
    await candidates.open();
    const [first] = await candidates.topLabels();
    await candidates.openTopCandidate();
    expect(await clusters.label()).toBe(first);
    const distributions = await clusters.distributions();
    expect(distributions.map((row) => row[0])).toEqual([
      'Lead time',
      'In queue (incl. triage)',
      'Being worked on',
    ]);
    for (const row of distributions) {
      expect(Number(row[5]?.replaceAll(',', ''))).toBeGreaterThan(0);
      expect(row[6]).toBe('nearest-rank');
    }
    expect(await clusters.section('cluster-templates').locator('li').count()).toBeGreaterThan(0);
    expect(await clusters.ticketRows().count()).toBeGreaterThan(0);
    expect(await clusters.detailFigure('fig-tickets')).toMatch(/^[\d,]+$/);
    await clusters.screenshot('test-results/cluster-detail.png');
  });

  it('the explorer lists and searches request types; a rename shows at once and undo reverts it', async () => {
    await clusters.open();
    const total = await clusters.rows().count();
    expect(total).toBeGreaterThanOrEqual(10);
    await clusters.screenshot('test-results/clusters.png');
    expect(await clusters.search('secret')).toMatch(/^\d+ of \d+ match “secret”$/);
    expect(await clusters.rows().count()).toBeLessThan(total);
    expect(await clusters.rows().count()).toBeGreaterThan(0);

    const label = await clusters.openCluster(0);
    await clusters.rename('CI secret requests (renamed)');
    expect(await clusters.overrides().count()).toBe(1);
    await clusters.open();
    expect(await clusters.rows().getByText('CI secret requests (renamed)').count()).toBe(1);

    await clusters.open('?q=renamed');
    await clusters.openCluster(0);
    await clusters.undoLatest(label);
    expect(await clusters.overrides().count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
