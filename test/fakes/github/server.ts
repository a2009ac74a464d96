// A fake GitHub REST API (optionally under a GitHub Enterprise prefix such as /api/v3) speaking the
// wire shapes in shared/api/examples: state=open by default, pull requests mixed into /issues, `since`
// against updated_at, Link headers with /repositories/{id}/ URLs, heterogeneous timelines, primary
// (remaining 0, epoch-second reset) and secondary (retry-after) limits as 403 or 429.
import {
  type FakeReply,
  type FakeRequest,
  FaultQueue,
  type RunningFake,
  startFakeServer,
} from '../fake-http';

export type GithubFault =
  | 'primary'
  | 'primary-429'
  | 'secondary'
  | 'secondary-no-retry-after'
  | 'forbidden'
  | 'server-error'
  | 'malformed'
  | 'reset'
  | 'slow';

export type Json = Record<string, unknown>;

export interface GithubFakeRepo {
  id: number;
  owner: string;
  name: string;
  /** Issue and pull-request objects as /issues returns them. */
  issues: Json[];
  timelines: Map<number, Json[]>;
  deployments: Json[];
  statuses: Map<number, Json[]>;
  releases: Json[];
  /** Linear commit history, oldest first: compare and commit lookups read it. */
  commits: Array<{ sha: string; date: string }>;
}

export interface GithubFakeOptions {
  token?: string;
  repo: GithubFakeRepo;
  /** GitHub Enterprise serves the API under /api/v3. */
  prefix?: string;
  /** Seconds until a primary-limit reset (epoch seconds in the header). */
  resetInSeconds?: number;
  retryAfterSeconds?: number;
  /** How long a `slow` fault holds its answer. */
  slowMs?: number;
}

export interface GithubFake extends RunningFake {
  apiUrl: string;
  repo: GithubFakeRepo;
  /** Fail the next `times` requests matching `path`, after letting `after` of them through. */
  fail(kind: GithubFault, options?: { times?: number; path?: RegExp; after?: number }): void;
}

