import { type FakeComment, type FakeIssue, type FakeStatus, type FakeUser, STATUSES } from './server';

// Deterministic Jira issue histories for the fake: each issue walks Open → In Progress ⇄ Waiting → …
// → Resolved, with history ids increasing globally as in Jira.

export const AGENT: FakeUser = { accountId: '712020:agent', displayName: 'Priya Raman' };
export const BOT: FakeUser = {
  accountId: '557058:bot',
  displayName: 'Automation for Jira',
  accountType: 'app',
};
export const CUSTOMER: FakeUser = {
  accountId: 'qm:customer',
  displayName: 'Dana Customer',
  accountType: 'customer',
};

let historyIds = 20_000;
let commentIds = 30_000;

export function nextHistoryId(): number {
  historyIds += 1;
  return historyIds;
}

/** Move an issue to a status at an instant, as a Jira transition (history + current status + updated). */
export function transition(issue: FakeIssue, to: FakeStatus, at: Date, author: FakeUser = AGENT): void {
  issue.histories.push({
    id: nextHistoryId(),
    at,
    author,
    items: [
      {
        fieldId: 'status',
        from: issue.status.id,
        fromString: issue.status.name,
        to: to.id,
        toString: to.name,
      },
    ],
  });
  issue.status = to;
  issue.updated = at;
}

export function addComment(issue: FakeIssue, comment: Omit<FakeComment, 'id'>): void {
  commentIds += 1;
  issue.comments.push({ id: commentIds, ...comment });
  if (comment.at > issue.updated) issue.updated = comment.at;
}

export interface GenerateOptions {
  count: number;
  project?: string;
  firstId?: number;
  start?: Date;
  /** Status changes per issue (default 4). */
  statusChanges?: number;
  comments?: number;
  jsm?: boolean;
}

const CYCLE: FakeStatus[] = [STATUSES.inProgress, STATUSES.waiting];

export function generateIssues(options: GenerateOptions): FakeIssue[] {
  const project = options.project ?? 'OPS';
  const firstId = options.firstId ?? 10_001;
  const start = options.start ?? new Date('2024-01-01T08:00:00Z');
  const changes = options.statusChanges ?? 4;
  const issues: FakeIssue[] = [];
  for (let n = 0; n < options.count; n++) {
    const created = new Date(start.getTime() + n * 600_000);
    const issue: FakeIssue = {
      id: firstId + n,
      key: `${project}-${n + 1}`,
      project,
      summary: `Request ${n + 1}: create repository svc-${n % 7}`,
      description: `Please create a repository for svc-${n % 7}.\nOwner: team ${n % 3}`,
      created,
      updated: created,
      status: STATUSES.open,
      priority: n % 4 === 0 ? null : (['High', 'Medium', 'Low'][n % 3] ?? 'Medium'),
      labels: n % 2 === 0 ? ['repo'] : [],
      assignee: n % 5 === 0 ? null : AGENT,
      reporter: CUSTOMER,
      histories: [],
      comments: [],
      ...(options.jsm ? { requestType: 'Create a repository' } : {}),
    };
    let at = created.getTime();
    for (let c = 0; c < changes; c++) {
      at += 3_600_000 + ((n * 7 + c * 13) % 60) * 60_000;
      const last = c === changes - 1 && n % 3 !== 0;
      const to = last ? STATUSES.resolved : (CYCLE[c % 2] as FakeStatus);
      transition(issue, to, new Date(at), c % 3 === 2 ? BOT : AGENT);
    }
    for (let c = 0; c < (options.comments ?? 1); c++) {
      addComment(issue, {
        at: new Date(created.getTime() + 1_800_000 + c * 60_000),
        author: c % 2 === 0 ? AGENT : CUSTOMER,
        text: `Looking into it (${c + 1})`,
        jsdPublic: c % 3 !== 2,
      });
    }
    if (options.jsm) {
      issue.slas = [
        {
          fieldId: 'customfield_10031',
          name: 'Time to first response',
          cycles: [{ start: created, stop: new Date(created.getTime() + 1_800_000), goalMs: 4 * 3_600_000 }],
        },
        {
          fieldId: 'customfield_10030',
          name: 'Time to resolution',
          cycles: [
            {
              start: created,
              stop: issue.status === STATUSES.resolved ? issue.updated : null,
              goalMs: 24 * 3_600_000,
            },
          ],
        },
      ];
    }
    issues.push(issue);
  }
  return issues;
}
