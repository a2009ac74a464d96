// Deterministic Linear issues for the fake: the two recorded examples, and generated sets that cover
// skipped triage, duplicates, reopens, archived issues, automation (null actor), bot comments, and
// histories/comments long enough to overflow the nested page.
import { readFileSync } from 'node:fs';
import type { LinearFakeIssue, LinearNode } from './server';

const TEAM = { id: 'team-ops', key: 'OPS', name: 'Platform Ops' };
const STATES = {
  triage: { id: 'st-triage', name: 'Triage', type: 'triage' },
  backlog: { id: 'st-backlog', name: 'Backlog', type: 'backlog' },
  todo: { id: 'st-todo', name: 'Todo', type: 'unstarted' },
  started: { id: 'st-started', name: 'In Progress', type: 'started' },
  done: { id: 'st-done', name: 'Done', type: 'completed' },
  canceled: { id: 'st-canceled', name: 'Canceled', type: 'canceled' },
  duplicate: { id: 'st-duplicate', name: 'Duplicate', type: 'duplicate' },
} as const;
type StateKey = keyof typeof STATES;

export const WORKSPACE_LABELS = [
  { id: 'lb-repo', name: 'repo' },
  { id: 'lb-access', name: 'access' },
  { id: 'lb-urgent', name: 'urgent' },
];

const PEOPLE = {
  alice: { id: 'u-alice', name: 'Alice Requester', displayName: 'alice', app: false },
  bob: { id: 'u-bob', name: 'Bob Oncall', displayName: 'bob', app: false },
  carol: { id: 'u-carol', name: 'Carol Lead', displayName: 'carol', app: false },
};

export interface ExpectedLinearIssue {
  identifier: string;
  /** Status names in order, starting with the initial one. */
  statuses: string[];
  events: number;
  triageSkipped: boolean;
}

export interface LinearDataset {
  issues: LinearFakeIssue[];
  expected: Map<string, ExpectedLinearIssue>;
}

/** The recorded example issues (CS-12, CS-13) as the fake stores them. */
export function linearExampleIssues(): LinearFakeIssue[] {
  return ['linear-issues-page1.json', 'linear-issues-page2.json'].map((file) => {
    const url = new URL(`../../../lib/connectors/linear/fixtures/${file}`, import.meta.url);
    const node = JSON.parse(readFileSync(url, 'utf8')).data.issues.nodes[0];
    return {
      ...node,
      history: node.history.nodes,
      comments: [],
      labels: node.labels.nodes,
    } as LinearFakeIssue;
  });
}

const MINUTE = 60_000;

