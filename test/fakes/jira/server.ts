import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

// A Jira Cloud / Data Center fake on 127.0.0.1 speaking the wire format of shared/api/examples:
// search/jql with opaque nextPageToken + isLast (no total), 410 on the legacy search, DC startAt paging,
// embedded changelogs newest-first and truncated, PageBean changelogs oldest-first, `+0000`-style
// offsets, JSM fields, and injectable faults (429 with Retry-After / X-RateLimit-Reset, 5xx, bad JSON).

export interface FakeUser {
  accountId: string;
  displayName: string;
  accountType?: 'atlassian' | 'app' | 'customer';
}

export interface FakeStatus {
  id: string;
  name: string;
  category: 'new' | 'indeterminate' | 'done';
}

export const STATUSES = {
  open: { id: '1', name: 'Open', category: 'new' },
  inProgress: { id: '3', name: 'In Progress', category: 'indeterminate' },
  waiting: { id: '10002', name: 'Waiting for customer', category: 'indeterminate' },
  resolved: { id: '5', name: 'Resolved', category: 'done' },
  reopened: { id: '4', name: 'Reopened', category: 'new' },
} satisfies Record<string, FakeStatus>;

export interface FakeItem {
  fieldId: string;
  field?: string;
  from: string | null;
  fromString: string | null;
  to: string | null;
  toString: string | null;
}

export interface FakeHistory {
  id: number;
  at: Date;
  author: FakeUser;
  items: FakeItem[];
}

export interface FakeComment {
  id: number;
  at: Date;
  author: FakeUser;
  text: string;
  jsdPublic?: boolean;
}

export interface FakeSla {
  fieldId: string;
  name: string;
  cycles: Array<{ start: Date; stop: Date | null; goalMs: number; paused?: boolean }>;
}

export interface FakeIssue {
  id: number;
  key: string;
  project: string;
  summary: string;
  description: string;
  created: Date;
  updated: Date;
  status: FakeStatus;
  priority: string | null;
  labels: string[];
  assignee: FakeUser | null;
  reporter: FakeUser;
  histories: FakeHistory[];
  comments: FakeComment[];
  requestType?: string;
  slas?: FakeSla[];
}

export interface Fault {
  /** Which requests it hits, e.g. /search\/jql/. */
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** How many matching requests it answers (default 1). */
  times?: number;
  /** Skip this many matching requests first. */
  after?: number;
}

export interface FakeJiraOptions {
  deployment?: 'cloud' | 'datacenter';
  /** Prefix before /rest (the Cloud gateway form is /ex/jira/{cloudId}). */
  basePath?: string;
  email?: string;
  token?: string;
  pat?: string;
  issues?: FakeIssue[];
  projects?: string[];
  /** Most issues a search page returns, whatever maxResults asks. */
  pageCap?: number;
  /** Embedded changelog histories per issue (the rest needs the changelog endpoint). */
  changelogCap?: number;
  /** Embedded comments per issue. */
  commentCap?: number;
  /** The requesting user's zone offset used in every datetime, e.g. +0300. */
  offset?: string;
  now?: () => Date;
  /** Delay before answering each search page (kill -9 tests). */
  searchDelayMs?: number;
  jsm?: boolean;
}

export interface FakeJira {
  url: string;
  baseUrl: string;
  options: Required<Pick<FakeJiraOptions, 'deployment' | 'basePath'>> & FakeJiraOptions;
  issues: Map<number, FakeIssue>;
  faults: Fault[];
  /** Every request line served, e.g. `POST /rest/api/3/search/jql`. */
  log: Array<{ method: string; path: string; status: number; authorization: string | undefined }>;
  searchPagesServed: number;
  close(): Promise<void>;
}

const ORIGIN_PLACEHOLDER = 'https://acme-support.atlassian.net';

export function formatJiraDate(date: Date, offset = '+0000'): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(3, 5)));
  const local = new Date(date.getTime() + minutes * 60_000);
  return `${local.toISOString().slice(0, 23)}${offset}`;
}

function userJson(user: FakeUser | null, site: string) {
  if (!user) return null;
  return {
    self: `${site}/rest/api/3/user?accountId=${encodeURIComponent(user.accountId)}`,
    accountId: user.accountId,
    displayName: user.displayName,
    active: true,
    timeZone: 'Europe/London',
    accountType: user.accountType ?? 'atlassian',
  };
}

function adf(text: string) {
  return {
    type: 'doc',
    version: 1,
    content: text.split('\n').map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })),
  };
}

