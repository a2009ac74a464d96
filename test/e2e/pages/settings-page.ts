import type { Locator, Page } from 'playwright-core';

/** The editor's settings pages: status map, calendars, SLO policies, cost model. */
export class SettingsPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async open(tab: '' | 'calendars' | 'slos' | 'cost-model'): Promise<void> {
    await this.page.goto(`${this.baseUrl}/settings${tab ? `/${tab}` : ''}`, { waitUntil: 'load' });
    await this.page.getByTestId('settings-origin').waitFor({ timeout: 30_000 });
  }

  statusRows(): Locator {
    return this.page.getByTestId('status-map').locator('tbody tr');
  }

  /** Submits `form` and returns the message it shows. */
  async submit(form: Locator): Promise<string | null> {
    const message = form.getByTestId('form-message');
    const before = (await message.count()) > 0 ? await message.textContent() : null;
    await Promise.all([
      this.page.waitForResponse(
        (r) => r.request().method() === 'POST' && r.request().headers()['next-action'] !== undefined,
      ),
      form.getByRole('button').click(),
    ]);
    await message.waitFor({ timeout: 30_000 });
    // A second submit of the same form replaces the message; wait for the new one.
    for (let i = 0; i < 50 && (await message.textContent()) === before; i++)
      await this.page.waitForTimeout(100);
    return message.textContent();
  }

  async mapStatus(status: string, category: string): Promise<string | null> {
    const form = this.page.getByTestId('status-map-form');
    await form.getByLabel(`Category of ${status}`).selectOption(category);
    return this.submit(form);
  }

  async addCalendar(name: string, timeZone: string, holidays: string): Promise<string | null> {
    const form = this.page.getByTestId('add-calendar-form');
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Time zone (IANA)').fill(timeZone);
    await form.getByLabel(/^Holidays/).fill(holidays);
    return this.submit(form);
  }

  async addPolicy(policy: unknown): Promise<string | null> {
    const form = this.page.getByTestId('add-slo-form');
    await form.getByLabel('Policy (JSON)').fill(JSON.stringify(policy, null, 2));
    return this.submit(form);
  }

  /** Waits until the server says the re-analysis with the latest saved version has finished. */
  async waitForReanalysis(): Promise<string | null> {
    for (let i = 0; i < 60; i++) {
      await this.open('');
      const text = await this.page.getByTestId('reanalysis-status').textContent();
      if (text && !text.startsWith('Re-analysing')) return text;
      await this.page.waitForTimeout(1000);
    }
    return null;
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}
