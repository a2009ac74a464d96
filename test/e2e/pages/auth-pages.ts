import type { Page } from 'playwright-core';

/** The sign-in page, the one-time setup page and the admin's Users page, as a person uses them. */
export class AuthPages {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async setUpFirstAdmin(link: string, email: string, password: string): Promise<void> {
    await this.page.goto(link, { waitUntil: 'load' });
    const form = this.page.getByTestId('setup-form');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password', { exact: true }).fill(password);
    await form.getByLabel('Repeat the password').fill(password);
    await form.getByRole('button').click();
    await this.page.waitForURL(/\/settings\/users$/, { timeout: 30_000 });
  }

  /** Signs in; returns the form's message when it stays on the sign-in page. */
  async signIn(email: string, password: string): Promise<string | null> {
    await this.page.goto(`${this.baseUrl}/sign-in`, { waitUntil: 'load' });
    const form = this.page.getByTestId('sign-in-form');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Password').fill(password);
    await form.getByRole('button').click();
    const outcome = await Promise.race([
      this.page
        .waitForURL((url) => !url.pathname.startsWith('/sign-in'), { timeout: 30_000 })
        .then(() => null),
      form
        .getByTestId('form-message')
        .waitFor({ timeout: 30_000 })
        .then(() => form.getByTestId('form-message').textContent()),
    ]);
    return outcome;
  }

  async signOut(): Promise<void> {
    await this.page.getByRole('button', { name: 'Sign out' }).click();
    await this.page.waitForURL(/\/sign-in/, { timeout: 30_000 });
  }

  async addUser(
    email: string,
    role: 'viewer' | 'editor' | 'admin',
    password: string,
  ): Promise<string | null> {
    await this.page.goto(`${this.baseUrl}/settings/users`, { waitUntil: 'load' });
    const form = this.page.getByTestId('add-user-form');
    await form.getByLabel('Email').fill(email);
    await form.getByLabel('Role').selectOption(role);
    await form.getByLabel('Initial password').fill(password);
    await form.getByRole('button').click();
    await form.getByTestId('form-message').waitFor({ timeout: 30_000 });
    return form.getByTestId('form-message').textContent();
  }

  /** The session cookie the browser holds, as a Cookie header for plain HTTP requests. */
  async cookieHeader(): Promise<string> {
    const cookies = await this.page.context().cookies(this.baseUrl);
    return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  }
}
