import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { HttpClient, rateLimitWaitMs, scrubSecrets } from '../http';
import { JiraClient, JiraRequestError } from './client';
import { incrementalJql, stripOrderBy } from './source';

// The client against scripted answers built from recorded bodies: paging, errors, retries.
const body = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

type Answer = { status?: number; body?: string; headers?: Record<string, string> } | Error;

function scripted(answers: Answer[]) {
  const requests: Array<{ method: string; url: string; body: unknown; headers: Record<string, string> }> = [];
  const fetchImpl = (async (input: URL | RequestInfo, init?: RequestInit) => {
    requests.push({
      method: init?.method ?? 'GET',
      url: String(input),
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
      headers: (init?.headers ?? {}) as Record<string, string>,
    });
    const answer = answers.shift();
    if (!answer) throw new Error(`no scripted answer for ${String(input)}`);
    if (answer instanceof Error) throw answer;
    return new Response(answer.body ?? '', { status: answer.status ?? 200, headers: answer.headers });
  }) as typeof fetch;
  return { fetchImpl, requests };
}

const waits: number[] = [];
const noSleep = async (ms: number) => {
  waits.push(ms);
};

function cloud(answers: Answer[], deployment: 'cloud' | 'datacenter' = 'cloud') {
  const { fetchImpl, requests } = scripted(answers);
  const client = new JiraClient({
    baseUrl: 'https://acme-support.atlassian.net',
    deployment,
    auth:
      deployment === 'cloud'
        ? { kind: 'basic', email: 'a@b.c', token: 'T0KEN' }
        : { kind: 'bearer', token: 'PAT1' },
    fetch: fetchImpl,
    http: { sleep: noSleep, random: () => 0.5, maxRetries: 3, now: () => Date.parse('2026-01-01T01:00:00Z') },
  });
  return { client, requests };
}

describe('search/jql paging (Cloud)', () => {
  test('follows nextPageToken until isLast, POSTing explicit fields and expand=changelog', async () => {
    const { client, requests } = cloud([
      { body: body('jira-search-jql-page1.json') },
      { body: body('jira-search-jql-page2.json') },
    ]);
    const keys: string[] = [];
    for await (const page of client.search({
      jql: 'project = SUP',
      fields: ['summary', 'status'],
      changelog: true,
    })) {
      keys.push(...page.issues.map((i) => i.key));
    }
    expect(keys).toEqual(['SUP-101', 'SUP-102']);
    expect(requests.map((r) => [r.method, new URL(r.url).pathname])).toEqual([
      ['POST', '/rest/api/3/search/jql'],
      ['POST', '/rest/api/3/search/jql'],
    ]);
    expect(requests[0]?.body).toEqual({
      jql: 'project = SUP',
      fields: ['summary', 'status'],
      maxResults: 100,
      expand: 'changelog',
    });
    expect((requests[1]?.body as { nextPageToken?: string } | undefined)?.nextPageToken).toMatch(/^ChkjU3Ry/);
    expect(requests[0]?.headers.authorization).toBe(`Basic ${Buffer.from('a@b.c:T0KEN').toString('base64')}`);
  });

  test('an id-only page (no fields requested) is rejected per issue, not silently mapped', async () => {
    const { client } = cloud([{ body: body('jira-search-jql-default-ids-only.json') }]);
    const pages = [];
    for await (const page of client.search({ jql: 'project = SUP', fields: [], changelog: false }))
      pages.push(page);
    expect(pages[0]?.issues).toEqual([]);
    expect(pages[0]?.invalid.map((i) => i.externalId)).toEqual(['10101', '10102']);
  });
});

describe('Data Center paging', () => {
  test('startAt advances by the issues returned until total, with a Bearer PAT', async () => {
    const page = (startAt: number, ids: number[], total: number) =>
      JSON.stringify({
        startAt,
        maxResults: 2,
        total,
        issues: ids.map((id) => ({
          id: String(id),
          key: `OPS-${id}`,
          fields: {
            status: { name: 'Open', statusCategory: { key: 'new' } },
            created: '2024-01-15T09:30:00.000+0000',
          },
        })),
      });
    const { client, requests } = cloud(
      [{ body: page(0, [1, 2], 3) }, { body: page(2, [3], 3) }],
      'datacenter',
    );
    const keys: string[] = [];
    for await (const p of client.search({
      jql: 'project = OPS',
      fields: ['status'],
      changelog: true,
      pageSize: 2,
    })) {
      keys.push(...p.issues.map((i) => i.key));
    }
    expect(keys).toEqual(['OPS-1', 'OPS-2', 'OPS-3']);
    expect(requests.map((r) => new URL(r.url).searchParams.get('startAt'))).toEqual(['0', '2']);
    expect(new URL(requests[0]?.url ?? '').pathname).toBe('/rest/api/2/search');
    expect(requests[0]?.headers.authorization).toBe('Bearer PAT1');
  });
});

