// Deterministic repositories for the GitHub fake: the recorded examples (acme/widgets #41–#43 and the
// deployments), and generated issue sets with PRs mixed in, triage labels, skipped triage, not_planned,
// duplicates, reopens, bot comments, and deployments with failures and redeploys.
import { readFileSync } from 'node:fs';
import type { GithubFakeRepo, Json } from './server';

function fixture(name: string): unknown {
  const url = new URL(`../../../lib/connectors/github/fixtures/${name}`, import.meta.url);
  return JSON.parse(readFileSync(url, 'utf8'));
}

/** acme/widgets exactly as recorded: issues #41, #42, PR #43, their timelines and deployment 1700000002. */
export function githubExampleRepo(): GithubFakeRepo {
  const issues = [
    ...(fixture('github-issues-page1.json') as Json[]),
    ...(fixture('github-issues-page2.json') as Json[]),
  ];
  return {
    id: 123456789,
    owner: 'acme',
    name: 'widgets',
    issues,
    timelines: new Map([
      [41, fixture('github-timeline-41.json') as Json[]],
      [42, fixture('github-timeline-42.json') as Json[]],
    ]),
    deployments: fixture('github-deployments.json') as Json[],
    statuses: new Map([[1700000002, fixture('github-deployment-statuses-1700000002.json') as Json[]]]),
    releases: fixture('github-releases.json') as Json[],
    commits: [
      { sha: '1111111111111111111111111111111111111111', date: '2024-01-15T16:00:00Z' },
      { sha: '9fceb02d0ae598e95dc970b74767f19372d61af8', date: '2024-01-16T09:55:00Z' },
    ],
  };
}

const MINUTE = 60_000;
const user = (login: string, type: 'User' | 'Bot' = 'User') => ({ login, id: login.length * 1000, type });
const BOT = user('github-actions[bot]', 'Bot');
const OPS = user('ops-oncall');
const REQUESTER = user('requester');

export interface ExpectedGithubIssue {
  number: number;
  statuses: string[];
  events: number;
  triageSkipped: boolean;
}

export interface GithubDataset {
  repo: GithubFakeRepo;
  expected: Map<number, ExpectedGithubIssue>;
}

/** `count` issues (every `prEvery`-th number is a pull request instead) created 10 minutes apart. */
export function generateGithubRepo(input: {
  count: number;
  prEvery?: number;
  start?: string;
  deployments?: number;
}): GithubDataset {
  const start = Date.parse(input.start ?? '2025-02-03T09:00:00Z');
  const issues: Json[] = [];
  const timelines = new Map<number, Json[]>();
  const expected = new Map<number, ExpectedGithubIssue>();
  let eventId = 1;
  for (let n = 1; n <= input.count; n++) {
    const created = start + (n - 1) * 10 * MINUTE;
    let clock = created;
    const iso = (minutes: number) => {
      clock += minutes * MINUTE;
      return new Date(clock).toISOString().replace('.000Z', 'Z');
    };
    const base = {
      id: 5_000_000 + n,
      node_id: `I_${n}`,
      number: n,
      title: `Add secret DB_PASSWORD to CI for service-${n}`,
      body: `Please add the secret for service-${n}.`,
      user: REQUESTER,
      labels: [] as Json[],
      assignee: null as Json | null,
      assignees: [] as Json[],
      created_at: new Date(created).toISOString().replace('.000Z', 'Z'),
      html_url: `https://github.com/acme/ops/issues/${n}`,
      comments: 0,
      author_association: 'NONE',
      type: null,
      performed_via_github_app: null,
    };
    if (input.prEvery && n % input.prEvery === 0) {
      const at = iso(30);
      issues.push({
        ...base,
        state: 'closed',
        state_reason: null,
        updated_at: at,
        closed_at: at,
        pull_request: { url: `https://api.github.com/repos/acme/ops/pulls/${n}`, merged_at: at },
      });
      continue;
    }
    const items: Json[] = [];
    const event = (kind: string, minutes: number, fields: Json = {}, actor: Json = OPS) =>
      items.push({
        id: eventId++,
        node_id: `E_${eventId}`,
        event: kind,
        actor,
        commit_id: null,
        created_at: iso(minutes),
        performed_via_github_app: null,
        ...fields,
      });
    const comment = (minutes: number, author: Json) =>
      items.push({
        id: eventId++,
        event: 'commented',
        user: author,
        actor: author,
        body: 'ok',
        created_at: iso(minutes),
        updated_at: new Date(clock).toISOString(),
        author_association: 'MEMBER',
      });
    const lifecycle = n % 5;
    let statuses: string[];
    let events = 0;
    let state: 'open' | 'closed' = 'closed';
    let reason: string | null = 'completed';
    const labels: string[] = [];
    if (lifecycle === 1) {
      // Triage skipped: straight to in-progress.
      event('labeled', 20, { label: { name: 'in-progress', color: 'fff' } });
      event('assigned', 1, { assignee: OPS });
      comment(5, OPS);
      event('closed', 60, { state_reason: 'completed' });
      statuses = ['Open', 'In Progress', 'Closed'];
      events = 2 + 1 + 1 + 1; // label+status, assignee, comment, closing status
      labels.push('in-progress');
    } else {
      event('labeled', 0, { label: { name: 'triage', color: 'ededed' } }, BOT);
      comment(2, BOT);
      event('unlabeled', 15, { label: { name: 'triage', color: 'ededed' } });
      event('assigned', 1, { assignee: OPS });
      comment(10, OPS);
      events = 2 + 1 + 2 + 1 + 1;
      statuses = ['Open', 'Triage', 'Open'];
      if (lifecycle === 2) {
        event('closed', 30, { state_reason: 'not_planned' });
        statuses.push('Not planned');
        reason = 'not_planned';
        events += 1;
      } else if (lifecycle === 3) {
        event('closed', 30, { state_reason: 'completed' });
        comment(60, REQUESTER);
        event('reopened', 1);
        event('labeled', 1, { label: { name: 'waiting-for-reporter', color: 'fff' } });
        event('unlabeled', 90, { label: { name: 'waiting-for-reporter', color: 'fff' } });
        event('closed', 5, { state_reason: 'completed' });
        statuses.push('Closed', 'Open', 'Waiting for requester', 'Open', 'Closed');
        events += 1 + 1 + 1 + 2 + 2 + 1;
      } else if (lifecycle === 4) {
        event('closed', 30, { state_reason: 'duplicate' });
        statuses.push('Duplicate');
        reason = 'duplicate';
        events += 1;
      } else {
        event('labeled', 5, { label: { name: 'in-progress', color: 'fff' } });
        statuses.push('In Progress');
        events += 2;
        state = 'open';
        reason = null;
        labels.push('in-progress');
      }
    }
    // A cross-reference (no id, no url) appears in real timelines and is not a change.
    items.push({
      event: 'cross-referenced',
      actor: OPS,
      created_at: iso(1),
      updated_at: new Date(clock).toISOString(),
      source: { type: 'issue', issue: { number: 999999 } },
    });
    const updated = new Date(clock).toISOString().replace('.000Z', 'Z');
    issues.push({
      ...base,
      state,
      state_reason: reason,
      labels: labels.map((name) => ({ id: name.length, name, color: 'fff', default: false })),
      assignee: OPS,
      assignees: [OPS],
      updated_at: updated,
      closed_at: state === 'closed' ? updated : null,
    });
    timelines.set(n, items);
    expected.set(n, { number: n, statuses, events, triageSkipped: lifecycle === 1 });
  }
  // Deployments start three days before the first issue, so incidents can follow them.
  const { deployments, statuses, commits } = generateDeployments(
    start - 3 * 24 * 60 * MINUTE,
    input.deployments ?? 0,
  );
  return {
    repo: {
      id: 987654321,
      owner: 'acme',
      name: 'ops',
      issues,
      timelines,
      deployments,
      statuses,
      releases: [],
      commits,
    },
    expected,
  };
}

