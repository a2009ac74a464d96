// Linear GraphQL over plain fetch (API-NOTES.md §2). One query per page of issues fetches history,
// comments and labels with bounded `first`; a nested connection is paged on its own only when it
// overflows, so requests stay O(pages), never one per lazy relation.
import {
  ApiTransport,
  parseJson,
  type RawResponse,
  retryAfterMs,
  SourceApiError,
  sleepFor,
  type TransportOptions,
  type Verdict,
} from '../api-transport';
import {
  censusPageSchema,
  commentConnectionSchema,
  type GraphqlError,
  graphqlEnvelopeSchema,
  historyConnectionSchema,
  issueLabelsPageSchema,
  issueNestedPageSchema,
  issueSchema,
  issuesPageSchema,
  type LinearIssue,
  labelConnectionSchema,
} from './schemas';

export const DEFAULT_LINEAR_API_URL = 'https://api.linear.app/graphql';

export interface LinearClientOptions extends Omit<TransportOptions, 'fetch'> {
  apiUrl: string;
  apiKey: string;
  fetch: typeof fetch;
  /** Issues per page; halved automatically when Linear answers "query too complex". */
  issuesPerPage?: number;
  /** `first` for history, comments and labels inside the issues query (and their overflow pages). */
  nestedPerPage?: number;
}

/** The query exceeded Linear's per-request complexity: retry with a smaller page. */
export class LinearComplexityError extends SourceApiError {
  override name = 'LinearComplexityError';
}

const PERSON = 'id name displayName app';
const STATE = 'id name type';
const HISTORY_FIELDS = `id createdAt actor { ${PERSON} } botActor { id name type }
        fromState { ${STATE} } toState { ${STATE} }
        fromAssignee { ${PERSON} } toAssignee { ${PERSON} }
        fromPriority toPriority addedLabelIds removedLabelIds`;
const COMMENT_FIELDS = `id createdAt user { ${PERSON} } botActor { id name type } externalUser { id name }`;
const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

export const SYNC_ISSUES_QUERY = `query SyncIssues($first: Int!, $after: String, $filter: IssueFilter, $nested: Int!) {
  issues(first: $first, after: $after, orderBy: updatedAt, includeArchived: true, filter: $filter) {
    ${PAGE_INFO}
    nodes {
      id identifier number title description url
      createdAt updatedAt archivedAt startedTriageAt triagedAt startedAt completedAt canceledAt
      priority priorityLabel
      state { ${STATE} }
      team { id key name }
      assignee { ${PERSON} }
      creator { ${PERSON} }
      labels(first: $nested, includeArchived: true) { ${PAGE_INFO} nodes { id name } }
      history(first: $nested) { ${PAGE_INFO} nodes { ${HISTORY_FIELDS} } }
      comments(first: $nested) { ${PAGE_INFO} nodes { ${COMMENT_FIELDS} } }
    }
  }
}`;

const NESTED_OPERATIONS = {
  history: 'IssueHistoryPage',
  comments: 'IssueCommentsPage',
  labels: 'IssueLabelsPage',
} as const;

const NESTED_QUERIES = {
  history: `query IssueHistoryPage($id: String!, $first: Int!, $after: String) {
  issue(id: $id) { history(first: $first, after: $after) { ${PAGE_INFO} nodes { ${HISTORY_FIELDS} } } }
}`,
  comments: `query IssueCommentsPage($id: String!, $first: Int!, $after: String) {
  issue(id: $id) { comments(first: $first, after: $after) { ${PAGE_INFO} nodes { ${COMMENT_FIELDS} } } }
}`,
  labels: `query IssueLabelsPage($id: String!, $first: Int!, $after: String) {
  issue(id: $id) { labels(first: $first, after: $after, includeArchived: true) { ${PAGE_INFO} nodes { id name } } }
}`,
} as const;

export const CENSUS_QUERY = `query IssueCensus($first: Int!, $after: String, $filter: IssueFilter) {
  issues(first: $first, after: $after, includeArchived: true, filter: $filter) { ${PAGE_INFO} nodes { id identifier } }
}`;

export const LABELS_QUERY = `query WorkspaceLabels($first: Int!, $after: String) {
  issueLabels(first: $first, after: $after, includeArchived: true) { ${PAGE_INFO} nodes { id name } }
}`;

export interface IssuesPage {
  issues: LinearIssue[];
  /** Nodes that did not match the expected shape: the id when readable, and why. */
  rejected: Array<{ externalId: string | null; reason: string }>;
}

