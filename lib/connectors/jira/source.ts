import { z } from 'zod';
import type { Env } from '../../env';
import { InputError } from '../../errors';
import type {
  CensusEntry,
  FetchRequest,
  IngestSource,
  OpenSessionInput,
  SourcePage,
  SourceRecord,
  SourceSession,
} from '../../ingest/source';
import { type JiraAuth, JiraClient, type JiraDeployment, type SearchPage } from './client';
import { type JiraFieldDiscovery, mapJiraIssue } from './mapper';
import type { JiraIssue } from './schemas';

export const jiraScopeSchema = z.object({
  jql: z
    .string()
    .trim()
    .min(1, 'a JQL query is required')
    .refine((jql) => stripOrderBy(jql) !== '', 'needs a search restriction such as project = OPS'),
  deployment: z.enum(['cloud', 'datacenter']).optional(),
});
export type JiraScope = z.infer<typeof jiraScopeSchema>;

/** The user's JQL without its ORDER BY: the connector orders pages itself. */
export function stripOrderBy(jql: string): string {
  return jql.replace(/(^|\s)order\s+by\s[^"']*$/i, '').trim();
}

/** Cloud for Atlassian hosts; otherwise the credentials decide (a PAT alone means Data Center). */
export function resolveDeployment(baseUrl: string, scope: JiraScope, env: Env): JiraDeployment {
  if (scope.deployment) return scope.deployment;
  const host = new URL(baseUrl).hostname;
  if (host.endsWith('.atlassian.net') || host === 'api.atlassian.com') return 'cloud';
  const cloudCredentials = Boolean(env.JIRA_EMAIL && env.JIRA_API_TOKEN);
  return env.JIRA_PAT && !cloudCredentials ? 'datacenter' : 'cloud';
}

export function jiraAuthFromEnv(deployment: JiraDeployment, env: Env): JiraAuth {
  if (deployment === 'cloud') {
    if (!env.JIRA_EMAIL || !env.JIRA_API_TOKEN) {
      const missing = !env.JIRA_EMAIL ? 'JIRA_EMAIL' : 'JIRA_API_TOKEN';
      throw new InputError(
        `${missing} is not set: Jira Cloud needs JIRA_EMAIL and JIRA_API_TOKEN (Data Center: JIRA_PAT)`,
      );
    }
    return { kind: 'basic', email: env.JIRA_EMAIL, token: env.JIRA_API_TOKEN };
  }
  if (!env.JIRA_PAT)
    throw new InputError('JIRA_PAT is not set: Jira Data Center needs a personal access token');
  return { kind: 'bearer', token: env.JIRA_PAT };
}

/** JQL literal for "changed at or after `since`": relative minutes, so the user's profile zone never matters. */
export function incrementalJql(jql: string, since: Date | null, now: Date): string {
  const base = `(${stripOrderBy(jql)})`;
  const order = ' ORDER BY created ASC, key ASC';
  if (!since) return base + order;
  const minutes = Math.max(1, Math.ceil((now.getTime() - since.getTime()) / 60_000));
  return `${base} AND updated >= "-${minutes}m"${order}`;
}

export interface JiraSessionOptions {
  pageSize?: number;
  now?: () => Date;
  http?: ConstructorParameters<typeof JiraClient>[0]['http'];
}

/** A Jira session: one client, the JSM fields discovered once, figures for the Sync page. */
export class JiraSession implements SourceSession {
  readonly client: JiraClient;
  private discovery: JiraFieldDiscovery | null = null;
  private readonly coverage = {
    tickets: 0,
    noPriority: 0,
    noAssignee: 0,
    noRequestType: 0,
    sourceSlaCycles: 0,
  };
  private readonly now: () => Date;

  constructor(
    private readonly scope: JiraScope,
    private readonly auth: JiraAuth,
    baseUrl: string,
    deployment: JiraDeployment,
    fetchImpl: typeof fetch,
    options: JiraSessionOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.client = new JiraClient({
      baseUrl,
      deployment,
      auth,
      fetch: fetchImpl,
      pageSize: options.pageSize,
      http: options.http,
    });
  }

  secrets(): string[] {
    const { auth } = this;
    if (auth.kind === 'bearer') return [auth.token];
    return [auth.token, Buffer.from(`${auth.email}:${auth.token}`).toString('base64')];
  }

  retries(): number {
    return this.client.http.retries;
  }

  describe(): Record<string, unknown> {
    return {
      deployment: this.client.deployment,
      requests: this.client.http.requests,
      requestTypeField: this.discovery?.requestTypeField ?? null,
      slaFields: this.discovery?.slaFields ?? [],
      coverage: { ...this.coverage },
    };
  }

  private async prepare(signal: AbortSignal): Promise<JiraFieldDiscovery> {
    if (this.discovery) return this.discovery;
    await this.client.myself(signal);
    this.discovery = await this.client.discoverFields(signal);
    return this.discovery;
  }

  async estimate(request: FetchRequest): Promise<number | null> {
    await this.prepare(request.signal);
    return this.client.approximateCount(
      stripOrderBy(incrementalJql(this.scope.jql, request.since, this.now())),
      request.signal,
    );
  }

  async *fetchPages(request: FetchRequest): AsyncGenerator<SourcePage> {
    const discovery = await this.prepare(request.signal);
    const jql = incrementalJql(this.scope.jql, request.since, this.now());
    yield* this.pagesFor(jql, discovery, request.signal);
  }

  async *fetchByIds(externalIds: readonly string[], signal: AbortSignal): AsyncGenerator<SourcePage> {
    const discovery = await this.prepare(signal);
    const numeric = externalIds.filter((id) => /^\d+$/.test(id));
    for (let i = 0; i < numeric.length; i += 50) {
      const ids = numeric.slice(i, i + 50).join(', ');
      const jql = `(${stripOrderBy(this.scope.jql)}) AND id in (${ids}) ORDER BY created ASC, key ASC`;
      yield* this.pagesFor(jql, discovery, signal);
    }
  }

  async *census(signal: AbortSignal): AsyncGenerator<CensusEntry[]> {
    await this.prepare(signal);
    const jql = incrementalJql(this.scope.jql, null, this.now());
    for await (const page of this.client.searchKeys({ jql, signal })) {
      yield page.map((issue) => ({ externalId: issue.id, key: issue.key }));
    }
  }

  private async *pagesFor(jql: string, discovery: JiraFieldDiscovery, signal: AbortSignal) {
    const fields = this.client.searchFields(discovery);
    for await (const page of this.client.search({ jql, fields, changelog: true, signal })) {
      yield await this.completePage(page, discovery, signal);
    }
  }

  /** Fetch what the search page left out (long changelogs, many comments), then map each issue. */
  private async completePage(page: SearchPage, discovery: JiraFieldDiscovery, signal: AbortSignal) {
    const out: SourcePage = { records: [], rejected: [...page.invalid] };
    const completed = await Promise.all(
      page.issues.map(async (issue) => {
        const [histories, comments] = await Promise.all([
          this.client.fullChangelog(issue, signal),
          this.client.allComments(issue, signal),
        ]);
        return { issue, histories, comments };
      }),
    );
    for (const { issue, histories, comments } of completed) {
      if (histories === null || comments === null) continue; // deleted meanwhile; the census marks it
      const mapped = mapJiraIssue({ issue, histories, comments, discovery });
      if (!mapped.ok) {
        out.rejected.push({ externalId: issue.id, reason: mapped.reason });
        continue;
      }
      this.count(mapped.ticket, mapped.requestType, mapped.sourceSloCycles.length, discovery);
      const record: SourceRecord = {
        externalId: issue.id,
        raw: completeRaw(issue, histories, comments),
        ticket: mapped.ticket,
        sourceSloCycles: mapped.sourceSloCycles,
      };
      out.records.push(record);
    }
    return out;
  }

  private count(
    ticket: SourceRecord['ticket'],
    requestType: string | null,
    slaCycles: number,
    discovery: JiraFieldDiscovery,
  ) {
    this.coverage.tickets++;
    if (!ticket.priority) this.coverage.noPriority++;
    if (!ticket.assignee) this.coverage.noAssignee++;
    if (discovery.requestTypeField && !requestType) this.coverage.noRequestType++;
    this.coverage.sourceSlaCycles += slaCycles;
  }
}

/** The issue as stored: the embedded changelog and comments replaced by the complete ones. */
function completeRaw(
  issue: JiraIssue,
  histories: NonNullable<Awaited<ReturnType<JiraClient['fullChangelog']>>>,
  comments: NonNullable<Awaited<ReturnType<JiraClient['allComments']>>>,
): unknown {
  const newestFirst = [...histories].reverse();
  return {
    ...issue,
    changelog: {
      startAt: 0,
      maxResults: newestFirst.length,
      total: newestFirst.length,
      histories: newestFirst,
    },
    fields: {
      ...issue.fields,
      comment: { startAt: 0, maxResults: comments.length, total: comments.length, comments },
    },
  };
}

export const jiraSource: IngestSource<JiraScope> = {
  kind: 'jira',
  scopeSchema: jiraScopeSchema,
  describeScope: (scope, baseUrl) => `jira ${baseUrl ? new URL(baseUrl).host : ''} ${scope.jql}`.trim(),
  // Re-read 15 minutes before the last run's start: clock skew and search's eventual consistency.
  overlapMs: 15 * 60_000,
  censusIntervalMs: 24 * 3_600_000,
  open(input: OpenSessionInput<JiraScope>) {
    if (!input.baseUrl) throw new InputError('--base-url: a Jira site URL is required');
    const deployment = resolveDeployment(input.baseUrl, input.scope, input.env);
    const auth = jiraAuthFromEnv(deployment, input.env);
    return new JiraSession(input.scope, auth, input.baseUrl, deployment, input.fetch, { now: input.now });
  },
};
