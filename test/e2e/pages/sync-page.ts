import type { Locator, Page } from 'playwright-core';

/** The Sync page as a person sees it: connections, recent runs, unmapped statuses, source fields. */
export class SyncPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/sync`, { waitUntil: 'load' });
    await this.page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 60_000 });
  }

  async openFromNav(): Promise<void> {
    await this.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Sync' }).click();
    await this.page.waitForURL(/\/sync$/);
    await this.page.locator('[aria-busy="true"]').first().waitFor({ state: 'detached', timeout: 60_000 });
  }

  heading(): Promise<string> {
    return text(this.page.getByRole('heading', { level: 1 }));
  }

  connectionRow(name: string): Locator {
    return this.page.getByTestId('connection-row').filter({ hasText: name });
  }

  async connectionCells(name: string): Promise<string[]> {
    return (await this.connectionRow(name).locator('td').allInnerTexts()).map((t) => t.trim());
  }

  connectionCount(): Promise<number> {
    return this.page.getByTestId('connection-row').count();
  }

  runRows(): Locator {
    return this.page.getByTestId('run-row');
  }

  /** Cell texts of each run row, newest first. */
  async runs(): Promise<Array<{ status: string | null; cells: string[] }>> {
    const rows = await this.runRows().all();
    return Promise.all(
      rows.map(async (row) => ({
        status: await row.getAttribute('data-status'),
        cells: (await row.locator('td').allInnerTexts()).map((t) => t.trim()),
      })),
    );
  }

  async unmappedStatuses(): Promise<string[]> {
    return (await this.page.getByTestId('unmapped-status-row').locator('td:first-child').allInnerTexts()).map(
      (t) => t.trim(),
    );
  }

  sourceFacts(): Promise<string> {
    return text(this.page.getByTestId('source-fields-card'));
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}

async function text(locator: Locator): Promise<string> {
  return ((await locator.textContent()) ?? '').trim();
}
