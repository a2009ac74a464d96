import { afterEach, describe, expect, it } from 'vitest';
import {
  generateLinearIssues,
  linearExampleIssues,
  WORKSPACE_LABELS,
} from '../../../test/fakes/linear/dataset';
import { type LinearFake, startLinearFake } from '../../../test/fakes/linear/server';
import { LinearClient } from './client';
import { mapLinearIssue } from './mapper';

const KEY = 'lin_api_fake0123456789';
let fake: LinearFake | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function client(overrides: Partial<ConstructorParameters<typeof LinearClient>[0]> = {}) {
  const waits: number[] = [];
  const c = new LinearClient({
    apiUrl: (fake as LinearFake).apiUrl,
    apiKey: KEY,
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

async function collect(c: LinearClient, since: Date | null = null, team: string | null = null) {
  const issues = [];
  for await (const page of c.issuePages({ since, team })) issues.push(...page.issues);
  return issues;
}

describe('LinearClient against the fake', () => {
  it('sends the personal key without Bearer and pages issues and overflowing nested connections', async () => {
    const data = generateLinearIssues({ count: 12, longEvery: 5 });
    fake = await startLinearFake({ issues: data.issues, workspaceLabels: WORKSPACE_LABELS });
    const { c } = client({ issuesPerPage: 5, nestedPerPage: 10 });
    const issues = await collect(c);
    expect(issues.map((i) => i.identifier).sort()).toEqual(data.issues.map((i) => i.identifier).sort());
    expect(fake.requests.every((r) => r.headers.authorization === KEY)).toBe(true);
    // Issues 5 and 10 overflow: their history and comments were paged to the end.
    const long = issues.find((i) => i.identifier === 'OPS-10');
    expect(long?.history.nodes).toHaveLength(data.issues[9]?.history.length as number);
    expect(long?.comments?.nodes).toHaveLength(47);
    const ops = fake.operations();
    expect(ops.filter((o) => o === 'SyncIssues')).toHaveLength(3);
    expect(ops.filter((o) => o === 'IssueHistoryPage').length).toBeGreaterThan(0);
    // Never one request per issue: only the two long issues needed extra pages.
    expect(ops.length).toBeLessThan(3 + 2 * 2 * 2);
    const labels = await c.labels();
    const mapped = mapLinearIssue(long as NonNullable<typeof long>, { labelNames: labels });
    expect(mapped.events).toHaveLength(data.expected.get('OPS-10')?.events as number);
  });

  it('filters by updatedAt and team, and includes archived issues', async () => {
    const data = generateLinearIssues({ count: 10 });
    fake = await startLinearFake({ issues: data.issues });
    const { c } = client();
    const all = await collect(c);
    expect(all).toHaveLength(10);
    expect(all.filter((i) => i.archivedAt)).toHaveLength(2);
    const since = new Date(data.issues[7]?.updatedAt as string);
    const recent = await collect(c, since);
    expect(recent.every((i) => Date.parse(i.updatedAt) >= since.getTime())).toBe(true);
    expect(recent.length).toBeLessThan(10);
    expect(await collect(c, null, 'NOPE')).toHaveLength(0);
    const body = JSON.parse(fake.requests.at(-1)?.body ?? '{}');
    expect(body.variables.filter).toEqual({ team: { key: { eq: 'NOPE' } } });
    expect(body.query).toContain('includeArchived: true');
  });

  it('waits for the epoch-millisecond reset when RATELIMITED arrives as HTTP 400', async () => {
    fake = await startLinearFake({ issues: linearExampleIssues(), rateLimitResetMs: 4000 });
    fake.fail('ratelimited', { times: 2 });
    const { c, waits } = client();
    expect(await collect(c)).toHaveLength(2);
    expect(waits).toHaveLength(2);
    for (const w of waits) {
      expect(w).toBeGreaterThan(3000);
      expect(w).toBeLessThanOrEqual(4000);
    }
    expect(c.transport.retries).toBe(2);
  });

  it('treats HTTP 429 as a rate limit too', async () => {
    fake = await startLinearFake({ issues: linearExampleIssues() });
    fake.fail('ratelimited-429');
    const { c, waits } = client();
    expect(await collect(c)).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  it('fails clearly when the reset is further away than the run waits', async () => {
    fake = await startLinearFake({ issues: linearExampleIssues(), rateLimitResetMs: 3_600_000 });
    fake.fail('ratelimited');
    const { c } = client({ maxRateLimitWaitMs: 60_000 });
    await expect(collect(c)).rejects.toThrow(/rate limited by Linear; the limit resets in 3600 s/);
  });

  it.each(['server-error', 'malformed', 'reset'] as const)('retries %s with capped backoff', async (kind) => {
    fake = await startLinearFake({ issues: linearExampleIssues() });
    fake.fail(kind, { times: 2 });
    const { c, waits } = client();
    expect(await collect(c)).toHaveLength(2);
    // Full jitter: half of base·2^(n-1) with random() = 0.5.
    expect(waits).toEqual([250, 500]);
  });

  it('gives up on persistent 5xx after the retry cap', async () => {
    fake = await startLinearFake({ issues: linearExampleIssues() });
    fake.fail('server-error', { times: 100 });
    const { c, waits } = client({ maxRetries: 3 });
    await expect(collect(c)).rejects.toThrow('Linear SyncIssues: HTTP 503 after 4 attempts');
    expect(waits).toHaveLength(3);
  });

  it.each([400, 401] as const)(
    'names LINEAR_API_KEY on an authentication error (HTTP %i), never the key',
    async (status) => {
      fake = await startLinearFake({ issues: linearExampleIssues(), authStatus: status });
      const { c } = client({ apiKey: 'lin_api_wrongkey999' });
      const error = await collect(c).catch((e: Error) => e);
      expect(String(error)).toMatch(/Linear rejected the API key \(LINEAR_API_KEY\)/);
      expect(String(error)).not.toContain('wrongkey');
      expect(fake.requests).toHaveLength(1);
    },
  );

  it('does not retry a permission error', async () => {
    fake = await startLinearFake({ issues: linearExampleIssues() });
    fake.fail('forbidden');
    const { c } = client();
    await expect(collect(c)).rejects.toThrow(/lacks permission/);
    expect(fake.requests).toHaveLength(1);
  });

  it('halves the page when Linear says the query is too complex', async () => {
    const data = generateLinearIssues({ count: 6 });
    fake = await startLinearFake({ issues: data.issues, maxComplexity: 150 });
    const { c } = client({ issuesPerPage: 8, nestedPerPage: 10 });
    expect(await collect(c)).toHaveLength(6);
    const firsts = fake.requests.map((r) => JSON.parse(r.body).variables.first);
    expect(firsts.slice(0, 3)).toEqual([8, 4, 2]);
  });

  it('times out a hung request and retries it', async () => {
    fake = await startLinearFake({ issues: linearExampleIssues(), slowMs: 1500 });
    fake.fail('slow');
    const { c, waits } = client({ timeoutMs: 300 });
    expect(await collect(c)).toHaveLength(2);
    expect(waits).toHaveLength(1);
  });

  it('lists ids for the census', async () => {
    const data = generateLinearIssues({ count: 7 });
    fake = await startLinearFake({ issues: data.issues });
    const { c } = client();
    const ids = [];
    for await (const page of c.census({ team: 'OPS' })) ids.push(...page);
    expect(ids.map((i) => i.identifier).sort()).toEqual(data.issues.map((i) => i.identifier).sort());
  });
});