export class LinearClient {
  readonly transport: ApiTransport;
  private readonly url: URL;
  private readonly headers: Record<string, string>;
  private issuesPerPage: number;
  private readonly nestedPerPage: number;
  private budget: { remaining: number; resetAt: number; lastCost: number } | null = null;
  private labelNames: Map<string, string> | null = null;

  constructor(private readonly options: LinearClientOptions) {
    this.transport = new ApiTransport(options);
    this.url = new URL(options.apiUrl);
    // Personal keys go bare; `Bearer` is only for OAuth access tokens (API-NOTES.md §2.1).
    const authorization = options.apiKey.startsWith('lin_oauth_')
      ? `Bearer ${options.apiKey}`
      : options.apiKey;
    this.headers = {
      authorization,
      'content-type': 'application/json',
      accept: 'application/json',
    };
    this.issuesPerPage = options.issuesPerPage ?? 25;
    this.nestedPerPage = options.nestedPerPage ?? 25;
  }

  /** One GraphQL operation; returns `data` or throws a SourceApiError that names the operation. */
  async request(
    operationName: string,
    query: string,
    variables: Record<string, unknown>,
    signal?: AbortSignal,
  ): Promise<unknown> {
    await this.respectComplexityBudget(signal);
    const response = await this.transport.send(
      {
        url: this.url,
        method: 'POST',
        headers: this.headers,
        body: JSON.stringify({ query, variables, operationName }),
        signal,
        what: `Linear ${operationName}`,
      },
      (r) => this.classify(r, operationName),
    );
    this.recordBudget(response.headers);
    const parsed = parseJson(response.text);
    const envelope = graphqlEnvelopeSchema.parse(parsed.ok ? parsed.value : {});
    return envelope.data;
  }

  /** Pages of issues changed at or after `since` (all when null), archived ones included. */
  async *issuePages(input: {
    since: Date | null;
    team: string | null;
    signal?: AbortSignal;
  }): AsyncIterable<IssuesPage> {
    const filter = issueFilter(input.since, input.team);
    let after: string | null = null;
    for (;;) {
      let data: unknown;
      try {
        data = await this.request(
          'SyncIssues',
          SYNC_ISSUES_QUERY,
          { first: this.issuesPerPage, after, filter, nested: this.nestedPerPage },
          input.signal,
        );
      } catch (error) {
        if (error instanceof LinearComplexityError && this.issuesPerPage > 1) {
          this.issuesPerPage = Math.max(1, Math.floor(this.issuesPerPage / 2));
          continue;
        }
        throw error;
      }
      const page = issuesPageSchema.safeParse(data);
      if (!page.success) throw malformed('SyncIssues', page.error.issues[0]);
      const issues: LinearIssue[] = [];
      const rejected: IssuesPage['rejected'] = [];
      for (const node of page.data.issues.nodes) {
        const issue = issueSchema.safeParse(node);
        if (!issue.success) {
          const first = issue.error.issues[0];
          rejected.push({
            externalId: idOf(node),
            reason: `issue ${identifierOf(node) ?? '?'}: ${first?.path.join('.') || 'value'}: ${first?.message ?? 'invalid'}`,
          });
          continue;
        }
        issues.push(await this.completeIssue(issue.data, input.signal));
      }
      yield { issues, rejected };
      const { hasNextPage, endCursor } = page.data.issues.pageInfo;
      if (!hasNextPage || !endCursor) return;
      after = endCursor;
    }
  }

  /** Page any nested connection that overflowed the first request, so history is complete. */
  async completeIssue(issue: LinearIssue, signal?: AbortSignal): Promise<LinearIssue> {
    let complete = issue;
    if (issue.history.pageInfo.hasNextPage) {
      complete = { ...complete, history: await this.restOf('history', issue.id, issue.history, signal) };
    }
    if (issue.comments?.pageInfo.hasNextPage) {
      complete = { ...complete, comments: await this.restOf('comments', issue.id, issue.comments, signal) };
    }
    if (issue.labels.pageInfo.hasNextPage) {
      complete = { ...complete, labels: await this.restOf('labels', issue.id, issue.labels, signal) };
    }
    return complete;
  }

