// GitHub issue + timeline → canonical ticket. Pure. GitHub has no workflow statuses, so the status is
// replayed from the timeline: open/closed (state_reason) plus labels mapped to categories.
import type { StatusCategory, Ticket, TicketEvent } from '../../domain/ticket';
import type { GithubIssue, GithubTimelineItem, GithubUser } from './schemas';

/** Labels that set an open issue's status category unless the config says otherwise. */
export const DEFAULT_LABEL_STATUS: Readonly<Record<string, StatusCategory>> = {
  triage: 'triage',
  'in-progress': 'active',
  'waiting-for-reporter': 'waiting',
};

/**
 * Status names GitHub issues take, one per category, chosen from the names every workflow knows so
 * past statuses categorise by name (an override in `statusMap` applies to them as usual).
 */
export const GITHUB_STATUS_NAMES: Readonly<Record<StatusCategory, string>> = {
  triage: 'Triage',
  queue: 'Open',
  active: 'In Progress',
  waiting: 'Waiting for requester',
  done: 'Closed',
  canceled: 'Not planned',
};
const DUPLICATE_STATUS = 'Duplicate';

export interface GithubMapContext {
  /** `owner/name`: the ticket's team (the queue that owns it) and key prefix. */
  repo: string;
  labelStatus: Readonly<Record<string, StatusCategory>>;
}

interface Replay {
  open: boolean;
  reason: string | null;
  /** Status-setting labels present, in the order they were added (the latest wins). */
  statusLabels: string[];
}

export function githubStatusOf(replay: Replay, labelStatus: GithubMapContext['labelStatus']) {
  if (!replay.open) {
    if (replay.reason === 'not_planned')
      return { name: GITHUB_STATUS_NAMES.canceled, category: 'canceled' as const };
    if (replay.reason === 'duplicate') return { name: DUPLICATE_STATUS, category: 'canceled' as const };
    return { name: GITHUB_STATUS_NAMES.done, category: 'done' as const };
  }
  const label = replay.statusLabels.at(-1);
  const category = label ? labelStatus[label] : undefined;
  return category
    ? { name: GITHUB_STATUS_NAMES[category], category }
    : { name: GITHUB_STATUS_NAMES.queue, category: 'queue' as const };
}

export function mapGithubIssue(
  issue: GithubIssue,
  timeline: readonly GithubTimelineItem[],
  context: GithubMapContext,
): Ticket {
  const { labelStatus } = context;
  const items = timeline
    .map((item, index) => ({ item, index, at: item.created_at ? Date.parse(item.created_at) : Number.NaN }))
    .filter((t) => Number.isFinite(t.at))
    // Oldest first is observed, not documented: sort by instant, keeping the array order on ties.
    .sort((a, b) => a.at - b.at || a.index - b.index);

  const replay: Replay = { open: true, reason: null, statusLabels: [] };
  let status = githubStatusOf(replay, labelStatus);
  const assignees: string[] = [];
  const events: Array<Omit<TicketEvent, 'seq'>> = [];

  for (const { item, at } of items) {
    const when = new Date(at);
    const who = item.actor ?? item.user ?? null;
    const base = {
      at: when,
      actor: who?.login ?? null,
      actorIsBot: isBot(who, item.performed_via_github_app),
      public: null,
    };
    switch (item.event) {
      case 'labeled':
      case 'unlabeled': {
        const name = item.label?.name;
        if (!name) break;
        const added = item.event === 'labeled';
        events.push({ ...base, kind: 'label', from: added ? null : name, to: added ? name : null });
        if (labelStatus[name]) {
          replay.statusLabels = replay.statusLabels.filter((l) => l !== name);
          if (added) replay.statusLabels.push(name);
        }
        break;
      }
      case 'assigned':
      case 'unassigned': {
        const login = item.assignee?.login;
        if (!login) break;
        const before = assignees[0] ?? null;
        const at = assignees.indexOf(login);
        if (at >= 0) assignees.splice(at, 1);
        if (item.event === 'assigned') assignees.push(login);
        const after = item.event === 'assigned' ? login : (assignees[0] ?? null);
        if (item.event === 'assigned' || before === login) {
          events.push({
            ...base,
            kind: 'assignee',
            from: item.event === 'assigned' ? before : login,
            to: after,
          });
        }
        break;
      }
      case 'closed':
        replay.open = false;
        replay.reason = item.state_reason ?? 'completed';
        break;
      case 'reopened':
        replay.open = true;
        replay.reason = null;
        break;
      case 'commented':
        events.push({ ...base, kind: 'comment', from: null, to: null, public: true });
        break;
      default:
        break;
    }
    const next = githubStatusOf(replay, labelStatus);
    if (next.name !== status.name) {
      events.push({ ...base, kind: 'status', from: status.name, to: next.name });
      status = next;
    }
  }

  // A timeline read a moment after the issue list can disagree only in a race; the issue's state wins.
  const agrees = (issue.state === 'open') === replay.open;
  const current = agrees
    ? status
    : githubStatusOf(
        { ...replay, open: issue.state === 'open', reason: issue.state_reason ?? 'completed' },
        labelStatus,
      );
  const labels = issue.labels.map((l) => (typeof l === 'string' ? l : l.name));
  const assignee = issue.assignees?.[0]?.login ?? issue.assignee?.login ?? null;

  return {
    source: 'github',
    key: `${context.repo}#${issue.number}`,
    title: issue.title,
    description: issue.body ?? '',
    type: issue.type?.name ?? null,
    priority: null,
    labels,
    team: context.repo,
    requester: issue.user?.login ?? null,
    requesterTeam: null,
    assignee,
    createdAt: new Date(issue.created_at),
    status: current.name,
    sourceStatusCategory: current.category,
    url: issue.html_url ?? null,
    events: events.map((e, seq) => ({ ...e, seq })),
  };
}

/** GitHub marks apps as `type: Bot` and `login[bot]`; an actorless change made by an app is a bot's. */
export function isBot(user: GithubUser | null | undefined, viaApp: unknown = null): boolean {
  if (!user) return viaApp !== null && viaApp !== undefined;
  return user.type === 'Bot' || user.login.endsWith('[bot]');
}
