import type { StoredTicket } from '../../db/queries/ticket-history';
import type { DerivedTicket } from './derive-ticket';

export interface TicketSloExport {
  name: string;
  cycle: number;
  startedAt: string;
  stoppedAt: string | null;
  elapsedBusinessHours: number;
  goalHours: number;
  met: boolean | null;
  breached: boolean;
  breachedAt: string | null;
  remainingHours: number | null;
  ongoing: boolean;
}

/** One row of `export tickets` / `GET /api/v1/tickets`, with exactly the fields of CONTRACT.md. */
export interface TicketExport {
  source: string;
  key: string;
  title: string;
  team: string | null;
  type: string | null;
  priority: string | null;
  status: string;
  statusCategory: string;
  createdAt: string;
  firstResolvedAt: string | null;
  resolvedAt: string | null;
  clusterId: string | null;
  clusterLabel: string | null;
  leadTimeFirstHours: number | null;
  leadTimeFinalHours: number | null;
  cycleTimeHours: number | null;
  queueHours: number | null;
  waitingHours: number | null;
  activeHours: number | null;
  flowEfficiency: number | null;
  timeToFirstResponseHours: number | null;
  timeToAssignHours: number | null;
  timeToTriageHours: number | null;
  reopenCount: number;
  slo: TicketSloExport[];
}

export const TICKET_EXPORT_COLUMNS = [
  'source',
  'key',
  'title',
  'team',
  'type',
  'priority',
  'status',
  'statusCategory',
  'createdAt',
  'firstResolvedAt',
  'resolvedAt',
  'clusterId',
  'clusterLabel',
  'leadTimeFirstHours',
  'leadTimeFinalHours',
  'cycleTimeHours',
  'queueHours',
  'waitingHours',
  'activeHours',
  'flowEfficiency',
  'timeToFirstResponseHours',
  'timeToAssignHours',
  'timeToTriageHours',
  'reopenCount',
  'slo',
] as const satisfies ReadonlyArray<keyof TicketExport>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
// Rounded to 1e-9 h (far finer than the 1e-6 the contract allows) so float noise never leaks out.
const hours = (h: number | null) => (h === null ? null : Math.round(h * 1e9) / 1e9);

export function toTicketExport(
  ticket: StoredTicket,
  derived: DerivedTicket,
  cluster: { id: string; label: string } | null,
): TicketExport {
  const f = derived.flow;
  return {
    source: ticket.source,
    key: ticket.key,
    title: ticket.title,
    team: ticket.team,
    type: ticket.type,
    priority: ticket.priority,
    status: ticket.status,
    statusCategory: f.currentCategory ?? ticket.statusCategory,
    createdAt: ticket.createdAt.toISOString(),
    firstResolvedAt: iso(f.firstResolvedAt),
    resolvedAt: iso(f.resolvedAt),
    clusterId: cluster?.id ?? null,
    clusterLabel: cluster?.label ?? null,
    leadTimeFirstHours: hours(f.leadTimeFirstHours),
    leadTimeFinalHours: hours(f.leadTimeFinalHours),
    cycleTimeHours: hours(f.cycleTimeHours),
    queueHours: hours(f.queueHours),
    waitingHours: hours(f.waitingHours),
    activeHours: hours(f.activeHours),
    flowEfficiency: f.flowEfficiency === null ? null : Math.round(f.flowEfficiency * 1e9) / 1e9,
    timeToFirstResponseHours: hours(f.timeToFirstResponseHours),
    timeToAssignHours: hours(f.timeToAssignHours),
    timeToTriageHours: hours(f.timeToTriageHours),
    reopenCount: f.reopenCount,
    slo: derived.slo.map((c) => ({
      name: c.policy,
      cycle: c.cycle,
      startedAt: c.startedAt.toISOString(),
      stoppedAt: iso(c.stoppedAt),
      elapsedBusinessHours: hours(c.elapsedBusinessHours) ?? 0,
      goalHours: c.goalHours,
      met: c.met,
      breached: c.breached,
      breachedAt: iso(c.breachedAt),
      remainingHours: hours(c.remainingHours),
      ongoing: c.ongoing,
    })),
  };
}
