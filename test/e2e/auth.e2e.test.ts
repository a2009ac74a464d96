import { readdirSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../support/cli';
import { AuthPages } from './pages/auth-pages';
import { SettingsPage } from './pages/settings-page';
import { openBrowserPage } from './support/browser';
import { type RunningServer, startServer } from './support/server';

type Role = 'viewer' | 'editor' | 'admin';
type Caller = 'anonymous' | Role;

const RANK: Record<Caller, number> = { anonymous: -1, viewer: 0, editor: 1, admin: 2 };
const PASSWORD = 'correct horse battery';

// Every page and its least role. The test fails when a page file is missing here, so a new page has to
// be classified before it ships.
const PAGE_ROLES: Record<string, Role | 'public'> = {
  '/': 'viewer',
  '/slo': 'viewer',
  '/flow': 'viewer',
  '/candidates': 'viewer',
  '/clusters': 'viewer',
  '/clusters/[id]': 'viewer',
  '/impact': 'viewer',
  '/sync': 'viewer',
  '/connections': 'admin',
  '/settings': 'editor',
  '/settings/calendars': 'editor',
  '/settings/slos': 'editor',
  '/settings/cost-model': 'editor',
  '/settings/users': 'admin',
  '/sign-in': 'public',
  '/setup': 'public',
};

/** Files named `name` under app/ (Node 20 has no fs.globSync). */
function filesNamed(name: string, dir = 'app'): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return filesNamed(name, path);
    return entry.name === name ? [path] : [];
  });
}

/** `app/(group)/a/[id]/page.tsx` → `/a/[id]`. */
function routeOf(file: string, suffix: string): string {
  const path = file
    .replace(/^app/, '')
    .replace(suffix, '')
    .split('/')
    .filter((part) => part && !/^\(.*\)$/.test(part))
    .join('/');
  return `/${path}`;
}

function concrete(route: string): string {
  return route.replace('[id]', 'no-such-cluster').replace('[name]', 'no-such-automation');
}