/** Start the fake on a random loopback port. */
export async function startFakeJira(options: FakeJiraOptions = {}): Promise<FakeJira> {
  const opts = { deployment: 'cloud' as const, basePath: '', ...options };
  const issues = new Map((options.issues ?? []).map((i) => [i.id, i]));
  const fake: FakeJira = {
    url: '',
    baseUrl: '',
    options: opts,
    issues,
    faults: [],
    log: [],
    searchPagesServed: 0,
    close: async () => undefined,
  };
  const server: Server = createServer((req, res) => {
    handle(fake, req, res).catch((error) => {
      res.statusCode = 500;
      res.end(JSON.stringify({ errorMessages: [String(error)] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.baseUrl = `${fake.url}${opts.basePath}`;
  fake.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function authorised(fake: FakeJira, header: string | undefined): boolean {
  const o = fake.options;
  if (!header) return false;
  if (o.deployment === 'datacenter') return header === `Bearer ${o.pat ?? 'pat-secret'}`;
  const expected = Buffer.from(`${o.email ?? 'bot@acme.example'}:${o.token ?? 'token-secret'}`).toString(
    'base64',
  );
  return header === `Basic ${expected}`;
}

async function handle(fake: FakeJira, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', fake.url);
  const method = req.method ?? 'GET';
  const o = fake.options;
  const path = url.pathname.startsWith(o.basePath) ? url.pathname.slice(o.basePath.length) : url.pathname;
  const logged = { method, path, status: 200, authorization: req.headers.authorization };
  fake.log.push(logged);
  const reply = (status: number, body: unknown, headers?: Record<string, string>) => {
    logged.status = status;
    send(res, status, body, headers);
  };

  const fault = fake.faults.find((f) => f.path.test(path) && (f.times ?? 1) > 0);
  if (fault) {
    if ((fault.after ?? 0) > 0) fault.after = (fault.after ?? 0) - 1;
    else {
      fault.times = (fault.times ?? 1) - 1;
      return reply(fault.status, fault.body ?? '', fault.headers);
    }
  }
  if (!authorised(fake, req.headers.authorization)) {
    return reply(401, {
      errorMessages: ['Client must be authenticated to access this resource.'],
      errors: {},
    });
  }
  const api = o.deployment === 'cloud' ? '/rest/api/3' : '/rest/api/2';
  const site = fake.baseUrl || ORIGIN_PLACEHOLDER;
  if (path === `${api}/myself`) return reply(200, { accountId: 'me', displayName: 'Sync bot', active: true });
  if (path === `${api}/field`) return reply(200, fieldList(o.jsm === true));
  if (o.deployment === 'cloud' && path === '/rest/api/3/search') {
    return reply(410, {
      errorMessages: [
        'The requested API has been removed. Please migrate to the /rest/api/3/search/jql API. A full migration guideline is available at https://developer.atlassian.com/changelog/#CHANGE-2046',
      ],
      errors: {},
    });
  }
  if (o.deployment === 'cloud' && path === '/rest/api/3/search/approximate-count' && method === 'POST') {
    const body = JSON.parse(await readBody(req)) as { jql: string };
    const matched = runJql(fake, body.jql);
    if ('error' in matched) return reply(400, { errorMessages: [matched.error], errors: {} });
    return reply(200, { count: matched.issues.length });
  }
  const searchPath = o.deployment === 'cloud' ? '/rest/api/3/search/jql' : '/rest/api/2/search';
  if (path === searchPath) {
    let params: Record<string, unknown>;
    if (method === 'POST') params = JSON.parse(await readBody(req)) as Record<string, unknown>;
    else params = Object.fromEntries(url.searchParams.entries());
    if (o.searchDelayMs) await new Promise((r) => setTimeout(r, o.searchDelayMs));
    const result = search(fake, params, site);
    fake.searchPagesServed++;
    return reply(result.status, result.body);
  }
  const changelog = /^\/rest\/api\/3\/issue\/([^/]+)\/changelog$/.exec(path);
  if (changelog && o.deployment === 'cloud') {
    const issue = findIssue(fake, decodeURIComponent(changelog[1] ?? ''));
    if (!issue) return reply(404, notFound());
    const startAt = Number(url.searchParams.get('startAt') ?? 0);
    const maxResults = Math.min(Number(url.searchParams.get('maxResults') ?? 100), 100);
    const values = issue.histories.slice(startAt, startAt + maxResults);
    const isLast = startAt + values.length >= issue.histories.length;
    const self = `${site}/rest/api/3/issue/${issue.key}/changelog`;
    return reply(200, {
      self: `${self}?maxResults=${maxResults}&startAt=${startAt}`,
      ...(isLast ? {} : { nextPage: `${self}?maxResults=${maxResults}&startAt=${startAt + values.length}` }),
      maxResults,
      startAt,
      total: issue.histories.length,
      isLast,
      values: values.map((h) => historyJson(h, site, o.offset)),
    });
  }
  const comments = new RegExp(`^${api}/issue/([^/]+)/comment$`).exec(path);
  if (comments) {
    const issue = findIssue(fake, decodeURIComponent(comments[1] ?? ''));
    if (!issue) return reply(404, notFound());
    const startAt = Number(url.searchParams.get('startAt') ?? 0);
    const maxResults = Math.min(Number(url.searchParams.get('maxResults') ?? 100), 100);
    return reply(200, {
      startAt,
      maxResults,
      total: issue.comments.length,
      comments: issue.comments.slice(startAt, startAt + maxResults).map((c) => commentJson(c, site, o)),
    });
  }
  const single = new RegExp(`^${api}/issue/([^/]+)$`).exec(path);
  if (single) {
    const issue = findIssue(fake, decodeURIComponent(single[1] ?? ''));
    if (!issue) return reply(404, notFound());
    return reply(
      200,
      issueJson(fake, issue, site, { changelogCap: Number.POSITIVE_INFINITY, fields: ['created'] }),
    );
  }
  return reply(404, { errorMessages: [`no fake route for ${method} ${path}`], errors: {} });
}

function notFound() {
  return { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} };
}

function findIssue(fake: FakeJira, idOrKey: string): FakeIssue | undefined {
  if (/^\d+$/.test(idOrKey)) return fake.issues.get(Number(idOrKey));
  return [...fake.issues.values()].find((i) => i.key === idOrKey);
}

function fieldList(jsm: boolean) {
  const fields: unknown[] = [
    {
      id: 'status',
      key: 'status',
      name: 'Status',
      custom: false,
      schema: { type: 'status', system: 'status' },
    },
    {
      id: 'summary',
      key: 'summary',
      name: 'Summary',
      custom: false,
      schema: { type: 'string', system: 'summary' },
    },
  ];
  if (jsm) {
    fields.push(
      {
        id: 'customfield_10010',
        key: 'customfield_10010',
        name: 'Request Type',
        custom: true,
        schema: {
          type: 'sd-customerrequesttype',
          custom: 'com.atlassian.servicedesk:vp-origin',
          customId: 10010,
        },
      },
      {
        id: 'customfield_10030',
        key: 'customfield_10030',
        name: 'Time to resolution',
        custom: true,
        schema: {
          type: 'sd-servicelevelagreement',
          custom: 'com.atlassian.servicedesk:sd-sla-field',
          customId: 10030,
        },
      },
      {
        id: 'customfield_10031',
        key: 'customfield_10031',
        name: 'Time to first response',
        custom: true,
        schema: {
          type: 'sd-servicelevelagreement',
          custom: 'com.atlassian.servicedesk:sd-sla-field',
          customId: 10031,
        },
      },
    );
  }
  return fields;
}

/** The JQL subset the connector sends: project =/in, updated >= "-Nm", id in (…), ORDER BY (ignored). */
export function runJql(fake: FakeJira, jql: string): { issues: FakeIssue[] } | { error: string } {
  const where = jql.replace(/\border\s+by\b[\s\S]*$/i, '').trim();
  if (where === '') {
    return {
      error: 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    };
  }
  const projects = fake.options.projects ?? [...new Set([...fake.issues.values()].map((i) => i.project))];
  let filters: Array<(i: FakeIssue) => boolean> = [];
  let restricted = false;
  let rest = where.replace(/[()]/g, (c) => (c === '(' ? ' ( ' : ' ) '));
  const take = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    for (let m = re.exec(rest); m; m = re.exec(rest)) {
      fn(m);
      rest = rest.slice(0, m.index) + rest.slice(m.index + m[0].length);
    }
  };
  let error: string | null = null;
  take(/\bproject\s*=\s*"?([A-Za-z0-9_]+)"?/i, (m) => {
    const key = (m[1] ?? '').toUpperCase();
    if (!projects.includes(key)) error = `The value '${m[1]}' does not exist for the field 'project'.`;
    restricted = true;
    filters.push((i) => i.project === key);
  });
  take(/\bupdated\s*>=\s*"-(\d+)m"/i, (m) => {
    const since = (fake.options.now?.() ?? new Date()).getTime() - Number(m[1]) * 60_000;
    filters.push((i) => i.updated.getTime() >= since);
  });
  take(/\bid\s+in\s+\(\s*([\d,\s]+)\s*\)/i, (m) => {
    const ids = new Set((m[1] ?? '').split(',').map((s) => Number(s.trim())));
    restricted = true;
    filters.push((i) => ids.has(i.id));
  });
  if (error) return { error };
  if (rest.replace(/\b(and)\b|[()\s]/gi, '') !== '') {
    return { error: `Error in the JQL Query: could not parse '${rest.trim()}'.` };
  }
  if (!restricted) {
    return {
      error: 'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.',
    };
  }
  const all = sortedIssues(fake).filter((i) => filters.every((f) => f(i)));
  filters = [];
  return { issues: all };
}

const sortCache = new WeakMap<FakeJira, { order: FakeIssue[]; created: number[]; sorted: FakeIssue[] }>();

/**
 * Every issue in (created, id) order. Sorting 50,000 issues on each page made the fake the bench's
 * bottleneck; the order is reused while the map holds the same issues with the same created times.
 */
function sortedIssues(fake: FakeJira): FakeIssue[] {
  const cached = sortCache.get(fake);
  if (cached && cached.order.length === fake.issues.size) {
    let k = 0;
    let same = true;
    for (const issue of fake.issues.values()) {
      if (cached.order[k] !== issue || cached.created[k] !== issue.created.getTime()) {
        same = false;
        break;
      }
      k++;
    }
    if (same) return cached.sorted;
  }
  const order = [...fake.issues.values()];
  const sorted = [...order].sort((a, b) => a.created.getTime() - b.created.getTime() || a.id - b.id);
  sortCache.set(fake, { order, created: order.map((i) => i.created.getTime()), sorted });
  return sorted;
}

function search(fake: FakeJira, params: Record<string, unknown>, site: string) {
  const o = fake.options;
  const jql = String(params.jql ?? '');
  const matched = runJql(fake, jql);
  if ('error' in matched) return { status: 400, body: { errorMessages: [matched.error], errors: {} } };
  const asked = Number(params.maxResults ?? 50);
  const rawFields = params.fields;
  const fields = Array.isArray(rawFields)
    ? rawFields.map(String)
    : typeof rawFields === 'string'
      ? rawFields.split(',')
      : ['id'];
  const keyOnly = fields.every((f) => f === 'key' || f === 'id');
  const cap = keyOnly ? 5000 : (o.pageCap ?? 100);
  const size = Math.max(0, Math.min(asked, cap));
  const expand = String(params.expand ?? '');
  const render = (i: FakeIssue) =>
    issueJson(fake, i, site, {
      changelogCap: expand.split(',').includes('changelog') ? (o.changelogCap ?? 20) : null,
      fields,
    });
  if (o.deployment === 'datacenter') {
    const startAt = Number(params.startAt ?? 0);
    const page = matched.issues.slice(startAt, startAt + size);
    return {
      status: 200,
      body: {
        expand: 'schema,names',
        startAt,
        maxResults: size,
        total: matched.issues.length,
        issues: page.map(render),
      },
    };
  }
  // Seek token: the sort position of the last issue served (stable when issues are deleted meanwhile).
  let remaining = matched.issues;
  const token = typeof params.nextPageToken === 'string' ? params.nextPageToken : null;
  if (token) {
    const [created = 0, id = 0] = Buffer.from(token, 'base64url').toString('utf8').split(':').map(Number);
    // The matches are sorted by (created, id): binary-search the first one after the token.
    const after = (i: FakeIssue) =>
      i.created.getTime() > created || (i.created.getTime() === created && i.id > id);
    let lo = 0;
    let hi = remaining.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (after(remaining[mid] as FakeIssue)) hi = mid;
      else lo = mid + 1;
    }
    remaining = remaining.slice(lo);
  }
  const page = remaining.slice(0, size);
  const last = page[page.length - 1];
  const isLast = remaining.length <= size || !last;
  return {
    status: 200,
    body: {
      issues: page.map(render),
      ...(isLast || !last
        ? {}
        : { nextPageToken: Buffer.from(`${last.created.getTime()}:${last.id}`).toString('base64url') }),
      isLast,
    },
  };
}

function historyJson(h: FakeHistory, site: string, offset?: string) {
  return {
    id: String(h.id),
    author: userJson(h.author, site),
    created: formatJiraDate(h.at, offset),
    items: h.items.map((item) => ({
      field: item.field ?? item.fieldId,
      fieldtype: 'jira',
      fieldId: item.fieldId,
      from: item.from,
      fromString: item.fromString,
      to: item.to,
      toString: item.toString,
    })),
  };
}

function commentJson(c: FakeComment, site: string, o: FakeJiraOptions) {
  return {
    self: `${site}/rest/api/3/issue/comment/${c.id}`,
    id: String(c.id),
    author: userJson(c.author, site),
    body: o.deployment === 'datacenter' ? c.text : adf(c.text),
    updateAuthor: userJson(c.author, site),
    created: formatJiraDate(c.at, o.offset),
    updated: formatJiraDate(c.at, o.offset),
    ...(c.jsdPublic === undefined ? {} : { jsdPublic: c.jsdPublic }),
  };
}

function dateDto(date: Date) {
  return {
    iso8601: `${date.toISOString().slice(0, 19)}+0000`,
    jira: formatJiraDate(date),
    friendly: date.toISOString(),
    epochMillis: date.getTime(),
  };
}

function slaJson(sla: FakeSla, now: Date) {
  const cycle = (c: FakeSla['cycles'][number]) => {
    const end = c.stop ?? now;
    const elapsed = end.getTime() - c.start.getTime();
    return {
      startTime: dateDto(c.start),
      ...(c.stop ? { stopTime: dateDto(c.stop) } : {}),
      breachTime: dateDto(new Date(c.start.getTime() + c.goalMs)),
      breached: elapsed > c.goalMs,
      ...(c.stop ? {} : { paused: c.paused ?? false, withinCalendarHours: true }),
      goalDuration: { millis: c.goalMs, friendly: `${c.goalMs / 3_600_000}h` },
      elapsedTime: { millis: elapsed, friendly: '' },
      remainingTime: { millis: c.goalMs - elapsed, friendly: '' },
    };
  };
  const completed = sla.cycles.filter((c) => c.stop);
  const ongoing = sla.cycles.find((c) => !c.stop);
  return {
    id: sla.fieldId.slice(-1),
    name: sla.name,
    _links: { self: 'https://acme-support.atlassian.net/rest/servicedeskapi/request/1/sla/1' },
    completedCycles: completed.map(cycle),
    ...(ongoing ? { ongoingCycle: cycle(ongoing) } : {}),
    slaDisplayFormat: 'NEW_SLA_FORMAT',
  };
}

function issueJson(
  fake: FakeJira,
  i: FakeIssue,
  site: string,
  view: { changelogCap: number | null; fields: string[] },
) {
  const o = fake.options;
  const api = o.deployment === 'cloud' ? 'rest/api/3' : 'rest/api/2';
  const all: Record<string, unknown> = {
    summary: i.summary,
    description: o.deployment === 'datacenter' ? i.description : adf(i.description),
    status: {
      self: `${site}/${api}/status/${i.status.id}`,
      name: i.status.name,
      id: i.status.id,
      statusCategory: {
        id: { new: 2, indeterminate: 4, done: 3 }[i.status.category],
        key: i.status.category,
      },
    },
    issuetype: { id: '10003', name: 'Service Request', subtask: false },
    priority: i.priority ? { id: '2', name: i.priority } : null,
    labels: i.labels,
    components: [],
    assignee: userJson(i.assignee, site),
    reporter: userJson(i.reporter, site),
    creator: userJson(i.reporter, site),
    project: { id: '10000', key: i.project, name: `Project ${i.project}` },
    created: formatJiraDate(i.created, o.offset),
    updated: formatJiraDate(i.updated, o.offset),
    resolutiondate: null,
    resolution: null,
    comment: {
      comments: i.comments.slice(0, o.commentCap ?? 20).map((c) => commentJson(c, site, o)),
      self: `${site}/${api}/issue/${i.id}/comment`,
      maxResults: o.commentCap ?? 20,
      total: i.comments.length,
      startAt: 0,
    },
  };
  if (o.jsm) {
    all.customfield_10010 = i.requestType
      ? { requestType: { id: '7', name: i.requestType }, currentStatus: { status: i.status.name } }
      : null;
    const now = o.now?.() ?? new Date();
    for (const sla of i.slas ?? []) all[sla.fieldId] = slaJson(sla, now);
  }
  const fields: Record<string, unknown> = {};
  for (const name of view.fields) if (name in all) fields[name] = all[name];
  const body: Record<string, unknown> = {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: String(i.id),
    self: `${site}/${api}/issue/${i.id}`,
    key: i.key,
  };
  if (view.changelogCap !== null) {
    const newestFirst = [...i.histories].reverse();
    const shown = newestFirst.slice(0, view.changelogCap);
    body.changelog = {
      startAt: 0,
      maxResults: shown.length,
      total: i.histories.length,
      histories: shown.map((h) => historyJson(h, site, o.offset)),
    };
  }
  body.fields = fields;
  return body;
}
