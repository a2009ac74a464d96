import type { Locator, Page } from 'playwright-core';

/** What every figure's caption states: its window, its method and its n. */
export interface FigureCaption {
  text: string;
  method: string;
  n: number;
}

/** The Flow page as a person sees it: the test talks to this, never to raw selectors. */
export class FlowPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  /** Opens `/flow` with the given search params and waits until every widget has streamed in. */
  async open(searchParams: Record<string, string> = {}): Promise<void> {
    const query = new URLSearchParams(searchParams).toString();
    await this.page.goto(`${this.baseUrl}/flow${query ? `?${query}` : ''}`, { waitUntil: 'load' });
    await this.page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 60_000 });
    await this.scatterPoints().first().waitFor({ state: 'visible', timeout: 30_000 });
  }

  heading(): Promise<string> {
    return text(this.page.getByRole('heading', { level: 1 }));
  }

  windowCaption(): Promise<string> {
    return text(this.page.getByTestId('window-caption'));
  }

  navLink(label: string): Locator {
    return this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label });
  }

  /** Captions of the lead time, aging, throughput, breakdown, survival and DORA figures. */
  async caption(
    figure: 'lead-time' | 'aging' | 'throughput' | 'breakdown' | 'survival' | 'dora' | 'deployment',
  ): Promise<FigureCaption> {
    const foot = this.page.getByTestId(`${figure}-foot`);
    return {
      text: await text(foot),
      method: (await foot.getAttribute('data-method')) ?? '',
      n: Number(await foot.getAttribute('data-n')),
    };
  }

  leadTimePercentile(name: 'p50' | 'p85' | 'p95'): Promise<string> {
    return text(this.page.getByTestId(`lead-time-${name}`));
  }

  scatterPoints(): Locator {
    return this.page.getByTestId('lead-time-scatter').locator('.recharts-scatter-symbol');
  }

  percentileLines(): Locator {
    return this.page.getByTestId('lead-time-scatter').locator('.recharts-reference-line');
  }

  agingPoints(): Locator {
    return this.page.getByTestId('aging-chart').locator('.recharts-scatter-symbol');
  }

  throughputBars(): Locator {
    return this.page
      .getByTestId('throughput-chart')
      .locator('.recharts-bar-rectangle path, .recharts-bar-rectangle rect');
  }

  async kaplanMeier(): Promise<{ p50: string; p85: string; n: number; completedN: number }> {
    return {
      p50: await text(this.page.getByTestId('km-p50')),
      p85: await text(this.page.getByTestId('km-p85')),
      n: parseCount(await text(this.page.getByTestId('km-n'))),
      completedN: parseCount(await text(this.page.getByTestId('completed-n'))),
    };
  }

  flowEfficiency(): Promise<string> {
    return text(this.page.getByTestId('flow-efficiency'));
  }

  doraFigure(name: string): Promise<string> {
    return text(this.page.getByTestId(`dora-${name}`));
  }

  async openCount(): Promise<number> {
    return parseCount((await text(this.page.getByTestId('open-count'))).split(' ')[0] ?? '');
  }

  async choosePercentile(method: 'nearest-rank' | 'linear'): Promise<void> {
    await this.page.getByTestId('percentile-select').selectOption(method);
    await Promise.all([
      this.page.waitForURL((url) => url.pathname === '/flow'),
      this.page.getByTestId('flow-filters').getByRole('button', { name: 'Apply' }).click(),
    ]);
    await this.page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 60_000 });
  }

  url(): string {
    return this.page.url();
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent({ timeout: 30_000 })) ?? '').replace(/\s+/g, ' ').trim();
}

function parseCount(value: string): number {
  return Number(value.replaceAll(',', ''));
}