describe('sign-in and roles over HTTP (real server, TOILSCOPE_AUTH=on)', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let auth: AuthPages;
  const cookies: Partial<Record<Caller, string>> = { anonymous: '' };
  const pageErrors: string[] = [];

  async function get(path: string, caller: Caller): Promise<Response> {
    return fetch(`${server?.baseUrl}${path}`, {
      redirect: 'manual',
      headers: caller === 'anonymous' ? {} : { cookie: cookies[caller] ?? '' },
    });
  }

  beforeAll(async () => {
    await mkdir('test-results', { recursive: true });
    server = await startServer({ extraEnv: { TOILSCOPE_AUTH: 'on' } });
    ({ browser, page } = await openBrowserPage(pageErrors));
    auth = new AuthPages(page, server.baseUrl);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('first start prints a one-time setup link; it creates the admin once', async () => {
    const link = server?.output().match(/http:\/\/\S+\/setup\?token=[\w-]+/)?.[0];
    expect(link, server?.output()).toBeDefined();
    const local = (link ?? '').replace(/^http:\/\/[^/]+/, server?.baseUrl ?? '');
    // Signed out, every dashboard page sends the person to sign in.
    const before = await get('/', 'anonymous');
    expect(before.status).toBe(307);
    expect(before.headers.get('location')).toMatch(/\/sign-in/);

    await auth.setUpFirstAdmin(local, 'admin@acme.example', PASSWORD);
    cookies.admin = await auth.cookieHeader();
    expect(await page.getByTestId('session-user').textContent()).toContain('admin@acme.example');
    expect(await auth.addUser('editor@acme.example', 'editor', PASSWORD)).toMatch(
      /Added editor@acme\.example/,
    );
    expect(await auth.addUser('viewer@acme.example', 'viewer', PASSWORD)).toMatch(
      /Added viewer@acme\.example/,
    );
    expect(await auth.addUser('short@acme.example', 'viewer', 'short')).toMatch(/password: must be at least/);
    await page.screenshot({ path: 'test-results/users.png', fullPage: true });

    // The link is spent.
    await page.context().clearCookies();
    await page.goto(local, { waitUntil: 'load' });
    expect(await page.locator('h1').textContent()).toBe('This setup link does not work');
  });

  it('signs each role in; a wrong password is refused without saying which part was wrong', async () => {
    expect(await auth.signIn('viewer@acme.example', 'not the password')).toBe(
      'That email and password do not match an active account.',
    );
    expect(await auth.signIn('nobody@acme.example', PASSWORD)).toBe(
      'That email and password do not match an active account.',
    );
    for (const role of ['editor', 'viewer'] as const) {
      await page.context().clearCookies();
      expect(await auth.signIn(`${role}@acme.example`, PASSWORD)).toBeNull();
      cookies[role] = await auth.cookieHeader();
    }
    const cookie = (await page.context().cookies(server?.baseUrl)).find(
      (c) => c.name === 'toilscope_session',
    );
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
  });

  it('every page answers each role as its least role says (307 to sign-in signed out, 403 below it)', async () => {
    const files = filesNamed('page.tsx');
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) {
      const route = routeOf(file, '/page.tsx');
      const least = PAGE_ROLES[route];
      expect(least, `${file} has no entry in PAGE_ROLES`).toBeDefined();
      if (least === 'public' || least === undefined) continue;
      for (const caller of ['anonymous', 'viewer', 'editor', 'admin'] as const) {
        const response = await get(concrete(route), caller);
        const expected = caller === 'anonymous' ? 307 : RANK[caller] >= RANK[least] ? [200, 404] : 403;
        const label = `${caller} GET ${route} → ${response.status}`;
        if (Array.isArray(expected)) expect(expected, label).toContain(response.status);
        else expect(response.status, label).toBe(expected);
        await response.body?.cancel();
      }
    }
  });

  it('every API route: 401 signed out, data for a viewer; the runs feed takes only its bearer token', async () => {
    const files = filesNamed('route.ts');
    for (const file of files) {
      const route = routeOf(file, '/route.ts');
      if (route === '/api/health') {
        expect((await get(route, 'anonymous')).status).toBe(200);
        continue;
      }
      if (route.endsWith('/runs')) {
        // The demo's automation, so the token check is what answers.
        const url = `${server?.baseUrl}${route.replace('[name]', 'repo-vending')}`;
        const post = (headers: Record<string, string>) => fetch(url, { method: 'POST', headers, body: '[]' });
        // A session is no substitute for the automation's token.
        expect((await post({ cookie: cookies.admin ?? '' })).status).toBe(401);
        expect((await post({ authorization: 'Bearer wrong' })).status).toBe(401);
        continue;
      }
      const anonymous = await get(concrete(route), 'anonymous');
      expect(anonymous.status, `anonymous GET ${route}`).toBe(401);
      await anonymous.body?.cancel();
      for (const caller of ['viewer', 'editor', 'admin'] as const) {
        const response = await get(concrete(route), caller);
        expect([200, 404], `${caller} GET ${route} → ${response.status}`).toContain(response.status);
        await response.body?.cancel();
      }
    }
  });

  it('server actions: a viewer cannot save settings, and a missing, null or foreign Origin is refused', async () => {
    // Capture a real Save from the editor's browser, then replay it with other callers and origins.
    await page.context().clearCookies();
    await page.context().addCookies(
      (cookies.editor ?? '').split('; ').map((pair) => {
        const [name, value] = pair.split('=');
        return { name: name ?? '', value: value ?? '', url: server?.baseUrl ?? '' };
      }),
    );
    await page.goto(`${server?.baseUrl}/settings/cost-model`, { waitUntil: 'load' });
    const form = page.getByTestId('cost-model-form');
    await form.getByLabel(/Build cost/).fill('120');
    const [request] = await Promise.all([
      page.waitForRequest((r) => r.method() === 'POST' && r.headers()['next-action'] !== undefined),
      form.getByRole('button').click(),
    ]);
    await form.getByTestId('form-message').waitFor({ timeout: 30_000 });
    expect(await form.getByTestId('form-message').textContent()).toMatch(/Saved as settings version \d+/);
    const headers = request.headers();
    const body = new Uint8Array(request.postDataBuffer() ?? Buffer.alloc(0));
    const replay = async (caller: Caller, origin: string | null) => {
      const sent: Record<string, string> = {
        'next-action': headers['next-action'] ?? '',
        'content-type': headers['content-type'] ?? '',
        accept: 'text/x-component',
        cookie: caller === 'anonymous' ? '' : (cookies[caller] ?? ''),
      };
      if (origin !== null) sent.origin = origin;
      const response = await fetch(`${server?.baseUrl}/settings/cost-model`, {
        method: 'POST',
        headers: sent,
        body,
        redirect: 'manual',
      });
      return { status: response.status, text: await response.text() };
    };
    const own = server?.baseUrl ?? '';
    expect((await replay('viewer', own)).text).toContain(
      'forbidden: this needs the editor role (you are viewer)',
    );
    expect((await replay('anonymous', own)).text).toContain('sign in required');
    for (const origin of [null, 'null', 'https://evil.example']) {
      const refused = await replay('editor', origin);
      expect(refused.text, `Origin ${origin}`).not.toMatch(/Saved as settings version/);
    }
    expect((await replay('editor', own)).text).toMatch(/Saved as settings version/);
  });

  it('settings: unmapped statuses first; each save is validated, versioned and re-analysed', async () => {
    // A ticket in a status nothing knows, loaded by the CLI into the running server's database.
    const file = 'test-results/unmapped-status.ndjson';
    await writeFile(
      file,
      `${JSON.stringify({
        source: 'servicedesk',
        key: 'E2E-1',
        title: 'Vendor licence renewal',
        createdAt: '2026-11-02T14:00:00Z',
        status: 'Awaiting Vendor',
        events: [{ at: '2026-11-02T15:00:00Z', type: 'status', from: 'To Do', to: 'Awaiting Vendor' }],
      })}\n`,
    );
    process.env.TOILSCOPE_DATA_DIR = server?.dataDir;
    expect((await runCli(['import', file])).code).toBe(0);

    const settings = new SettingsPage(page, server?.baseUrl ?? '');
    await settings.open('');
    const first = settings.statusRows().first();
    expect(await first.textContent()).toMatch(/^Awaiting Vendor\s*unmapped/);
    expect(await settings.mapStatus('Awaiting Vendor', 'waiting')).toMatch(/Saved as settings version \d+/);
    const applied = await settings.waitForReanalysis();
    expect(applied).toMatch(/Settings version \d+ applied: \d+ tickets re-analysed/);
    expect(await page.getByTestId('unmapped').count()).toBe(0);
    await settings.screenshot('test-results/settings.png');

    await settings.open('calendars');
    expect(await settings.addCalendar('eu-support', 'Mars/Olympus', '2026-12-25')).toMatch(
      /calendars\.eu-support\.timeZone: must be an IANA time zone/,
    );
    expect(await settings.addCalendar('eu-support', 'Europe/Dublin', '2026-12-25\n2026-12-26')).toMatch(
      /Saved as settings version/,
    );
    await settings.open('calendars');
    await page.getByTestId('calendar-eu-support').waitFor();
    await settings.screenshot('test-results/settings-calendars.png');

    await settings.open('slos');
    const policy = {
      name: 'e2e-vendor',
      start: ['created'],
      stop: ['done'],
      calendar: 'eu-support',
      goals: [{ hours: 0 }],
    };
    expect(await settings.addPolicy(policy)).toMatch(/slos\[\d+\]\.goals\[0\]\.hours: must be > 0/);
    expect(await settings.addPolicy({ ...policy, goals: [{ hours: 24 }] })).toMatch(
      /Saved as settings version/,
    );
    expect(await settings.waitForReanalysis()).toMatch(/applied/);
    await settings.open('slos');
    await settings.screenshot('test-results/settings-slos.png');
    const slo = (await (
      await fetch(`${server?.baseUrl}/api/v1/slo`, { headers: { cookie: cookies.editor ?? '' } })
    ).json()) as { name: string; calendar: string; cycles: number }[];
    expect(slo.find((p) => p.name === 'e2e-vendor')).toMatchObject({ calendar: 'eu-support' });
    expect(slo.find((p) => p.name === 'e2e-vendor')?.cycles).toBeGreaterThan(0);
  });

  it('signing out ends the session on the server, not just in the browser', async () => {
    const viewerCookie = cookies.viewer ?? '';
    await page.context().clearCookies();
    await auth.signIn('viewer@acme.example', PASSWORD);
    const fresh = await auth.cookieHeader();
    await page.goto(`${server?.baseUrl}/`, { waitUntil: 'load' });
    await auth.signOut();
    expect((await fetch(`${server?.baseUrl}/api/v1/slo`, { headers: { cookie: fresh } })).status).toBe(401);
    // The earlier viewer session is separate and still valid.
    expect((await fetch(`${server?.baseUrl}/api/v1/slo`, { headers: { cookie: viewerCookie } })).status).toBe(
      200,
    );
    expect(pageErrors).toEqual([]);
  });
});
