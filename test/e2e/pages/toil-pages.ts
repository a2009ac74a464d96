import type { Locator, Page } from 'playwright-core';

/** The Candidates page as a platform lead uses it: the test talks to this, never to raw selectors. */
export class CandidatesPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async open(query = ''): Promise<void> {
    await this.page.goto(`${this.baseUrl}/candidates${query}`, { waitUntil: 'load' });
    await this.page.getByTestId('candidates-table').waitFor({ timeout: 60_000 });
  }

  heading(): Promise<string | null> {
    return this.page.locator('h1').textContent();
  }

  windowCaption(): Promise<string | null> {
    return this.page.getByTestId('window-caption').textContent();
  }

  topCards(): Locator {
    return this.page.getByTestId('top-candidate');
  }

  async topLabels(): Promise<string[]> {
    return (await this.topCards().getByTestId('candidate-link').allTextContents()).map((t) => t.trim());
  }

  /** The figures of one top card by its data-testid suffix (tickets-per-month, wait, payback, …). */
  async cardFigure(index: number, figure: string): Promise<string> {
    return ((await this.topCards().nth(index).getByTestId(`fig-${figure}`).textContent()) ?? '').trim();
  }

  async cardText(index: number, testId: string): Promise<string> {
    return ((await this.topCards().nth(index).getByTestId(testId).textContent()) ?? '').trim();
  }

  rows(): Locator {
    return this.page.getByTestId('candidate-row');
  }

  async rowLabels(): Promise<string[]> {
    return (await this.rows().locator('a.type-label').allTextContents()).map((t) => t.trim());
  }

  whatIf(field: string): Locator {
    return this.page.getByTestId(`what-if-${field}`);
  }

  async setWhatIf(field: string, value: string): Promise<void> {
    await this.whatIf(field).fill(value);
  }

  async whatIfStatus(): Promise<string> {
    return ((await this.page.getByTestId('what-if-status').textContent()) ?? '').trim();
  }

  rankMoves(): Locator {
    return this.page.getByTestId('rank-move');
  }

  async resetWhatIf(): Promise<void> {
    await this.page.getByTestId('what-if-reset').click();
  }

  /** Waits until the what-if is (or is no longer) in the address bar. */
  async waitForUrl(predicate: (url: URL) => boolean): Promise<URL> {
    // A client-side router.replace fires no load event, so poll the address instead of waitForURL.
    const deadline = Date.now() + 15_000;
    for (;;) {
      const url = new URL(this.page.url());
      if (predicate(url)) return url;
      if (Date.now() > deadline) throw new Error(`the address never matched: ${url.href}`);
      await this.page.waitForTimeout(100);
    }
  }

  async reload(): Promise<void> {
    await this.page.reload({ waitUntil: 'load' });
    await this.page.getByTestId('candidates-table').waitFor({ timeout: 60_000 });
  }

  /** Follows the first top card's link to its cluster. */
  async openTopCandidate(): Promise<void> {
    await this.topCards().first().getByTestId('candidate-link').click();
    await this.page.getByTestId('cluster-label').waitFor({ timeout: 60_000 });
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}

/** The Clusters explorer and a cluster's detail page, with the override forms. */
export class ClustersPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async open(query = ''): Promise<void> {
    await this.page.goto(`${this.baseUrl}/clusters${query}`, { waitUntil: 'load' });
    await this.page.locator('h1').waitFor({ timeout: 60_000 });
  }

  rows(): Locator {
    return this.page.getByTestId('cluster-row');
  }

  async search(text: string): Promise<string> {
    await this.page.getByTestId('cluster-search').fill(text);
    await this.page.getByTestId('cluster-search').press('Enter');
    await this.page.getByTestId('search-count').waitFor({ timeout: 30_000 });
    return ((await this.page.getByTestId('search-count').textContent()) ?? '').trim();
  }

  async openCluster(index: number): Promise<string> {
    const label = ((await this.rows().nth(index).getByTestId('cluster-link').textContent()) ?? '').trim();
    await this.rows().nth(index).getByTestId('cluster-link').click();
    await this.page.getByTestId('cluster-label').waitFor({ timeout: 60_000 });
    return label;
  }

  async label(): Promise<string> {
    return ((await this.page.getByTestId('cluster-label').textContent()) ?? '').trim();
  }

  url(): string {
    return this.page.url();
  }

  async detailFigure(testId: string): Promise<string> {
    return ((await this.page.getByTestId(testId).first().textContent()) ?? '').trim();
  }

  /** Each distribution row as its cells' text: label, p50, p85, p95, mean, n, method. */
  async distributions(): Promise<string[][]> {
    const rows = this.page.getByTestId('distribution-row');
    const out: string[][] = [];
    for (let i = 0; i < (await rows.count()); i++)
      out.push((await rows.nth(i).locator('th, td').allTextContents()).map((t) => t.trim()));
    return out;
  }

  section(testId: string): Locator {
    return this.page.getByTestId(testId);
  }

  ticketRows(): Locator {
    return this.page.getByTestId('ticket-row');
  }

  /** Renames the request type; the action re-applies the overrides and reloads the page. */
  async rename(label: string): Promise<void> {
    const form = this.page.getByTestId('rename-form');
    await form.locator('input[name="label"]').fill(label);
    await form.getByRole('button', { name: 'Rename' }).click();
    await this.page.getByTestId('cluster-label').filter({ hasText: label }).waitFor({ timeout: 30_000 });
  }

  overrides(): Locator {
    return this.page.getByTestId('override-item');
  }

  async undoLatest(expectedLabel: string): Promise<void> {
    await this.overrides().last().getByRole('button', { name: 'Undo' }).click();
    await this.page
      .getByTestId('cluster-label')
      .filter({ hasText: expectedLabel })
      .waitFor({ timeout: 30_000 });
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}