  private async restOf<K extends keyof typeof NESTED_QUERIES>(
    kind: K,
    issueId: string,
    first: NonNullable<LinearIssue[K]>,
    signal?: AbortSignal,
  ): Promise<NonNullable<LinearIssue[K]>> {
    const schema = {
      history: historyConnectionSchema,
      comments: commentConnectionSchema,
      labels: labelConnectionSchema,
    }[kind];
    const nodes: unknown[] = [...first.nodes];
    let cursor = first.pageInfo.endCursor;
    let pageInfo = first.pageInfo;
    while (pageInfo.hasNextPage && cursor) {
      const operation = NESTED_OPERATIONS[kind];
      const data = await this.request(
        operation,
        NESTED_QUERIES[kind],
        { id: issueId, first: Math.max(this.nestedPerPage, 100), after: cursor },
        signal,
      );
      const parsed = issueNestedPageSchema.safeParse(data);
      if (!parsed.success) throw malformed(operation, parsed.error.issues[0]);
      const connection = parsed.data.issue?.[kind];
      if (!connection)
        throw new SourceApiError(
          `Linear ${operation}: issue ${issueId} vanished while paging its ${kind}`,
          null,
        );
      nodes.push(...connection.nodes);
      pageInfo = connection.pageInfo;
      cursor = connection.pageInfo.endCursor;
    }
    const merged = schema.safeParse({ pageInfo: { hasNextPage: false, endCursor: cursor }, nodes });
    if (!merged.success) throw malformed(`issue ${issueId} ${kind}`, merged.error.issues[0]);
    return merged.data as NonNullable<LinearIssue[K]>;
  }

  /** Ids and identifiers of every issue in scope (archived included), for deletions and moves. */
  async *census(input: {
    team: string | null;
    signal?: AbortSignal;
  }): AsyncIterable<Array<{ id: string; identifier: string }>> {
    const filter = issueFilter(null, input.team);
    let after: string | null = null;
    for (;;) {
      const data = await this.request(
        'IssueCensus',
        CENSUS_QUERY,
        { first: 250, after, filter },
        input.signal,
      );
      const page = censusPageSchema.safeParse(data);
      if (!page.success) throw malformed('IssueCensus', page.error.issues[0]);
      yield page.data.issues.nodes.map((n) => ({ id: n.id, identifier: n.identifier }));
      if (!page.data.issues.pageInfo.hasNextPage || !page.data.issues.pageInfo.endCursor) return;
      after = page.data.issues.pageInfo.endCursor;
    }
  }

  /** Label names by id across the workspace (history rows carry label ids only); read once. */
  async labels(signal?: AbortSignal): Promise<Map<string, string>> {
    if (this.labelNames) return this.labelNames;
    const names = new Map<string, string>();
    let after: string | null = null;
    for (;;) {
      const data = await this.request('WorkspaceLabels', LABELS_QUERY, { first: 250, after }, signal);
      const page = issueLabelsPageSchema.safeParse(data);
      if (!page.success) throw malformed('WorkspaceLabels', page.error.issues[0]);
      for (const label of page.data.issueLabels.nodes) names.set(label.id, label.name);
      if (!page.data.issueLabels.pageInfo.hasNextPage || !page.data.issueLabels.pageInfo.endCursor) break;
      after = page.data.issueLabels.pageInfo.endCursor;
    }
    this.labelNames = names;
    return names;
  }

  private classify(response: RawResponse, operation: string): Verdict {
    const what = `Linear ${operation}`;
    const parsed = parseJson(response.text);
    const envelope = parsed.ok ? graphqlEnvelopeSchema.safeParse(parsed.value) : null;
    const errors = envelope?.success ? (envelope.data.errors ?? []) : [];
    if (errors.some(isRateLimited) || response.status === 429) {
      return {
        kind: 'rate-limited',
        waitMs: this.rateLimitWait(response.headers),
        reason: 'rate limited by Linear',
      };
    }
    if (response.status >= 500) return { kind: 'transient', reason: `HTTP ${response.status}` };
    const auth = errors.find(
      (e) => e.extensions?.code === 'AUTHENTICATION_ERROR' || e.extensions?.type === 'authentication error',
    );
    if (response.status === 401 || auth) {
      return {
        kind: 'fail',
        error: new SourceApiError(
          `${what}: Linear rejected the API key (LINEAR_API_KEY): ${auth?.message ?? 'authentication required'}`,
          response.status,
        ),
      };
    }
    if (response.status === 403 || errors.some((e) => e.extensions?.code === 'FORBIDDEN')) {
      return {
        kind: 'fail',
        error: new SourceApiError(
          `${what}: the API key lacks permission: ${errors[0]?.message ?? 'HTTP 403'}`,
          403,
        ),
      };
    }
    if (!parsed.ok || !envelope?.success) {
      // A cut or garbled 200 is worth another try; a non-JSON 4xx is not.
      if (response.status === 200)
        return {
          kind: 'transient',
          reason: `malformed response (${parsed.ok ? 'not a GraphQL envelope' : parsed.error})`,
        };
      return { kind: 'fail', error: new SourceApiError(`${what}: HTTP ${response.status}`, response.status) };
    }
    if (errors.length > 0) {
      const message = describeErrors(errors);
      const error = /complex/i.test(message)
        ? new LinearComplexityError(`${what}: ${message}`, response.status)
        : new SourceApiError(`${what}: ${message}`, response.status);
      return { kind: 'fail', error };
    }
    if (response.status !== 200)
      return { kind: 'fail', error: new SourceApiError(`${what}: HTTP ${response.status}`, response.status) };
    if (envelope.data.data === undefined || envelope.data.data === null) {
      return { kind: 'transient', reason: 'response without data' };
    }
    return { kind: 'ok' };
  }

