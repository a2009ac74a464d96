// A fake Linear GraphQL endpoint (POST /graphql) speaking the wire shapes in shared/api/examples:
// bare personal keys, cursor pages with pageInfo, updatedAt filters, archived issues only with
// includeArchived, X-RateLimit-* headers with epoch-millisecond resets, RATELIMITED as HTTP 400.
import {
  decodeCursor,
  encodeCursor,
  type FakeReply,
  type FakeRequest,
  FaultQueue,
  type RunningFake,
  startFakeServer,
} from '../fake-http';

export type LinearFault =
  | 'ratelimited'
  | 'ratelimited-429'
  | 'complexity'
  | 'server-error'
  | 'malformed'
  | 'reset'
  | 'auth'
  | 'forbidden'
  | 'slow';

export interface LinearNode {
  id: string;
  [key: string]: unknown;
}

/** An issue as Linear returns it, with complete history/comments/labels lists (the fake pages them). */
export interface LinearFakeIssue {
  id: string;
  identifier: string;
  createdAt: string;
  updatedAt: string;
  archivedAt: string | null;
  team: { id: string; key: string; name: string };
  history: LinearNode[];
  comments: LinearNode[];
  labels: Array<{ id: string; name: string }>;
  [key: string]: unknown;
}

export interface LinearFakeOptions {
  apiKey?: string;
  issues?: LinearFakeIssue[];
  workspaceLabels?: Array<{ id: string; name: string }>;
  /** Status of an authentication failure: 400 and 401 are both reported in the wild. */
  authStatus?: 400 | 401;
  /** How far in the future a rate-limit reset lies (epoch-ms header), in ms. */
  rateLimitResetMs?: number;
  /** Largest `first` honoured (larger requests are cut to this). */
  maxPageSize?: number;
  /** Queries whose estimated complexity exceeds this are refused. */
  maxComplexity?: number;
  slowMs?: number;
}

export interface LinearFake extends RunningFake {
  /** The URL to use as LINEAR_API_URL. */
  apiUrl: string;
  issues: LinearFakeIssue[];
  fail(kind: LinearFault, options?: { times?: number; operation?: string; after?: number }): void;
  operations(): string[];
}

const HOUR_MS = 3_600_000;

