import type { Locator, Page } from 'playwright-core';

export interface DistributionFigures {
  p50: string;
  p85: string;
  n: number;
}

/** The overview dashboard as a person sees it: the test talks to this, never to raw selectors. */
export class OverviewPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  /** Opens `/` with the given search params and waits until every widget has streamed in. */
  async open(searchParams: Record<string, string> = {}): Promise<void> {
    const query = new URLSearchParams(searchParams).toString();
    await this.page.goto(`${this.baseUrl}/${query ? `?${query}` : ''}`, { waitUntil: 'load' });
    await this.page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 60_000 });
    await this.volumeBars().first().waitFor({ state: 'visible', timeout: 30_000 });
  }

  heading(): Promise<string> {
    return text(this.page.getByRole('heading', { level: 1 }));
  }

  windowCaption(): Promise<string> {
    return text(this.page.getByTestId('window-caption'));
  }

  openModeBanner(): Promise<string | null> {
    return this.page.getByTestId('open-mode-banner').textContent();
  }

  freshness(): Promise<string> {
    return text(this.page.locator('.site-freshness'));
  }

  volumeBars(): Locator {
    return this.page
      .getByTestId('volume-chart')
      .locator('.recharts-bar-rectangle path, .recharts-bar-rectangle rect');
  }

  async volumeTotal(): Promise<number> {
    return parseCount(await text(this.page.getByTestId('volume-total')));
  }

  leadTime(): Promise<DistributionFigures> {
    return this.distribution('lead-time');
  }

  queueTime(): Promise<DistributionFigures> {
    return this.distribution('queue-time');
  }

  async waitingShare(): Promise<string> {
    return text(this.page.getByTestId('waiting-share'));
  }

  async openTicketCount(): Promise<number> {
    return parseCount(await text(this.page.getByTestId('open-total')));
  }

  requestTypeRows(): Locator {
    return this.page.getByTestId('request-type-row');
  }

  oldestOpenRows(): Locator {
    return this.page.getByTestId('oldest-open-row');
  }

  async chooseWindow(preset: '30d' | '90d' | '365d' | 'all'): Promise<void> {
    await this.page.getByTestId(`window-${preset}`).click();
    await this.page.waitForURL((url) =>
      preset === '90d' ? !url.search.includes('window=') : url.search.includes(preset),
    );
    await this.page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 60_000 });
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }

  private async distribution(testId: string): Promise<DistributionFigures> {
    const root = this.page.getByTestId(testId);
    const n = Number(await root.getAttribute('data-n'));
    return {
      n,
      p50: await text(this.page.getByTestId(`${testId}-p50`)),
      p85: await text(this.page.getByTestId(`${testId}-p85`)),
    };
  }
}

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

function parseCount(text: string): number {
  return Number(text.replace(/[^\d]/g, ''));
}
