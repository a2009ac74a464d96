// Linear issue → canonical ticket. Pure: no fetch, no clock, no database.
import type { StatusCategory, Ticket, TicketEvent } from '../../domain/ticket';
import type { LinearComment, LinearHistory, LinearIssue, LinearPerson } from './schemas';

/** Default categories of Linear's workflow state types (DESIGN.md §2). */
export const LINEAR_STATE_CATEGORIES: Readonly<Record<string, StatusCategory>> = {
  triage: 'triage',
  backlog: 'queue',
  unstarted: 'queue',
  started: 'active',
  completed: 'done',
  canceled: 'canceled',
  duplicate: 'canceled',
};

const PRIORITY_NAMES: Readonly<Record<number, string>> = {
  0: 'No priority',
  1: 'Urgent',
  2: 'High',
  3: 'Medium',
  4: 'Low',
};

export function linearPriorityName(priority: number | null | undefined): string | null {
  if (priority === null || priority === undefined) return null;
  return PRIORITY_NAMES[priority] ?? String(priority);
}

export interface LinearMapContext {
  /** Workspace label names by id: history rows carry label ids only. */
  labelNames: ReadonlyMap<string, string>;
}

interface Draft {
  at: number;
  /** Source order among same-instant changes: the row's id, then the change's rank inside the row. */
  order: string;
  rank: number;
  event: Omit<TicketEvent, 'seq'>;
}

export function mapLinearIssue(issue: LinearIssue, context: LinearMapContext): Ticket {
  const labelName = (id: string) =>
    context.labelNames.get(id) ?? issue.labels.nodes.find((l) => l.id === id)?.name ?? id;
  const drafts: Draft[] = [];
  const rows = [...issue.history.nodes].sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || a.id.localeCompare(b.id),
  );
  let statusEvents = 0;
  for (const row of rows) {
    for (const draft of historyDrafts(row, labelName)) {
      if (draft.event.kind === 'status') statusEvents++;
      drafts.push(draft);
    }
  }
  if (statusEvents === 0) {
    const triage = synthesisedTriageExit(issue);
    if (triage) drafts.push(triage);
  }
  for (const comment of issue.comments?.nodes ?? []) drafts.push(commentDraft(comment));
  drafts.sort((a, b) => a.at - b.at || a.order.localeCompare(b.order) || a.rank - b.rank);

  return {
    source: 'linear',
    key: issue.identifier,
    title: issue.title,
    description: issue.description ?? '',
    type: null,
    priority: issue.priorityLabel ?? linearPriorityName(issue.priority),
    labels: issue.labels.nodes.map((l) => l.name),
    team: issue.team.key,
    requester: personName(issue.creator),
    requesterTeam: null,
    assignee: personName(issue.assignee),
    createdAt: new Date(issue.createdAt),
    status: issue.state.name,
    sourceStatusCategory: LINEAR_STATE_CATEGORIES[issue.state.type] ?? null,
    url: issue.url ?? null,
    events: drafts.map((d, seq) => ({ ...d.event, seq })),
  };
}

function historyDrafts(row: LinearHistory, labelName: (id: string) => string): Draft[] {
  const at = Date.parse(row.createdAt);
  const actor = personName(row.actor) ?? row.botActor?.name ?? null;
  // No actor means an integration or automation made the change (API-NOTES.md §2.4).
  const actorIsBot =
    !row.actor || row.actor.app === true || (row.botActor !== null && row.botActor !== undefined);
  const base = { actor, actorIsBot, public: null };
  const drafts: Draft[] = [];
  const push = (rank: number, event: Pick<TicketEvent, 'kind' | 'from' | 'to'>) =>
    drafts.push({ at, order: row.id, rank, event: { at: new Date(at), ...base, ...event } });

  if (row.toState && row.toState.id !== row.fromState?.id) {
    push(0, { kind: 'status', from: row.fromState?.name ?? null, to: row.toState.name });
  }
  if ((row.fromAssignee || row.toAssignee) && row.fromAssignee?.id !== row.toAssignee?.id) {
    push(1, { kind: 'assignee', from: personName(row.fromAssignee), to: personName(row.toAssignee) });
  }
  if (row.toPriority !== null && row.toPriority !== undefined && row.toPriority !== row.fromPriority) {
    push(2, {
      kind: 'priority',
      from: linearPriorityName(row.fromPriority),
      to: linearPriorityName(row.toPriority),
    });
  }
  for (const id of row.removedLabelIds ?? []) push(3, { kind: 'label', from: labelName(id), to: null });
  for (const id of row.addedLabelIds ?? []) push(4, { kind: 'label', from: null, to: labelName(id) });
  return drafts;
}

function commentDraft(comment: LinearComment): Draft {
  const at = Date.parse(comment.createdAt);
  const bot =
    comment.user?.app === true || (!comment.user && !comment.externalUser) || Boolean(comment.botActor);
  return {
    at,
    order: comment.id,
    rank: 5,
    event: {
      at: new Date(at),
      kind: 'comment',
      from: null,
      to: null,
      actor: personName(comment.user) ?? comment.externalUser?.name ?? comment.botActor?.name ?? null,
      actorIsBot: bot,
      // Linear has no internal notes: every comment is visible to the requester's workspace.
      public: true,
    },
  };
}

/**
 * An issue whose history holds no state change but that Linear says left triage (`triagedAt`): the
 * triage stay is restored so time to triage is not lost. Skipped triage (`startedTriageAt` null) adds nothing.
 */
function synthesisedTriageExit(issue: LinearIssue): Draft | null {
  if (!issue.startedTriageAt || !issue.triagedAt || issue.state.type === 'triage') return null;
  const at = Date.parse(issue.triagedAt);
  return {
    at,
    order: '',
    rank: 0,
    event: {
      at: new Date(at),
      kind: 'status',
      from: 'Triage',
      to: issue.state.name,
      actor: null,
      actorIsBot: true,
      public: null,
    },
  };
}

function personName(person: LinearPerson | null | undefined): string | null {
  if (!person) return null;
  return person.name ?? person.displayName ?? person.id;
}
