// GitHub REST (and GitHub Enterprise at https://host/api/v3) over plain fetch (API-NOTES.md §3):
// issues with state=all and since, paged by following the Link header, timelines per issue,
// deployments, statuses and releases. Primary limits reset in epoch seconds; secondary limits use
// retry-after or at least a minute; a 403 that is neither is a permission error, not a retry.
import type { z } from 'zod';
import {
  ApiTransport,
  parseJson,
  type RawResponse,
  retryAfterMs,
  SourceApiError,
  type TransportOptions,
  type Verdict,
} from '../api-transport';
import {
  compareSchema,
  deploymentSchema,
  deploymentStatusSchema,
  errorBodySchema,
  type GithubCommit,
  type GithubDeployment,
  type GithubDeploymentStatus,
  type GithubIssue,
  type GithubRelease,
  type GithubTimelineItem,
  issueSchema,
  releaseSchema,
  singleCommitSchema,
  timelineItemSchema,
} from './schemas';

export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';
const SECONDARY_MIN_WAIT_MS = 60_000;

export interface GithubClientOptions extends Omit<TransportOptions, 'fetch'> {
  apiUrl: string;
  token: string | null;
  fetch: typeof fetch;
  /** Issues whose timelines are read at the same time. */
  concurrency?: number;
  perPage?: number;
}

export interface GithubRepo {
  owner: string;
  name: string;
}

export function parseRepo(value: string): GithubRepo | null {
  const match = /^([A-Za-z0-9_.-]+)\/([A-Za-z0-9_.-]+)$/.exec(value.trim());
  return match ? { owner: match[1] as string, name: match[2] as string } : null;
}

export interface IssueWithTimeline {
  issue: GithubIssue;
  timeline: GithubTimelineItem[];
}

export interface GithubIssuesPage {
  issues: IssueWithTimeline[];
  /** Pull requests dropped from this page (the issues endpoint mixes them in). */
  pullRequests: number;
  rejected: Array<{ externalId: string | null; reason: string }>;
}

export class GithubClient {
  readonly transport: ApiTransport;
  private readonly base: URL;
  private readonly headers: Record<string, string>;
  private readonly concurrency: number;
  private readonly perPage: number;
  private secondaryStreak = 0;

  constructor(options: GithubClientOptions) {
    this.transport = new ApiTransport(options);
    const base = options.apiUrl.endsWith('/') ? options.apiUrl : `${options.apiUrl}/`;
    this.base = new URL(base);
    this.headers = {
      accept: 'application/vnd.github+json',
      'x-github-api-version': '2022-11-28',
      'user-agent': 'toilscope',
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    };
    this.concurrency = Math.max(1, options.concurrency ?? 4);
    this.perPage = options.perPage ?? 100;
  }

  /** Issues (not pull requests) updated at or after `since`, oldest update first, with timelines. */
  async *issuePages(input: {
    repo: GithubRepo;
    since: Date | null;
    signal?: AbortSignal;
  }): AsyncIterable<GithubIssuesPage> {
    const query: Record<string, string> = {
      state: 'all',
      sort: 'updated',
      direction: 'asc',
      per_page: String(this.perPage),
    };
    if (input.since) query.since = input.since.toISOString().replace(/\.\d{3}Z$/, 'Z');
    for await (const items of this.pages(this.repoUrl(input.repo, 'issues', query), input.signal)) {
      const rejected: GithubIssuesPage['rejected'] = [];
      const issues: GithubIssue[] = [];
      let pullRequests = 0;
      for (const item of items) {
        if (typeof item === 'object' && item !== null && 'pull_request' in item) {
          pullRequests++;
          continue;
        }
        const parsed = issueSchema.safeParse(item);
        if (parsed.success) issues.push(parsed.data);
        else rejected.push({ externalId: idOf(item), reason: describeIssue('issue', item, parsed.error) });
      }
      const withTimelines: IssueWithTimeline[] = [];
      for (let i = 0; i < issues.length; i += this.concurrency) {
        const group = issues.slice(i, i + this.concurrency);
        withTimelines.push(
          ...(await Promise.all(
            group.map(async (issue) => ({
              issue,
              timeline: await this.timeline(input.repo, issue.number, input.signal),
            })),
          )),
        );
      }
      yield { issues: withTimelines, pullRequests, rejected };
    }
  }