/** Daily production deployments: every 4th fails, every 5th redeploys the previous sha. */
function generateDeployments(start: number, count: number) {
  const commits: Array<{ sha: string; date: string }> = [];
  const deployments: Json[] = [];
  const statuses = new Map<number, Json[]>();
  let previousSha = '';
  for (let d = 0; d < count; d++) {
    const day = start + d * 24 * 60 * MINUTE;
    const redeploy = d % 5 === 4 && previousSha !== '';
    let sha = previousSha;
    if (!redeploy) {
      for (let c = 0; c < 2; c++) {
        sha = `${String(d).padStart(4, '0')}${String(c)}`.padEnd(40, 'a');
        commits.push({
          sha,
          date: new Date(day - (3 - c) * 60 * MINUTE).toISOString().replace('.000Z', 'Z'),
        });
      }
    }
    const id = 7_000_000 + d;
    const created = new Date(day).toISOString().replace('.000Z', 'Z');
    deployments.push({
      id,
      sha,
      ref: 'main',
      task: 'deploy',
      environment: 'production',
      production_environment: true,
      created_at: created,
      updated_at: created,
    });
    const final = d % 4 === 3 ? 'failure' : 'success';
    statuses.set(id, [
      {
        id: id * 10 + 1,
        state: 'in_progress',
        created_at: new Date(day + MINUTE).toISOString().replace('.000Z', 'Z'),
      },
      {
        id: id * 10 + 2,
        state: final,
        created_at: new Date(day + 10 * MINUTE).toISOString().replace('.000Z', 'Z'),
      },
    ]);
    previousSha = sha;
  }
  return { deployments, statuses, commits };
}

/** Reopen a closed issue at `at` (ISO): a `reopened` timeline event and a fresh updated_at. */
export function reopenGithubIssue(repo: GithubFakeRepo, number: number, at: string): void {
  const issue = repo.issues.find((i) => i.number === number);
  if (!issue) throw new Error(`no issue #${number}`);
  issue.state = 'open';
  issue.state_reason = 'reopened';
  issue.closed_at = null;
  issue.updated_at = at;
  repo.timelines
    .get(number)
    ?.push({ id: 99_000_000 + number, event: 'reopened', actor: REQUESTER, created_at: at, commit_id: null });
}
