import { afterEach, describe, expect, it } from 'vitest';
import { generateGithubRepo, githubExampleRepo } from '../../../test/fakes/github/dataset';
import { type GithubFake, startGithubFake } from '../../../test/fakes/github/server';
import { GithubClient, parseRepo } from './client';

const TOKEN = 'ghp_fake0123456789';
let fake: GithubFake | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function client(overrides: Partial<ConstructorParameters<typeof GithubClient>[0]> = {}) {
  const waits: number[] = [];
  const c = new GithubClient({
    apiUrl: (fake as GithubFake).apiUrl,
    token: TOKEN,
    fetch: globalThis.fetch,
    sleep: async (ms) => {
      waits.push(ms);
    },
    random: () => 0.5,
    timeoutMs: 2000,
    ...overrides,
  });
  return { c, waits };
}

async function collect(c: GithubClient, repo = 'acme/widgets', since: Date | null = null) {
  const out = { issues: [] as number[], pullRequests: 0, timelines: new Map<number, number>() };
  for await (const page of c.issuePages({ repo: parseRepo(repo) ?? { owner: '', name: '' }, since })) {
    out.pullRequests += page.pullRequests;
    for (const { issue, timeline } of page.issues) {
      out.issues.push(issue.number);
      out.timelines.set(issue.number, timeline.length);
    }
  }
  return out;
}

describe('GithubClient against the fake', () => {
  it('reads every issue with state=all, drops pull requests, follows Link headers and pages timelines', async () => {
    const data = generateGithubRepo({ count: 23, prEvery: 7 });
    fake = await startGithubFake({ repo: data.repo });
    const { c } = client({ perPage: 5 });
    const got = await collect(c, 'acme/ops');
    expect(got.issues.sort((a, b) => a - b)).toEqual([...data.expected.keys()].sort((a, b) => a - b));
    expect(got.pullRequests).toBe(3);
    for (const [n, length] of got.timelines) expect(length).toBe(data.repo.timelines.get(n)?.length);
    const first = fake.requests[0]?.url;
    expect(Object.fromEntries(first?.searchParams ?? [])).toEqual({
      state: 'all',
      sort: 'updated',
      direction: 'asc',
      per_page: '5',
    });
    // Later pages came from the Link header's /repositories/{id}/ URLs.
    expect(fake.requests.some((r) => r.url.pathname === '/repositories/987654321/issues')).toBe(true);
    expect(fake.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(fake.requests[0]?.headers['x-github-api-version']).toBe('2022-11-28');
  });

  it('passes since (updated at or after) for incremental runs', async () => {
    const data = generateGithubRepo({ count: 10 });
    fake = await startGithubFake({ repo: data.repo });
    const { c } = client();
    const cut = new Date(data.repo.issues[6]?.updated_at as string);
    const got = await collect(c, 'acme/ops', cut);
    const changed = data.repo.issues.filter((i) => Date.parse(i.updated_at as string) >= cut.getTime());
    expect(changed.length).toBeLessThan(10);
    expect(got.issues.sort((a, b) => a - b)).toEqual(
      changed.map((i) => i.number as number).sort((a, b) => a - b),
    );
    expect(fake.requests[0]?.url.searchParams.get('since')).toBe(cut.toISOString().replace('.000Z', 'Z'));
  });

  it('works under a GitHub Enterprise prefix (/api/v3)', async () => {
    fake = await startGithubFake({ repo: githubExampleRepo(), prefix: '/api/v3' });
    const { c } = client();
    const got = await collect(c);
    expect(got.issues.sort()).toEqual([41, 42]);
    expect(fake.requests.every((r) => r.url.pathname.startsWith('/api/v3/'))).toBe(true);
  });

  it.each(['primary', 'primary-429'] as const)(
    'waits for the epoch-second reset on a %s limit',
    async (kind) => {
      fake = await startGithubFake({ repo: githubExampleRepo(), resetInSeconds: 30 });
      fake.fail(kind);
      const { c, waits } = client();
      expect((await collect(c)).issues).toHaveLength(2);
      expect(waits).toHaveLength(1);
      expect(waits[0]).toBeGreaterThan(29_000);
      expect(waits[0]).toBeLessThanOrEqual(32_000);
    },
  );

  it('honours retry-after on a secondary limit, and waits at least a minute, doubling, without it', async () => {
    fake = await startGithubFake({ repo: githubExampleRepo(), retryAfterSeconds: 7 });
    fake.fail('secondary');
    fake.fail('secondary-no-retry-after', { times: 2 });
    const { c, waits } = client();
    expect((await collect(c)).issues).toHaveLength(2);
    // Consecutive secondary limits back off exponentially from the one-minute floor.
    expect(waits).toEqual([7000, 120_000, 240_000]);
  });

  it('reports a 403 that is not a rate limit as a permission error, without retrying', async () => {
    fake = await startGithubFake({ repo: githubExampleRepo() });
    fake.fail('forbidden');
    const { c, waits } = client();
    const error = await collect(c).catch((e: Error) => e);
    expect(String(error)).toMatch(
      /permission denied \(HTTP 403: Resource not accessible by personal access token\); the token in GITHUB_TOKEN needs read access/,
    );
    expect(String(error)).not.toContain(TOKEN);
    expect(waits).toHaveLength(0);
    expect(fake.requests).toHaveLength(1);
  });

  it('names GITHUB_TOKEN on bad credentials and --repo on a 404', async () => {
    fake = await startGithubFake({ repo: githubExampleRepo() });
    await expect(collect(client({ token: 'ghp_wrong' }).c)).rejects.toThrow(
      /GitHub rejected the token in GITHUB_TOKEN \(Bad credentials\)/,
    );
    await expect(collect(client().c, 'acme/nope')).rejects.toThrow(/not found; check --repo/);
  });

  it.each(['server-error', 'malformed', 'reset'] as const)(
    'retries %s with jittered backoff',
    async (kind) => {
      fake = await startGithubFake({ repo: githubExampleRepo() });
      fake.fail(kind, { times: 2 });
      const { c, waits } = client();
      expect((await collect(c)).issues).toHaveLength(2);
      expect(waits).toEqual([250, 500]);
    },
  );

  it('refuses a pagination link to another host', async () => {
    fake = await startGithubFake({ repo: githubExampleRepo() });
    const hostile = async (input: string | URL | Request, init?: RequestInit) => {
      const response = await fetch(input, init);
      const headers = new Headers(response.headers);
      headers.set('link', '<https://evil.example/steal?page=2>; rel="next"');
      return new Response(await response.text(), { status: response.status, headers });
    };
    const { c } = client({ fetch: hostile as typeof fetch });
    await expect(collect(c)).rejects.toThrow(/refusing a pagination link to another host/);
  });

  it('reads deployments, statuses, releases and commit ranges', async () => {
    fake = await startGithubFake({ repo: githubExampleRepo() });
    const { c } = client();
    const repo = { owner: 'acme', name: 'widgets' };
    const deployments = await c.deployments(repo);
    expect(deployments.map((d) => d.id)).toEqual([1700000002, 1700000001]);
    const statuses = await c.deploymentStatuses(repo, 1700000002);
    expect(statuses.map((s) => s.state)).toEqual(['success', 'in_progress', 'queued']);
    expect((await c.releases(repo)).map((r) => r.tag_name)).toEqual(['v1.4.2']);
    const commits = await c.commitsBetween(
      repo,
      '1111111111111111111111111111111111111111',
      '9fceb02d0ae598e95dc970b74767f19372d61af8',
    );
    expect(commits.map((x) => x.commit.committer?.date)).toEqual(['2024-01-16T09:55:00Z']);
  });
});
