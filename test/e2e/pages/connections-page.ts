import type { Locator, Page } from 'playwright-core';

export interface NewConnection {
  kind: 'jira' | 'linear' | 'github';
  name: string;
  baseUrl: string;
  scope: string;
  schedule: string;
  email?: string;
  secret: string;
}

/** The admin's Connections page as a person sees it. */
export class ConnectionsPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/connections`, { waitUntil: 'load' });
    await this.page.getByTestId('connections-list').waitFor({ timeout: 30_000 });
  }

  heading(): Promise<string | null> {
    return this.page.locator('h1').textContent();
  }

  row(name: string): Locator {
    return this.page.getByTestId(`connection-${name}`);
  }

  async add(connection: NewConnection): Promise<string> {
    const form = this.page.getByTestId('add-connection-form');
    await form.getByLabel('Source').selectOption(connection.kind);
    await form.getByLabel('Name', { exact: true }).fill(connection.name);
    await form.getByLabel('Base URL').fill(connection.baseUrl);
    await form.getByLabel(/^Scope/).fill(connection.scope);
    await form.getByLabel('Schedule').fill(connection.schedule);
    if (connection.email) await form.getByLabel('Email (Jira Cloud)').fill(connection.email);
    await form.getByLabel('Token or key').fill(connection.secret);
    await form.getByRole('button', { name: 'Store connection' }).click();
    return this.messageOf(form);
  }

  async test(name: string): Promise<string> {
    const form = this.page.getByTestId(`test-${name}`);
    await form.getByRole('button', { name: 'Test' }).click();
    return this.messageOf(form);
  }

  /** Opens the row's Edit form and saves a new schedule, keeping the stored secret. */
  async editSchedule(name: string, schedule: string): Promise<string> {
    await this.row(name).locator('summary', { hasText: 'Edit' }).click();
    const form = this.page.getByTestId(`edit-${name}`);
    await form.getByLabel('Schedule').fill(schedule);
    await form.getByRole('button', { name: 'Save' }).click();
    return this.messageOf(form);
  }

  /** Removes the connection; its row (and the form with it) leaves the list once the change is saved. */
  async remove(name: string): Promise<void> {
    await this.page.getByTestId(`remove-${name}`).getByRole('button', { name: 'Remove' }).click();
    await this.row(name).waitFor({ state: 'detached', timeout: 30_000 });
  }

  private async messageOf(form: Locator): Promise<string> {
    const message = form.getByTestId('form-message');
    await message.waitFor({ timeout: 30_000 });
    return ((await message.textContent()) ?? '').trim();
  }
}
