// The canonical ticket model every source is mapped into (DESIGN.md §2). Imports nothing.

export const STATUS_CATEGORIES = ['triage', 'queue', 'active', 'waiting', 'done', 'canceled'] as const;
export type StatusCategory = (typeof STATUS_CATEGORIES)[number];

export const EVENT_KINDS = [
  'status',
  'assignee',
  'comment',
  'label',
  'priority',
  'resolution',
  'link',
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * One change to a ticket. Events are ordered by `at`, then by `seq` (the source's own order),
 * never by arrival order.
 * - status: from/to are status names
 * - assignee: from/to are people (null = unassigned)
 * - comment: actor wrote; `public` false for internal notes
 * - label: `to` is the label added, or `from` the label removed
 * - priority / resolution: from/to values (resolution `to` null = cleared)
 * - link: `to` is the linked key
 */
export interface TicketEvent {
  at: Date;
  seq: number;
  kind: EventKind;
  from: string | null;
  to: string | null;
  actor: string | null;
  actorIsBot: boolean;
  public: boolean | null;
}

export interface Ticket {
  source: string;
  key: string;
  title: string;
  description: string;
  type: string | null;
  priority: string | null;
  labels: string[];
  /** The queue that owns the ticket. */
  team: string | null;
  requester: string | null;
  requesterTeam: string | null;
  assignee: string | null;
  createdAt: Date;
  /** Current status name as the source spells it. */
  status: string;
  /** The source's own category for the current status, when it has one. */
  sourceStatusCategory: StatusCategory | null;
  url: string | null;
  events: TicketEvent[];
}

/** A deployment, for the dora.dev metrics. */
export interface Deployment {
  source: string;
  externalId: string;
  service: string;
  environment: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: 'success' | 'failure' | 'in_progress' | 'canceled';
  /** Commit instants of the changes it shipped (for change lead time). */
  commitTimes: Date[];
  /** True when this deployment was a rollback/hotfix of an earlier one (rework). */
  isRework: boolean;
}

export function compareEvents(a: TicketEvent, b: TicketEvent): number {
  return a.at.getTime() - b.at.getTime() || a.seq - b.seq;
}

/** A stay in one status: half-open [enteredAt, leftAt); leftAt null = still there. */
export interface StatusInterval {
  status: string;
  category: StatusCategory;
  enteredAt: Date;
  leftAt: Date | null;
}

/** One run of a self-service automation (the v2 audit trail). */
export interface AutomationRun {
  automation: string;
  at: Date;
  actor: string | null;
  outcome: 'success' | 'failure';
  durationSeconds: number | null;
}