/** `count` issues created 10 minutes apart from `start`, five lifecycles in rotation. */
export function generateLinearIssues(input: {
  count: number;
  start?: string;
  longEvery?: number;
}): LinearDataset {
  const start = Date.parse(input.start ?? '2025-01-06T09:00:00.000Z');
  const issues: LinearFakeIssue[] = [];
  const expected = new Map<string, ExpectedLinearIssue>();
  for (let n = 1; n <= input.count; n++) {
    const created = start + (n - 1) * 10 * MINUTE;
    const identifier = `OPS-${n}`;
    const id = `issue-${String(n).padStart(6, '0')}`;
    const lifecycle = n % 5;
    const rows: LinearNode[] = [];
    const comments: LinearNode[] = [];
    let clock = created;
    let rowSeq = 0;
    let events = 0;
    const at = (minutes: number) => {
      clock += minutes * MINUTE;
      return new Date(clock).toISOString();
    };
    const row = (fields: Record<string, unknown>, minutes: number) => {
      rowSeq++;
      rows.push({
        id: `${id}-h${String(rowSeq).padStart(3, '0')}`,
        createdAt: at(minutes),
        actor: PEOPLE.bob,
        botActor: null,
        fromState: null,
        toState: null,
        fromAssignee: null,
        toAssignee: null,
        fromPriority: null,
        toPriority: null,
        addedLabelIds: null,
        removedLabelIds: null,
        ...fields,
      });
    };
    const path: StateKey[] =
      lifecycle === 1
        ? ['backlog', 'started', 'done']
        : lifecycle === 2
          ? ['triage', 'duplicate']
          : lifecycle === 3
            ? ['triage', 'todo', 'started', 'done', 'started', 'done']
            : lifecycle === 4
              ? ['triage', 'backlog', 'canceled']
              : ['triage', 'backlog', 'started', 'done'];
    for (let i = 1; i < path.length; i++) {
      const from = STATES[path[i - 1] as StateKey];
      const to = STATES[path[i] as StateKey];
      // The reopen is an automation (no actor), as Linear's auto-reopen on a new comment is.
      const automation = lifecycle === 3 && i === 4;
      row({ fromState: from, toState: to, ...(automation ? { actor: null } : {}) }, 30 + i * 7);
      events++;
      if (i === 1) {
        row({ toAssignee: PEOPLE.bob, fromPriority: 0, toPriority: 2 }, 1);
        events += 2;
      }
    }
    comments.push({
      id: `${id}-c1`,
      createdAt: new Date(created + 5 * MINUTE).toISOString(),
      user: null,
      botActor: { id: 'bot-intake', name: 'Intake Bot', type: 'integration' },
      externalUser: null,
    });
    comments.push({
      id: `${id}-c2`,
      createdAt: new Date(created + 12 * MINUTE).toISOString(),
      user: PEOPLE.bob,
      botActor: null,
      externalUser: null,
    });
    events += 2;
    const long = input.longEvery !== undefined && n % input.longEvery === 0;
    if (long) {
      // Enough label churn and comments to overflow any nested page size up to 40.
      for (let k = 0; k < 45; k++) {
        row(k % 2 === 0 ? { addedLabelIds: ['lb-urgent'] } : { removedLabelIds: ['lb-urgent'] }, 1);
        comments.push({
          id: `${id}-c${k + 3}`,
          createdAt: at(1),
          user: PEOPLE.alice,
          botActor: null,
          externalUser: null,
        });
        events += 2;
      }
    }
    const final = STATES[path.at(-1) as StateKey];
    const triageSkipped = path[0] !== 'triage';
    const firstExit = rows.find((r) => r.toState)?.createdAt as string;
    issues.push({
      id,
      identifier,
      number: n,
      title: `Create repo service-${n} for team payments`,
      description: `Please create a repository service-${n}.`,
      url: `https://linear.app/acme/issue/${identifier}`,
      createdAt: new Date(created).toISOString(),
      updatedAt: new Date(clock).toISOString(),
      archivedAt: lifecycle === 4 ? new Date(clock + MINUTE).toISOString() : null,
      startedTriageAt: triageSkipped ? null : new Date(created).toISOString(),
      triagedAt: triageSkipped ? null : firstExit,
      startedAt: null,
      completedAt: null,
      canceledAt: null,
      priority: 2,
      priorityLabel: 'High',
      estimate: null,
      state: final,
      team: TEAM,
      assignee: PEOPLE.bob,
      creator: PEOPLE.alice,
      cycle: null,
      // Linear returns history newest first.
      history: [...rows].reverse(),
      comments,
      labels: [WORKSPACE_LABELS[0] as { id: string; name: string }],
    });
    expected.set(identifier, {
      identifier,
      statuses: path.map((p) => STATES[p].name),
      events,
      triageSkipped,
    });
  }
  return { issues, expected };
}

/** Reopen a finished issue at `at`: a new history row Done → In Progress, and a fresh updatedAt. */
export function reopenLinearIssue(issue: LinearFakeIssue, at: string): void {
  const row = {
    id: `${issue.id}-reopen-${at}`,
    createdAt: at,
    actor: PEOPLE.carol,
    botActor: null,
    fromState: issue.state,
    toState: STATES.started,
    fromAssignee: null,
    toAssignee: null,
    fromPriority: null,
    toPriority: null,
    addedLabelIds: null,
    removedLabelIds: null,
  };
  issue.history = [row, ...issue.history];
  issue.state = STATES.started;
  issue.updatedAt = at;
}