describe('truncated changelogs', () => {
  test('a changelog with total > histories is completed from /issue/{id}/changelog pages', async () => {
    const page1 = JSON.parse(body('jira-changelog-SUP-101-paged-p1.json'));
    const full = JSON.parse(body('jira-changelog-SUP-101.json'));
    const page2 = { ...full, startAt: 2, maxResults: 2, isLast: true, values: full.values.slice(2) };
    const { client, requests } = cloud([{ body: JSON.stringify(page1) }, { body: JSON.stringify(page2) }]);
    const issue = {
      id: '10101',
      key: 'SUP-101',
      changelog: { startAt: 0, maxResults: 1, total: 4, histories: [full.values[3]] },
      fields: { status: { name: 'Resolved' }, created: '2024-01-15T09:30:00.000+0000' },
    };
    const histories = await client.fullChangelog(issue as never);
    expect(histories?.map((h) => h.id)).toEqual(['20001', '20002', '20003', '20004']);
    expect(requests.map((r) => new URL(r.url).search)).toEqual([
      '?startAt=0&maxResults=100',
      '?startAt=2&maxResults=100',
    ]);
  });

  test('an issue deleted meanwhile (404) yields null so the census can mark it', async () => {
    const { client } = cloud([{ status: 404, body: body('jira-error-404-issue.json') }]);
    const issue = { id: '10999', key: 'SUP-999', changelog: { total: 5, histories: [] }, fields: {} };
    expect(await client.fullChangelog(issue as never)).toBeNull();
  });
});

describe('errors are clear and not retried', () => {
  test.each([
    [
      401,
      'jira-error-401.json',
      /HTTP 401\): check JIRA_EMAIL and JIRA_API_TOKEN.*Client must be authenticated/,
    ],
    [400, 'jira-error-400-bad-jql-value.json', /HTTP 400\)\. Jira says: The value 'NOPE' does not exist/],
    [400, 'jira-error-400-unbounded-jql.json', /Unbounded JQL queries are not allowed/],
    [
      410,
      'jira-error-410-legacy-search.json',
      /removed \(HTTP 410\).*migrate to the \/rest\/api\/3\/search\/jql/,
    ],
  ])('HTTP %i (%s)', async (status, file, message) => {
    const { client, requests } = cloud([{ status, body: body(file) }]);
    const run = async () => {
      for await (const _ of client.search({ jql: 'project = NOPE', fields: ['status'], changelog: false })) {
        // drain
      }
    };
    await expect(run()).rejects.toThrow(message);
    await expect(run()).rejects.toBeInstanceOf(Error);
    expect(requests.length).toBe(2); // one per attempt above: never retried
  });

  test('a plain-text 401 still names the variables, and the token never appears', async () => {
    const { client } = cloud([
      { status: 401, body: 'Client must be authenticated to access this resource.' },
    ]);
    const error = await client.myself().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JiraRequestError);
    expect(String(error)).toMatch(/GET \/rest\/api\/3\/myself: Jira rejected the credentials/);
    expect(String(error)).not.toContain('T0KEN');
  });

  test('403 says no permission', async () => {
    const { client } = cloud([{ status: 403, body: '{"errorMessages":["Forbidden"],"errors":{}}' }]);
    await expect(client.myself()).rejects.toThrow(/no permission \(HTTP 403\).*Forbidden/);
  });
});