export async function startLinearFake(options: LinearFakeOptions = {}): Promise<LinearFake> {
  const apiKey = options.apiKey ?? 'lin_api_fake0123456789';
  const faults = new FaultQueue<LinearFault>();
  const state = { issues: options.issues ?? [], served: 0 };
  const windowStart = Date.now();

  const headersFor = (complexity: number, remaining = 4999): Record<string, string> => ({
    'x-ratelimit-requests-limit': '5000',
    'x-ratelimit-requests-remaining': String(remaining),
    'x-ratelimit-requests-reset': String(windowStart + HOUR_MS),
    'x-complexity': String(complexity),
    'x-ratelimit-complexity-limit': '3000000',
    'x-ratelimit-complexity-remaining': String(3_000_000 - complexity),
    'x-ratelimit-complexity-reset': String(windowStart + HOUR_MS),
  });

  const handle = (request: FakeRequest): FakeReply => {
    if (request.method !== 'POST' || request.url.pathname !== '/graphql') {
      return { status: 404, body: { errors: [{ message: 'Not found' }] } };
    }
    const auth = request.headers.authorization;
    if (auth !== apiKey) {
      return { status: options.authStatus ?? 400, body: authError() };
    }
    let payload: { query?: string; variables?: Record<string, unknown>; operationName?: string };
    try {
      payload = JSON.parse(request.body);
    } catch {
      return {
        status: 400,
        body: {
          errors: [{ message: 'POST body missing, invalid Content-Type, or JSON object has no keys.' }],
        },
      };
    }
    const fault = faults.take(request);
    const resetAt = Date.now() + (options.rateLimitResetMs ?? 1500);
    switch (fault) {
      case 'ratelimited':
      case 'ratelimited-429':
        return {
          status: fault === 'ratelimited' ? 400 : 429,
          headers: {
            ...headersFor(0, 0),
            'x-ratelimit-requests-remaining': '0',
            'x-ratelimit-requests-reset': String(resetAt),
          },
          body: {
            errors: [
              {
                message:
                  'Rate limit exceeded. Only 2500 requests are allowed per 1 hour and you have made 2500 requests in the last hour.',
                extensions: { type: 'ratelimited', code: 'RATELIMITED', statusCode: 429, userError: true },
              },
            ],
          },
        };
      case 'complexity':
        return {
          status: 400,
          body: {
            errors: [
              {
                message: 'Query too complex',
                extensions: { type: 'invalid input', code: 'INPUT_ERROR', statusCode: 400, userError: true },
              },
            ],
          },
        };
      case 'server-error':
        return { status: 503, body: '<html><body>503 Service Temporarily Unavailable</body></html>' };
      case 'malformed':
        return {
          status: 200,
          headers: headersFor(1),
          body: { data: { issues: { pageInfo: { hasNextPage: false } } } },
          truncate: true,
        };
      case 'reset':
        return { status: 200, body: '', destroy: true };
      case 'auth':
        return { status: options.authStatus ?? 400, body: authError() };
      case 'forbidden':
        return {
          status: 403,
          body: {
            errors: [
              { message: 'Forbidden', extensions: { code: 'FORBIDDEN', type: 'forbidden', statusCode: 403 } },
            ],
          },
        };
      case 'slow':
        return { status: 200, body: { data: null }, delayMs: options.slowMs ?? 5000 };
      default:
        break;
    }
    state.served++;
    const variables = payload.variables ?? {};
    const query = payload.query ?? '';
    const complexity = estimateComplexity(variables);
    if (options.maxComplexity !== undefined && complexity > options.maxComplexity) {
      return {
        status: 400,
        body: {
          errors: [
            {
              message: `Query too complex: ${complexity} exceeds ${options.maxComplexity}`,
              extensions: { code: 'INPUT_ERROR', type: 'invalid input' },
            },
          ],
        },
      };
    }
    const ok = (data: unknown): FakeReply => ({
      status: 200,
      headers: headersFor(complexity),
      body: { data },
    });
    const max = options.maxPageSize ?? 250;
    const first = Math.min(max, Number(variables.first ?? 50));
    switch (payload.operationName) {
      case 'SyncIssues': {
        const nested = Math.min(max, Number(variables.nested ?? 50));
        const page = issuePage(state.issues, query, variables, first);
        return ok({
          issues: {
            pageInfo: page.pageInfo,
            nodes: page.nodes.map((issue) => issueNode(issue, nested)),
          },
        });
      }
      case 'IssueCensus': {
        const page = issuePage(state.issues, query, variables, first);
        return ok({
          issues: {
            pageInfo: page.pageInfo,
            nodes: page.nodes.map((i) => ({ id: i.id, identifier: i.identifier })),
          },
        });
      }
      case 'IssueHistoryPage':
      case 'IssueCommentsPage':
      case 'IssueLabelsPage': {
        const issue = state.issues.find((i) => i.id === variables.id || i.identifier === variables.id);
        if (!issue) {
          return {
            status: 200,
            body: {
              errors: [
                {
                  message: 'Entity not found: Issue',
                  extensions: {
                    type: 'invalid input',
                    code: 'INPUT_ERROR',
                    statusCode: 400,
                    userError: true,
                  },
                },
              ],
              data: null,
            },
          };
        }
        const kind =
          payload.operationName === 'IssueHistoryPage'
            ? 'history'
            : payload.operationName === 'IssueCommentsPage'
              ? 'comments'
              : 'labels';
        return ok({
          issue: { [kind]: slice(issue[kind] as LinearNode[], first, variables.after as string | null) },
        });
      }
      case 'WorkspaceLabels':
        return ok({
          issueLabels: slice(options.workspaceLabels ?? [], first, variables.after as string | null),
        });
      default:
        return {
          status: 400,
          body: {
            errors: [
              {
                message: `Unknown operation ${JSON.stringify(payload.operationName)}`,
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED', type: 'graphql error', userError: true },
              },
            ],
          },
        };
    }
  };

  const running = await startFakeServer(handle);
  return {
    ...running,
    apiUrl: `${running.url}/graphql`,
    get issues() {
      return state.issues;
    },
    set issues(next: LinearFakeIssue[]) {
      state.issues = next;
    },
    fail(kind, { times = 1, operation, after = 0 } = {}) {
      let seen = 0;
      faults.add({
        kind,
        times,
        when: (r) => {
          if (operation && !r.body.includes(`"operationName":"${operation}"`)) return false;
          seen++;
          return seen > after;
        },
      });
    },
    operations() {
      return running.requests.map((r) => {
        try {
          return String(JSON.parse(r.body).operationName);
        } catch {
          return '?';
        }
      });
    },
  } as LinearFake;
}

