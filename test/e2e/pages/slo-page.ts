import type { Locator, Page } from 'playwright-core';

/** What every SLO figure's caption states: its window, its calendar and its n. */
export interface SloCaption {
  text: string;
  calendar: string;
  n: number;
}

export interface AttainmentRow {
  policy: string;
  attainment: string;
  n: number;
}

export interface AtRiskRow {
  due: string;
  left: string;
  policy: string;
  ticket: string;
  href: string | null;
}

/** The SLO page as a person sees it: the test talks to this, never to raw selectors. */
export class SloPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  /** Opens `/slo` with the given search params and waits until every widget has streamed in. */
  async open(searchParams: Record<string, string> = {}): Promise<void> {
    const query = new URLSearchParams(searchParams).toString();
    await this.page.goto(`${this.baseUrl}/slo${query ? `?${query}` : ''}`, { waitUntil: 'load' });
    await this.settled();
  }

  private async settled(): Promise<void> {
    await this.page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 60_000 });
    await this.page.getByTestId('attainment-foot').waitFor({ state: 'visible', timeout: 30_000 });
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

  async caption(
    figure: 'attainment' | 'at-risk' | 'breaches-type' | 'breaches-team' | 'policy-weeks',
    index = 0,
  ): Promise<SloCaption> {
    const foot = this.page.getByTestId(`${figure}-foot`).nth(index);
    return {
      text: await text(foot),
      calendar: (await foot.getAttribute('data-method')) ?? '',
      n: Number(await foot.getAttribute('data-n')),
    };
  }

  async attainmentRows(): Promise<AttainmentRow[]> {
    const rows = this.page.getByTestId('attainment-row');
    const out: AttainmentRow[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const row = rows.nth(i);
      out.push({
        policy: (await row.getAttribute('data-policy')) ?? '',
        attainment: await text(row.getByTestId('attainment-value')),
        n: Number(await row.getAttribute('data-n')),
      });
    }
    return out;
  }

  weekCharts(): Locator {
    return this.page.getByTestId('slo-weeks-chart');
  }

  weekBars(): Locator {
    return this.weekCharts().first().locator('.recharts-bar-rectangle path, .recharts-bar-rectangle rect');
  }

  async atRiskCount(): Promise<number> {
    return parseCount((await text(this.page.getByTestId('at-risk-count'))).split(' ')[0] ?? '');
  }

  async atRiskRows(): Promise<AtRiskRow[]> {
    const rows = this.page.getByTestId('at-risk-row');
    const out: AtRiskRow[] = [];
    for (let i = 0; i < (await rows.count()); i++) {
      const cells = rows.nth(i).locator('td');
      const link = cells.nth(3).locator('a');
      const due = cells.nth(0).locator('time');
      out.push({
        due: (await due.count()) > 0 ? ((await due.getAttribute('datetime')) ?? '') : 'paused',
        left: await text(cells.nth(1)),
        policy: await text(cells.nth(2)),
        ticket: await text(cells.nth(3)),
        href: (await link.count()) > 0 ? await link.getAttribute('href') : null,
      });
    }
    return out;
  }

  breachRows(card: 'type' | 'team'): Locator {
    return this.page.getByTestId(`breaches-${card}-card`).getByTestId('breach-row');
  }

  /** Picks a policy in the filter form and applies it; resolves once the new page has streamed in. */
  async choosePolicy(name: string): Promise<void> {
    await this.page.getByTestId('policy-select').selectOption(name);
    await Promise.all([
      this.page.waitForURL((url) => url.pathname === '/slo' && url.searchParams.get('policy') === name),
      this.page.getByTestId('slo-filters').getByRole('button', { name: 'Apply' }).click(),
    ]);
    await this.settled();
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
