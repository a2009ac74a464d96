import type { Locator, Page } from 'playwright-core';

/** The leadership Impact page as a person sees it: the test talks to this, never to raw selectors. */
export class ImpactPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/impact`, { waitUntil: 'load' });
    await this.page
      .getByTestId('impact-volume-chart')
      .first()
      .locator('svg')
      .first()
      .waitFor({ timeout: 60_000 });
  }

  heading(): Promise<string | null> {
    return this.page.locator('h1').textContent();
  }

  navLink(label: string): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label });
  }

  automation(name: string): Locator {
    return this.page.getByTestId(`impact-${name}`);
  }

  /** The big figure of a headline card (hours saved, wait, adoption). */
  async headline(name: string, card: 'hours-saved' | 'wait' | 'adoption'): Promise<string> {
    return (
      (await this.automation(name).getByTestId(`headline-${card}`).locator('.stat-value').textContent()) ?? ''
    ).trim();
  }

  async sloRows(name: string): Promise<string[]> {
    return this.automation(name).getByTestId('headline-slo').locator('tr').allTextContents();
  }

  launchMarker(name: string): Locator {
    return this.automation(name).locator('.recharts-reference-line');
  }

  volumeBars(name: string): Locator {
    return this.automation(name).locator('.recharts-bar-rectangle');
  }

  async controlText(name: string): Promise<string> {
    return ((await this.automation(name).getByTestId('impact-control').textContent()) ?? '').trim();
  }

  async uncertainty(name: string): Promise<string> {
    return ((await this.automation(name).getByTestId('impact-uncertainty').textContent()) ?? '').trim();
  }

  trendCharts(): Locator {
    return this.page.getByTestId('dora-trends').locator('.recharts-surface');
  }

  async nextCandidates(): Promise<string[]> {
    return this.page.getByTestId('next-candidates').locator('tbody tr td:nth-child(2)').allTextContents();
  }

  async downloadHref(kind: 'pdf' | 'csv'): Promise<string | null> {
    return this.page.getByTestId(`download-${kind}`).getAttribute('href');
  }

  /** Fills the editor's registration form (the first `clusters` options) and returns the form's message. */
  async registerAutomation(name: string, launchedAt: string, clusters: number): Promise<string> {
    const form = this.page.getByTestId('register-form');
    await form.getByLabel('Name', { exact: true }).fill(name);
    await form.getByLabel('Launched').fill(launchedAt);
    await form.getByLabel('Build cost (hours)').fill('40');
    const values = await form
      .locator('select[name="clusters"] option')
      .evaluateAll(
        (options, n) => options.slice(0, n as number).map((o) => (o as HTMLOptionElement).value),
        clusters,
      );
    await form.locator('select[name="clusters"]').selectOption(values);
    await form.getByRole('button', { name: 'Register' }).click();
    const message = this.page.getByTestId('form-message');
    await message.waitFor({ timeout: 30_000 });
    return ((await message.textContent()) ?? '').trim();
  }
}