function authError() {
  return {
    errors: [
      {
        message: 'Authentication required, not authenticated',
        extensions: {
          type: 'authentication error',
          code: 'AUTHENTICATION_ERROR',
          statusCode: 401,
          userError: true,
          userPresentableMessage: 'You need to authenticate to access this operation.',
        },
      },
    ],
  };
}

interface IssueFilter {
  updatedAt?: { gte?: string };
  team?: { key?: { eq?: string } };
}

function issuePage(all: LinearFakeIssue[], query: string, variables: Record<string, unknown>, first: number) {
  const filter = (variables.filter ?? {}) as IssueFilter;
  const includeArchived = /includeArchived:\s*true/.test(query);
  const byUpdated = /orderBy:\s*updatedAt/.test(query);
  const sortKey = (i: LinearFakeIssue) => (byUpdated ? i.updatedAt : i.createdAt);
  const since = filter.updatedAt?.gte ? Date.parse(filter.updatedAt.gte) : null;
  const team = filter.team?.key?.eq;
  const ordered = all
    .filter((i) => includeArchived || !i.archivedAt)
    .filter((i) => since === null || Date.parse(i.updatedAt) >= since)
    .filter((i) => !team || i.team.key === team)
    // Newest first, as Linear orders both createdAt and updatedAt.
    .sort((a, b) => sortKey(b).localeCompare(sortKey(a)) || b.id.localeCompare(a.id));
  const after = typeof variables.after === 'string' ? decodeCursor<[string, string]>(variables.after) : null;
  const rest = after
    ? ordered.filter((i) => sortKey(i) < after[0] || (sortKey(i) === after[0] && i.id < after[1]))
    : ordered;
  const nodes = rest.slice(0, first);
  const last = nodes.at(-1);
  return {
    nodes,
    pageInfo: {
      hasNextPage: rest.length > nodes.length,
      endCursor: last ? encodeCursor([sortKey(last), last.id]) : null,
    },
  };
}

function slice<T extends { id: string }>(nodes: T[], first: number, after: string | null | undefined) {
  const start = after ? nodes.findIndex((n) => n.id === after) + 1 : 0;
  const page = nodes.slice(start, start + first);
  return {
    pageInfo: { hasNextPage: start + first < nodes.length, endCursor: page.at(-1)?.id ?? null },
    nodes: page,
  };
}

function issueNode(issue: LinearFakeIssue, nested: number) {
  const { history, comments, labels, ...fields } = issue;
  return {
    ...fields,
    labels: slice(labels, nested, null),
    history: slice(history, nested, null),
    comments: slice(comments, nested, null),
  };
}

/** Roughly Linear's rule: each requested object counts, multiplied by the page sizes above it. */
function estimateComplexity(variables: Record<string, unknown>): number {
  const first = Number(variables.first ?? 50);
  const nested = Number(variables.nested ?? 0);
  return Math.round(first * (1 + 3 * nested * 1.5));
}