export async function startGithubFake(options: GithubFakeOptions): Promise<GithubFake> {
  const token = options.token ?? 'ghp_fake0123456789';
  const prefix = options.prefix ?? '';
  const faults = new FaultQueue<GithubFault>();
  const repo = options.repo;
  let origin = '';
  let used = 0;

  const rateHeaders = (remaining?: number): Record<string, string> => ({
    'x-ratelimit-limit': '5000',
    'x-ratelimit-remaining': String(remaining ?? Math.max(0, 5000 - used)),
    'x-ratelimit-used': String(used),
    'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
    'x-ratelimit-resource': 'core',
    'x-github-api-version-selected': '2022-11-28',
  });

  const handle = (request: FakeRequest): FakeReply => {
    const auth = request.headers.authorization;
    if (auth !== `Bearer ${token}` && auth !== `token ${token}`) {
      return {
        status: 401,
        body: {
          message: 'Bad credentials',
          documentation_url: 'https://docs.github.com/rest',
          status: '401',
        },
      };
    }
    used++;
    const fault = faults.take(request);
    const reset = Math.floor(Date.now() / 1000) + (options.resetInSeconds ?? 2);
    switch (fault) {
      case 'primary':
      case 'primary-429':
        return {
          status: fault === 'primary' ? 403 : 429,
          headers: { ...rateHeaders(0), 'x-ratelimit-used': '5000', 'x-ratelimit-reset': String(reset) },
          body: {
            message:
              'API rate limit exceeded for user ID 5101. If you reach out to GitHub Support for help, please include the request ID 0C5E:3B1F:1A2B3C:1D2E3F:65A6B7C8.',
            documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
            status: fault === 'primary' ? '403' : '429',
          },
        };
      case 'secondary':
      case 'secondary-no-retry-after':
        return {
          status: 403,
          headers: {
            ...rateHeaders(4321),
            ...(fault === 'secondary' ? { 'retry-after': String(options.retryAfterSeconds ?? 1) } : {}),
          },
          body: {
            message:
              'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
            documentation_url:
              'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
            status: '403',
          },
        };
      case 'forbidden':
        return {
          status: 403,
          headers: rateHeaders(),
          body: {
            message: 'Resource not accessible by personal access token',
            documentation_url: 'https://docs.github.com/rest',
            status: '403',
          },
        };
      case 'server-error':
        return { status: 502, body: { message: 'Server Error' } };
      case 'malformed':
        return {
          status: 200,
          headers: rateHeaders(),
          body: [{ id: 1, number: 1, title: 'cut' }],
          truncate: true,
        };
      case 'reset':
        return { status: 200, body: '', destroy: true };
      case 'slow':
        return { status: 502, body: { message: 'Server Error' }, delayMs: options.slowMs ?? 5000 };
      default:
        break;
    }
    const path = request.url.pathname.startsWith(prefix) ? request.url.pathname.slice(prefix.length) : null;
    const route = path ? matchRoute(path, repo) : null;
    if (!route) {
      return {
        status: 404,
        headers: rateHeaders(),
        body: { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' },
      };
    }
    const q = request.url.searchParams;
    const perPage = Math.min(100, Number(q.get('per_page') ?? 30));
    const page = Math.max(1, Number(q.get('page') ?? 1));
    const paged = (all: Json[], linkPath: string): FakeReply => {
      const items = all.slice((page - 1) * perPage, page * perPage);
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const link = (n: number) => {
        const params = new URLSearchParams(q);
        params.set('page', String(n));
        return `${origin}${prefix}${linkPath}?${params.toString()}`;
      };
      const rels: string[] = [];
      if (page < last) rels.push(`<${link(page + 1)}>; rel="next"`, `<${link(last)}>; rel="last"`);
      if (page > 1) rels.push(`<${link(page - 1)}>; rel="prev"`, `<${link(1)}>; rel="first"`);
      return {
        status: 200,
        headers: { ...rateHeaders(), ...(rels.length ? { link: rels.join(', ') } : {}) },
        body: items,
      };
    };
    switch (route.kind) {
      case 'issues': {
        const state = q.get('state') ?? 'open';
        const since = q.get('since') ? Date.parse(q.get('since') as string) : null;
        const sort = q.get('sort') ?? 'created';
        const asc = (q.get('direction') ?? 'desc') === 'asc';
        const key = sort === 'updated' ? 'updated_at' : 'created_at';
        const all = repo.issues
          .filter((i) => state === 'all' || i.state === state)
          .filter((i) => since === null || Date.parse(i.updated_at as string) >= since)
          .sort((a, b) => {
            const d =
              String(a[key]).localeCompare(String(b[key])) || (a.number as number) - (b.number as number);
            return asc ? d : -d;
          });
        return paged(all, `/repositories/${repo.id}/issues`);
      }
      case 'timeline':
        return paged(
          repo.timelines.get(route.number) ?? [],
          `/repositories/${repo.id}/issues/${route.number}/timeline`,
        );
      case 'deployments':
        return paged(
          [...repo.deployments].sort((a, b) => String(b.created_at).localeCompare(String(a.created_at))),
          `/repositories/${repo.id}/deployments`,
        );
      case 'statuses':
        return paged(
          [...(repo.statuses.get(route.id) ?? [])].sort((a, b) =>
            String(b.created_at).localeCompare(String(a.created_at)),
          ),
          `/repositories/${repo.id}/deployments/${route.id}/statuses`,
        );
      case 'releases':
        return paged(repo.releases, `/repositories/${repo.id}/releases`);
      case 'compare': {
        const shas = repo.commits.map((c) => c.sha);
        const base = shas.indexOf(route.base);
        const head = shas.indexOf(route.head);
        if (base < 0 || head < 0)
          return { status: 404, headers: rateHeaders(), body: { message: 'Not Found', status: '404' } };
        const commits = repo.commits.slice(base + 1, head + 1).map(commitJson);
        return {
          status: 200,
          headers: rateHeaders(),
          body: { status: 'ahead', ahead_by: commits.length, total_commits: commits.length, commits },
        };
      }
      case 'commit': {
        const commit = repo.commits.find((c) => c.sha === route.ref);
        if (!commit)
          return {
            status: 404,
            headers: rateHeaders(),
            body: { message: 'No commit found for SHA', status: '404' },
          };
        return { status: 200, headers: rateHeaders(), body: commitJson(commit) };
      }
    }
  };

  const running = await startFakeServer(handle);
  origin = running.url;
  return {
    ...running,
    apiUrl: `${running.url}${prefix}`,
    repo,
    fail(kind, { times = 1, path, after = 0 } = {}) {
      let seen = 0;
      faults.add({
        kind,
        times,
        when: (r) => {
          if (path && !path.test(r.url.pathname)) return false;
          seen++;
          return seen > after;
        },
      });
    },
  };
}

type Route =
  | { kind: 'issues' }
  | { kind: 'timeline'; number: number }
  | { kind: 'deployments' }
  | { kind: 'statuses'; id: number }
  | { kind: 'releases' }
  | { kind: 'compare'; base: string; head: string }
  | { kind: 'commit'; ref: string };

function matchRoute(path: string, repo: GithubFakeRepo): Route | null {
  const byName = `/repos/${repo.owner}/${repo.name}`;
  const byId = `/repositories/${repo.id}`;
  const rest = path.startsWith(`${byName}/`)
    ? path.slice(byName.length)
    : path.startsWith(`${byId}/`)
      ? path.slice(byId.length)
      : null;
  if (rest === null) return null;
  if (rest === '/issues') return { kind: 'issues' };
  if (rest === '/deployments') return { kind: 'deployments' };
  if (rest === '/releases') return { kind: 'releases' };
  const timeline = /^\/issues\/(\d+)\/timeline$/.exec(rest);
  if (timeline) return { kind: 'timeline', number: Number(timeline[1]) };
  const statuses = /^\/deployments\/(\d+)\/statuses$/.exec(rest);
  if (statuses) return { kind: 'statuses', id: Number(statuses[1]) };
  const compare = /^\/compare\/([^/]+)\.\.\.([^/]+)$/.exec(rest);
  if (compare) {
    return {
      kind: 'compare',
      base: decodeURIComponent(compare[1] as string),
      head: decodeURIComponent(compare[2] as string),
    };
  }
  const commit = /^\/commits\/([^/]+)$/.exec(rest);
  if (commit) return { kind: 'commit', ref: decodeURIComponent(commit[1] as string) };
  return null;
}

function commitJson(c: { sha: string; date: string }) {
  return {
    sha: c.sha,
    commit: {
      author: { name: 'Dev', date: c.date },
      committer: { name: 'GitHub', date: c.date },
      message: `change ${c.sha.slice(0, 7)}`,
    },
  };
}
