import type { z } from 'zod';
import { InputError } from '../../errors';
import { HttpClient, type HttpClientOptions, MalformedResponseError } from '../http';
import type { JiraFieldDiscovery } from './mapper';
import {
  approximateCountSchema,
  changelogPageSchema,
  commentPageSchema,
  embeddedChangelogSchema,
  errorCollectionSchema,
  fieldListSchema,
  issueKeysSchema,
  issueSchema,
  type JiraComment,
  type JiraHistory,
  type JiraIssue,
  searchJqlPageSchema,
  searchOffsetPageSchema,
} from './schemas';

export type JiraDeployment = 'cloud' | 'datacenter';

export type JiraAuth = { kind: 'basic'; email: string; token: string } | { kind: 'bearer'; token: string };

export interface JiraClientOptions {
  baseUrl: string;
  deployment: JiraDeployment;
  auth: JiraAuth;
  fetch: typeof fetch;
  pageSize?: number;
  http?: Partial<Omit<HttpClientOptions, 'baseUrl' | 'fetch' | 'headers' | 'errorFor'>>;
}

/** A non-retryable answer from Jira, with its own errorMessages (bad JQL, bad token, no access). */
export class JiraRequestError extends InputError {
  override name = 'JiraRequestError';
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export const REQUEST_TYPE_SCHEMA = 'com.atlassian.servicedesk:vp-origin';
export const SLA_SCHEMA = 'com.atlassian.servicedesk:sd-sla-field';

const BASE_FIELDS = [
  'summary',
  'description',
  'status',
  'issuetype',
  'priority',
  'labels',
  'components',
  'assignee',
  'reporter',
  'creator',
  'project',
  'created',
  'updated',
  'resolutiondate',
  'resolution',
  'comment',
];

function jiraMessages(body: string): string {
  try {
    const parsed = errorCollectionSchema.safeParse(JSON.parse(body));
    if (parsed.success) {
      const messages = [
        ...(parsed.data.errorMessages ?? []),
        ...Object.entries(parsed.data.errors ?? {}).map(([field, message]) => `${field}: ${String(message)}`),
      ];
      if (messages.length > 0) return messages.join('; ');
    }
  } catch {
    // Not JSON: some 401s arrive as plain text.
  }
  return body.trim().slice(0, 300);
}

export function jiraErrorFor(deployment: JiraDeployment) {
  return (status: number, body: string, what: string): Error => {
    const said = jiraMessages(body);
    const jira = said ? ` Jira says: ${said}` : '';
    if (status === 401) {
      const vars = deployment === 'cloud' ? 'JIRA_EMAIL and JIRA_API_TOKEN' : 'JIRA_PAT';
      const scoped =
        deployment === 'cloud'
          ? ' (a scoped API token works only through https://api.atlassian.com/ex/jira/<cloudId>)'
          : '';
      return new JiraRequestError(
        `${what}: Jira rejected the credentials (HTTP 401): check ${vars}${scoped}.${jira}`,
        status,
      );
    }
    if (status === 403) {
      return new JiraRequestError(
        `${what}: no permission (HTTP 403): the account cannot read this; grant it Browse projects.${jira}`,
        status,
      );
    }
    if (status === 400)
      return new JiraRequestError(`${what}: Jira refused the request (HTTP 400).${jira}`, status);
    if (status === 404) return new JiraRequestError(`${what}: not found (HTTP 404).${jira}`, status);
    if (status === 410)
      return new JiraRequestError(`${what}: this API was removed (HTTP 410).${jira}`, status);
    return new JiraRequestError(`${what}: HTTP ${status}.${jira}`, status);
  };
}

function parseOr<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new MalformedResponseError(
    `${what}: unexpected response shape at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
  );
}

export interface SearchPage {
  /** Issues that parsed, and the ones that did not (with the reason). */
  issues: JiraIssue[];
  invalid: Array<{ externalId: string | null; reason: string }>;
}

/** Talks to one Jira site. Cloud: REST v3 `search/jql`; Data Center: REST v2 `search` with startAt. */
export class JiraClient {
  readonly http: HttpClient;
  readonly deployment: JiraDeployment;
  private readonly api: string;
  private readonly pageSize: number;

  constructor(options: JiraClientOptions) {
    this.deployment = options.deployment;
    this.api = options.deployment === 'cloud' ? 'rest/api/3' : 'rest/api/2';
    this.pageSize = options.pageSize ?? 100;
    const authorization =
      options.auth.kind === 'basic'
        ? `Basic ${Buffer.from(`${options.auth.email}:${options.auth.token}`).toString('base64')}`
        : `Bearer ${options.auth.token}`;
    this.http = new HttpClient({
      ...options.http,
      baseUrl: options.baseUrl,
      fetch: options.fetch,
      headers: { authorization },
      errorFor: jiraErrorFor(options.deployment),
    });
  }

  /** Who we are: fails with a clear 401 instead of an anonymous search that silently sees nothing. */
  async myself(signal?: AbortSignal): Promise<void> {
    await this.http.json({ path: `${this.api}/myself`, signal });
  }

  async discoverFields(signal?: AbortSignal): Promise<JiraFieldDiscovery> {
    const body = await this.http.json({ path: `${this.api}/field`, signal });
    const fields = parseOr(fieldListSchema, body, `GET /${this.api}/field`);
    const requestType = fields.find((f) => f.schema?.custom === REQUEST_TYPE_SCHEMA);
    return {
      requestTypeField: requestType?.id ?? null,
      slaFields: fields
        .filter((f) => f.schema?.custom === SLA_SCHEMA)
        .map((f) => ({ id: f.id, name: f.name ?? f.id })),
    };
  }

  searchFields(discovery: JiraFieldDiscovery): string[] {
    return [
      ...BASE_FIELDS,
      ...(discovery.requestTypeField ? [discovery.requestTypeField] : []),
      ...discovery.slaFields.map((f) => f.id),
    ];
  }

  /** Pages of issues for a JQL with the given fields (and the changelog when asked). */
  async *search(input: {
    jql: string;
    fields: string[];
    changelog: boolean;
    pageSize?: number;
    signal?: AbortSignal;
  }): AsyncGenerator<SearchPage> {
    for await (const values of this.rawPages(input)) yield parseIssues(values);
  }

  /** Ids and keys of every issue a JQL matches (the census): key-only pages are large and cheap. */
  async *searchKeys(input: {
    jql: string;
    signal?: AbortSignal;
  }): AsyncGenerator<Array<{ id: string; key: string }>> {
    const pageSize = this.deployment === 'cloud' ? 5000 : 1000;
    for await (const values of this.rawPages({ ...input, fields: ['key'], changelog: false, pageSize })) {
      const parsed = parseOr(issueKeysSchema, values, 'issue ids and keys');
      yield parsed;
    }
  }

  private async *rawPages(input: {
    jql: string;
    fields: string[];
    changelog: boolean;
    pageSize?: number;
    signal?: AbortSignal;
  }): AsyncGenerator<unknown[]> {
    const maxResults = input.pageSize ?? this.pageSize;
    if (this.deployment === 'cloud') {
      let nextPageToken: string | undefined;
      const seenTokens = new Set<string>();
      for (;;) {
        const body = await this.http.json({
          method: 'POST',
          path: `${this.api}/search/jql`,
          body: {
            jql: input.jql,
            fields: input.fields,
            maxResults,
            ...(input.changelog ? { expand: 'changelog' } : {}),
            ...(nextPageToken ? { nextPageToken } : {}),
          },
          signal: input.signal,
        });
        const page = parseOr(searchJqlPageSchema, body, `POST /${this.api}/search/jql`);
        yield page.issues;
        // Done on isLast, or when the token is absent or null (JRACLOUD-92184).
        if (page.isLast === true || !page.nextPageToken) return;
        if (seenTokens.has(page.nextPageToken)) {
          throw new MalformedResponseError(
            `POST /${this.api}/search/jql: the same nextPageToken came back twice`,
          );
        }
        seenTokens.add(page.nextPageToken);
        nextPageToken = page.nextPageToken;
      }
    }
    let startAt = 0;
    for (;;) {
      const body = await this.http.json({
        path: `${this.api}/search`,
        query: {
          jql: input.jql,
          startAt,
          maxResults,
          fields: input.fields.join(','),
          ...(input.changelog ? { expand: 'changelog' } : {}),
        },
        signal: input.signal,
      });
      const page = parseOr(searchOffsetPageSchema, body, `GET /${this.api}/search`);
      yield page.issues;
      startAt = page.startAt + page.issues.length;
      if (page.issues.length === 0 || startAt >= page.total) return;
    }
  }

  async approximateCount(jql: string, signal?: AbortSignal): Promise<number | null> {
    if (this.deployment === 'cloud') {
      const body = await this.http.json({
        method: 'POST',
        path: `${this.api}/search/approximate-count`,
        body: { jql },
        signal,
      });
      const parsed = approximateCountSchema.safeParse(body);
      return parsed.success ? parsed.data.count : null;
    }
    const body = await this.http.json({
      path: `${this.api}/search`,
      query: { jql, maxResults: 0, fields: 'key' },
      signal,
    });
    const parsed = searchOffsetPageSchema.safeParse(body);
    return parsed.success ? parsed.data.total : null;
  }

  /**
   * The whole changelog, oldest first. The embedded one is used when complete; otherwise Cloud pages
   * `/issue/{id}/changelog` and Data Center re-reads the issue with `expand=changelog`.
   * Null when the issue vanished meanwhile (404): the census will mark it.
   */
  async fullChangelog(issue: JiraIssue, signal?: AbortSignal): Promise<JiraHistory[] | null> {
    const embedded = issue.changelog;
    const histories = embedded?.histories ?? [];
    if (embedded && (embedded.total ?? histories.length) <= histories.length) return sortHistories(histories);
    try {
      if (this.deployment === 'cloud') {
        const all: JiraHistory[] = [];
        let startAt = 0;
        for (;;) {
          const body = await this.http.json({
            path: `${this.api}/issue/${encodeURIComponent(issue.id)}/changelog`,
            query: { startAt, maxResults: 100 },
            signal,
          });
          const page = parseOr(changelogPageSchema, body, `GET /${this.api}/issue/${issue.key}/changelog`);
          all.push(...page.values);
          startAt = (page.startAt ?? startAt) + page.values.length;
          const total = page.total ?? null;
          if (page.values.length === 0 || page.isLast === true) break;
          if (page.isLast !== false && (total === null ? !page.nextPage : startAt >= total)) break;
        }
        return sortHistories(all);
      }
      const body = await this.http.json({
        path: `${this.api}/issue/${encodeURIComponent(issue.id)}`,
        query: { expand: 'changelog', fields: 'created' },
        signal,
      });
      const parsed = parseOr(
        issueSchema.pick({ id: true }).extend({ changelog: embeddedChangelogSchema }),
        body,
        `GET /${this.api}/issue/${issue.key}`,
      );
      return sortHistories(parsed.changelog.histories ?? []);
    } catch (error) {
      if (error instanceof JiraRequestError && error.status === 404) return null;
      throw error;
    }
  }

  /** Every comment, oldest first: the embedded page when complete, else `/issue/{id}/comment` pages. */
  async allComments(issue: JiraIssue, signal?: AbortSignal): Promise<JiraComment[] | null> {
    const embedded = issue.fields.comment;
    const comments = embedded?.comments ?? [];
    if (embedded?.comments && (embedded.total ?? comments.length) <= comments.length) return comments;
    try {
      const all: JiraComment[] = [];
      let startAt = 0;
      for (;;) {
        const body = await this.http.json({
          path: `${this.api}/issue/${encodeURIComponent(issue.id)}/comment`,
          query: { startAt, maxResults: 100, orderBy: 'created' },
          signal,
        });
        const page = parseOr(commentPageSchema, body, `GET /${this.api}/issue/${issue.key}/comment`);
        all.push(...page.comments);
        startAt = (page.startAt ?? startAt) + page.comments.length;
        if (page.comments.length === 0 || startAt >= (page.total ?? 0)) break;
      }
      return all;
    } catch (error) {
      if (error instanceof JiraRequestError && error.status === 404) return null;
      throw error;
    }
  }
}

/** Oldest first, one copy per history id (bulk pages may repeat a boundary history). */
function sortHistories(histories: readonly JiraHistory[]): JiraHistory[] {
  const byId = new Map(histories.map((h) => [h.id, h]));
  return [...byId.values()].sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id));
}

function parseIssues(values: readonly unknown[]): SearchPage {
  const page: SearchPage = { issues: [], invalid: [] };
  for (const [index, value] of values.entries()) {
    const parsed = issueSchema.safeParse(value);
    if (parsed.success) {
      page.issues.push(parsed.data);
      continue;
    }
    const raw = value as { id?: unknown; key?: unknown } | null;
    const issue = parsed.error.issues[0];
    const name = typeof raw?.key === 'string' ? raw.key : `issue #${index + 1} of the page`;
    page.invalid.push({
      externalId: raw && (typeof raw.id === 'string' || typeof raw.id === 'number') ? String(raw.id) : null,
      reason: `${name}: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}`,
    });
  }
  return page;
}