  async timeline(repo: GithubRepo, number: number, signal?: AbortSignal): Promise<GithubTimelineItem[]> {
    const items: GithubTimelineItem[] = [];
    const url = this.repoUrl(repo, `issues/${number}/timeline`, { per_page: String(this.perPage) });
    for await (const page of this.pages(url, signal)) {
      for (const raw of page) {
        const parsed = timelineItemSchema.safeParse(raw);
        if (!parsed.success) throw malformed(`timeline of #${number}`, parsed.error);
        items.push(parsed.data);
      }
    }
    return items;
  }

  /** Ids and numbers of every issue in the repository (pull requests excluded). */
  async *census(input: {
    repo: GithubRepo;
    signal?: AbortSignal;
  }): AsyncIterable<Array<{ id: number; number: number }>> {
    const url = this.repoUrl(input.repo, 'issues', { state: 'all', per_page: String(this.perPage) });
    for await (const items of this.pages(url, input.signal)) {
      yield items.flatMap((item) => {
        if (typeof item !== 'object' || item === null || 'pull_request' in item) return [];
        const { id, number } = item as { id?: unknown; number?: unknown };
        return typeof id === 'number' && typeof number === 'number' ? [{ id, number }] : [];
      });
    }
  }

  async deployments(repo: GithubRepo, signal?: AbortSignal): Promise<GithubDeployment[]> {
    return this.all(
      this.repoUrl(repo, 'deployments', { per_page: String(this.perPage) }),
      deploymentSchema,
      'deployment',
      signal,
    );
  }

  async deploymentStatuses(
    repo: GithubRepo,
    id: number,
    signal?: AbortSignal,
  ): Promise<GithubDeploymentStatus[]> {
    const url = this.repoUrl(repo, `deployments/${id}/statuses`, { per_page: String(this.perPage) });
    return this.all(url, deploymentStatusSchema, 'deployment status', signal);
  }

  async releases(repo: GithubRepo, signal?: AbortSignal): Promise<GithubRelease[]> {
    return this.all(
      this.repoUrl(repo, 'releases', { per_page: String(this.perPage) }),
      releaseSchema,
      'release',
      signal,
    );
  }

  /** Commits in `head` since `base` (compare API; GitHub lists at most 250). */
  async commitsBetween(
    repo: GithubRepo,
    base: string,
    head: string,
    signal?: AbortSignal,
  ): Promise<GithubCommit[]> {
    const range = `${encodeURIComponent(base)}...${encodeURIComponent(head)}`;
    const body = await this.getJson(this.repoUrl(repo, `compare/${range}`, {}), signal);
    const parsed = compareSchema.safeParse(body);
    if (!parsed.success) throw malformed(`compare ${base}...${head}`, parsed.error);
    return parsed.data.commits;
  }

  async commit(repo: GithubRepo, ref: string, signal?: AbortSignal): Promise<GithubCommit> {
    const body = await this.getJson(this.repoUrl(repo, `commits/${encodeURIComponent(ref)}`, {}), signal);
    const parsed = singleCommitSchema.safeParse(body);
    if (!parsed.success) throw malformed(`commit ${ref}`, parsed.error);
    return parsed.data;
  }

  private async all<T extends z.ZodType>(
    url: URL,
    schema: T,
    what: string,
    signal?: AbortSignal,
  ): Promise<Array<z.infer<T>>> {
    const out: Array<z.infer<T>> = [];
    for await (const page of this.pages(url, signal)) {
      for (const item of page) {
        const parsed = schema.safeParse(item);
        if (!parsed.success) throw malformed(what, parsed.error);
        out.push(parsed.data);
      }
    }
    return out;
  }

  /** Follow `Link: rel="next"` from `first` to the end; never builds page URLs itself. */
  private async *pages(first: URL, signal?: AbortSignal): AsyncIterable<unknown[]> {
    let url: URL | null = first;
    while (url) {
      const response = await this.get(url, signal);
      const body = parseJson(response.text);
      if (!body.ok || !Array.isArray(body.value)) {
        throw new SourceApiError(`GitHub ${url.pathname}: expected a JSON array`, response.status);
      }
      yield body.value;
      url = this.nextLink(response.headers.get('link'));
    }
  }

  private async getJson(url: URL, signal?: AbortSignal): Promise<unknown> {
    const response = await this.get(url, signal);
    const body = parseJson(response.text);
    if (!body.ok) throw new SourceApiError(`GitHub ${url.pathname}: malformed JSON`, response.status);
    return body.value;
  }