  /** Linear's reset headers are epoch milliseconds; the exhausted bucket decides the wait. */
  private rateLimitWait(headers: Headers): number {
    const now = this.transport.now();
    const waits: number[] = [];
    const retryAfter = retryAfterMs(headers, now);
    if (retryAfter !== null) waits.push(retryAfter);
    for (const bucket of ['Requests', 'Complexity', 'Endpoint-Requests']) {
      const remaining = headers.get(`x-ratelimit-${bucket}-remaining`);
      const reset = epochMs(headers.get(`x-ratelimit-${bucket}-reset`));
      if (reset !== null && (remaining === null || Number(remaining) <= 0)) waits.push(reset - now);
    }
    const longest = Math.max(0, ...waits);
    // Nothing usable in the headers: wait a minute rather than hammer a limited key.
    return waits.length === 0 ? 60_000 : Math.max(1000, longest);
  }

  private recordBudget(headers: Headers): void {
    const remaining = Number(headers.get('x-ratelimit-complexity-remaining'));
    const resetAt = epochMs(headers.get('x-ratelimit-complexity-reset'));
    const cost = Number(headers.get('x-complexity'));
    if (Number.isFinite(remaining) && headers.has('x-ratelimit-complexity-remaining') && resetAt !== null) {
      this.budget = { remaining, resetAt, lastCost: Number.isFinite(cost) ? cost : 0 };
    }
  }

  /** Wait for the complexity bucket to refill before a query it could not pay for. */
  private async respectComplexityBudget(signal?: AbortSignal): Promise<void> {
    const budget = this.budget;
    if (!budget || budget.remaining >= budget.lastCost) return;
    const wait = budget.resetAt - this.transport.now();
    this.budget = null;
    if (wait <= 0) return;
    if (wait > (this.options.maxRateLimitWaitMs ?? 15 * 60_000)) {
      throw new SourceApiError(
        `Linear: complexity budget exhausted; it resets in ${Math.ceil(wait / 1000)} s, longer than this run waits`,
        null,
      );
    }
    await (this.options.sleep ?? sleepFor)(wait, signal);
  }
}

function issueFilter(since: Date | null, team: string | null): Record<string, unknown> | null {
  const filter: Record<string, unknown> = {};
  if (since) filter.updatedAt = { gte: since.toISOString() };
  if (team) filter.team = { key: { eq: team } };
  return Object.keys(filter).length > 0 ? filter : null;
}

function isRateLimited(error: GraphqlError): boolean {
  return error.extensions?.code === 'RATELIMITED' || error.extensions?.type?.toLowerCase() === 'ratelimited';
}

function describeErrors(errors: GraphqlError[]): string {
  const first = errors[0];
  const text = first?.extensions?.userPresentableMessage ?? first?.message ?? 'GraphQL error';
  const code = first?.extensions?.code ? ` (${first.extensions.code})` : '';
  return `${text}${code}${errors.length > 1 ? ` and ${errors.length - 1} more errors` : ''}`;
}

/** Epoch milliseconds; tolerates a seconds value (some proxies rewrite the header). */
function epochMs(value: string | null): number | null {
  if (value === null || value.trim() === '') return null;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) return null;
  return n < 1e12 ? n * 1000 : n;
}

function malformed(
  operation: string,
  issue: { path: PropertyKey[]; message: string } | undefined,
): SourceApiError {
  return new SourceApiError(
    `Linear ${operation}: unexpected response at ${issue?.path.map(String).join('.') || 'data'}: ${issue?.message ?? 'invalid'}`,
    null,
  );
}

function idOf(node: unknown): string | null {
  return typeof node === 'object' && node !== null && typeof (node as { id?: unknown }).id === 'string'
    ? (node as { id: string }).id
    : null;
}

function identifierOf(node: unknown): string | null {
  return typeof node === 'object' &&
    node !== null &&
    typeof (node as { identifier?: unknown }).identifier === 'string'
    ? (node as { identifier: string }).identifier
    : null;
}