describe('retries', () => {
  test('429 waits Retry-After seconds, then X-RateLimit-Reset (ISO); 5xx backs off with jitter', async () => {
    waits.length = 0;
    const { client } = cloud([
      { status: 429, headers: { 'Retry-After': '2' } },
      { status: 429, headers: { 'X-RateLimit-Reset': '2026-01-01T01:00:05Z' } },
      { status: 502, body: 'bad gateway' },
      { body: '{"accountId":"me"}' },
    ]);
    await client.myself();
    // random() = 0.5 of min(cap, 500 ms · 2^attempt): the third attempt's ceiling is 2 s.
    expect(waits).toEqual([2000, 5000, 1000]);
    expect(client.http.retries).toBe(3);
  });

  test('network errors back off and give up after the retry budget', async () => {
    waits.length = 0;
    const failed = () =>
      new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED 127.0.0.1:9') });
    const { client } = cloud([failed(), failed(), failed(), failed()]);
    await expect(client.myself()).rejects.toThrow(
      /GET \/rest\/api\/3\/myself: network error after 4 attempts \(connect ECONNREFUSED/,
    );
    expect(waits).toEqual([250, 500, 1000]);
  });

  test('a malformed 200 body is retried, then reported with the endpoint', async () => {
    const { client } = cloud([
      { body: '{"issues": [' },
      { body: '{"issues": [' },
      { body: '{"issues": [' },
      { body: '{"issues": [' },
    ]);
    await expect(client.myself()).rejects.toThrow(/GET \/rest\/api\/3\/myself: malformed JSON/);
  });

  test('a rate-limit wait beyond the cap fails instead of hanging', async () => {
    const { fetchImpl } = scripted([{ status: 429, headers: { 'Retry-After': '7200' } }]);
    const http = new HttpClient({
      baseUrl: 'https://x.example',
      fetch: fetchImpl,
      headers: {},
      sleep: noSleep,
    });
    await expect(http.json({ path: 'a' })).rejects.toThrow(/rate limited for 7200 s/);
  });

  test('every request carries a timeout', async () => {
    const hanging = ((_: unknown, init?: RequestInit) =>
      new Promise((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      })) as typeof fetch;
    const http = new HttpClient({
      baseUrl: 'https://x.example',
      fetch: hanging,
      headers: {},
      timeoutMs: 30,
      maxRetries: 1,
      sleep: noSleep,
    });
    await expect(http.json({ path: 'slow' })).rejects.toThrow(/GET \/slow: timed out after 2 attempts/);
  });

  test('concurrency is bounded', async () => {
    let active = 0;
    let peak = 0;
    const slow = (async () => {
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      return new Response('{}');
    }) as typeof fetch;
    const http = new HttpClient({ baseUrl: 'https://x.example', fetch: slow, headers: {}, concurrency: 3 });
    await Promise.all(Array.from({ length: 12 }, (_, i) => http.json({ path: `p${i}` })));
    expect(peak).toBe(3);
  });
});

describe('helpers', () => {
  test('rateLimitWaitMs reads seconds, HTTP dates and ISO resets', () => {
    const now = Date.parse('2026-01-01T01:01:00Z');
    expect(rateLimitWaitMs(new Headers({ 'retry-after': '1' }), now)).toBe(1000);
    expect(rateLimitWaitMs(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 01:01:03 GMT' }), now)).toBe(3000);
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-reset': '2026-01-01T01:01:01Z' }), now)).toBe(1000);
    expect(rateLimitWaitMs(new Headers({ 'x-ratelimit-reset': '1767229261' }), now)).toBeNull();
    expect(rateLimitWaitMs(new Headers(), now)).toBeNull();
  });

  test('scrubSecrets masks raw and URL-encoded forms', () => {
    expect(scrubSecrets('a tok/en+1 b tok%2Fen%2B1', ['tok/en+1'])).toBe('a [redacted] b [redacted]');
  });

  test('JQL: the user ORDER BY is replaced, increments use relative minutes', () => {
    expect(stripOrderBy('project = OPS ORDER BY updated DESC')).toBe('project = OPS');
    expect(stripOrderBy('summary ~ "order by x"')).toBe('summary ~ "order by x"');
    const now = new Date('2024-03-02T12:00:00Z');
    expect(incrementalJql('project = OPS', new Date('2024-03-02T10:29:30Z'), now)).toBe(
      '(project = OPS) AND updated >= "-91m" ORDER BY created ASC, key ASC',
    );
    expect(incrementalJql('project = OPS order by key', null, now)).toBe(
      '(project = OPS) ORDER BY created ASC, key ASC',
    );
  });
});