  private async get(url: URL, signal?: AbortSignal): Promise<RawResponse> {
    const response = await this.transport.send(
      { url, method: 'GET', headers: this.headers, signal, what: `GitHub GET ${url.pathname}` },
      (r) => this.classify(r, url),
    );
    this.secondaryStreak = 0;
    return response;
  }

  private nextLink(header: string | null): URL | null {
    if (!header) return null;
    for (const part of header.split(',')) {
      const match = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
      if (!match || !(match[2] as string).split(/\s+/).includes('next')) continue;
      const next = new URL(match[1] as string, this.base);
      // The token must never follow a link to another host.
      if (next.origin !== this.base.origin) {
        throw new SourceApiError(`GitHub: refusing a pagination link to another host (${next.origin})`, null);
      }
      return next;
    }
    return null;
  }

  private repoUrl(repo: GithubRepo, path: string, query: Record<string, string>): URL {
    const url = new URL(
      `repos/${encodeURIComponent(repo.owner)}/${encodeURIComponent(repo.name)}/${path}`,
      this.base,
    );
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    return url;
  }

  private classify(response: RawResponse, url: URL): Verdict {
    const { status, headers } = response;
    const what = `GitHub GET ${url.pathname}`;
    if (status >= 200 && status < 300) {
      return parseJson(response.text).ok ? { kind: 'ok' } : { kind: 'transient', reason: 'malformed JSON' };
    }
    const parsedBody = parseJson(response.text);
    const body = parsedBody.ok ? errorBodySchema.safeParse(parsedBody.value) : null;
    const message = body?.success ? (body.data.message ?? '') : '';
    const now = this.transport.now();
    if (status === 403 || status === 429) {
      const remaining = headers.get('x-ratelimit-remaining');
      const reset = Number(headers.get('x-ratelimit-reset'));
      const retryAfter = retryAfterMs(headers, now);
      const secondary = /secondary rate limit/i.test(message);
      if (remaining === '0' && !secondary && Number.isFinite(reset) && reset > 0) {
        // Epoch seconds; one more second so the window has surely rolled over.
        return {
          kind: 'rate-limited',
          waitMs: Math.max(1000, reset * 1000 - now + 1000),
          reason: 'GitHub primary rate limit reached',
        };
      }
      if (secondary || retryAfter !== null || status === 429) {
        this.secondaryStreak++;
        const backoff = SECONDARY_MIN_WAIT_MS * 2 ** (this.secondaryStreak - 1);
        return {
          kind: 'rate-limited',
          waitMs: retryAfter ?? backoff,
          reason: 'GitHub secondary rate limit reached',
        };
      }
      return {
        kind: 'fail',
        error: new SourceApiError(
          `${what}: permission denied (HTTP 403${message ? `: ${message}` : ''}); the token in GITHUB_TOKEN needs read access to issues${url.pathname.includes('/deployments') ? ' and deployments' : ''} of this repository`,
          403,
        ),
      };
    }
    if (status === 401) {
      return {
        kind: 'fail',
        error: new SourceApiError(
          `${what}: GitHub rejected the token in GITHUB_TOKEN (${message || 'Bad credentials'})`,
          401,
        ),
      };
    }
    if (status === 404) {
      return {
        kind: 'fail',
        error: new SourceApiError(
          `${what}: not found; check --repo, and that the token can see the repository (GitHub answers 404 for private repositories it cannot read)`,
          404,
        ),
      };
    }
    if (status >= 500) return { kind: 'transient', reason: `HTTP ${status}` };
    return {
      kind: 'fail',
      error: new SourceApiError(`${what}: HTTP ${status}${message ? `: ${message}` : ''}`, status),
    };
  }
}

function idOf(item: unknown): string | null {
  const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
  return typeof id === 'number' || typeof id === 'string' ? String(id) : null;
}

function describeIssue(what: string, item: unknown, error: z.ZodError): string {
  const number =
    typeof item === 'object' && item !== null ? (item as { number?: unknown }).number : undefined;
  const first = error.issues[0];
  return `${what} #${String(number ?? '?')}: ${first?.path.join('.') || 'value'}: ${first?.message ?? 'invalid'}`;
}

function malformed(what: string, error: z.ZodError): SourceApiError {
  const first = error.issues[0];
  return new SourceApiError(
    `GitHub ${what}: unexpected response at ${first?.path.join('.') || 'value'}: ${first?.message ?? 'invalid'}`,
    null,
  );
}
