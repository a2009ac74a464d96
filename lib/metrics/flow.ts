import {
  compareEvents,
  type StatusCategory,
  type StatusInterval,
  type Ticket,
  type TicketEvent,
} from '../domain/ticket';

const HOUR_MS = 3_600_000;

export interface TicketFlowInput {
  ticket: Pick<Ticket, 'createdAt' | 'requester' | 'assignee' | 'events'>;
  /** From buildIntervals. */
  intervals: readonly StatusInterval[];
  asOf: Date;
  /** Actors whose comments never count as a response, besides those flagged actorIsBot. */
  botNames?: ReadonlySet<string>;
  /** Also count the first status change out of the first queue/triage status as a response. */
  firstResponseOnStatusChange?: boolean;
}

/** Per-ticket flow metrics; durations in elapsed hours, unrounded; null where one does not apply. */
export interface TicketFlow {
  /** Category at asOf; null when the ticket did not exist yet. */
  currentCategory: StatusCategory | null;
  /** Not done and not canceled at asOf. */
  open: boolean;
  /** First entry into done. */
  firstResolvedAt: Date | null;
  /** Start of the final run of done statuses; null unless done at asOf (canceled is not resolved). */
  resolvedAt: Date | null;
  /** First time the ticket left done for a working category. */
  firstReopenedAt: Date | null;
  leadTimeFirstHours: number | null;
  leadTimeFinalHours: number | null;
  cycleTimeHours: number | null;
  /** Includes triage time (CONTRACT). */
  queueHours: number;
  triageHours: number;
  waitingHours: number;
  activeHours: number;
  /** Time in done outside the final done run (before a reopen or a cancel). */
  doneInterimHours: number;
  /** All time in canceled; for a ticket canceled at asOf it runs up to asOf. */
  canceledHours: number;
  flowEfficiency: number | null;
  timeToFirstResponseHours: number | null;
  timeToAssignHours: number | null;
  timeToTriageHours: number | null;
  reopenCount: number;
}

const WORKING: ReadonlySet<StatusCategory> = new Set(['triage', 'queue', 'active', 'waiting']);

/**
 * Flow metrics as of `asOf`: intervals and events after asOf are ignored, and the interval current at
 * asOf runs up to asOf, so for open tickets the Σ times are "so far" and lead/cycle time are null.
 * Invariant for a ticket done at asOf: leadTimeFinal = active + queue + waiting + doneInterim + canceled.
 */
export function ticketFlow(input: TicketFlowInput): TicketFlow {
  const { ticket, asOf } = input;
  const asOfMs = asOf.getTime();
  const createdMs = ticket.createdAt.getTime();
  const spans = clipToAsOf(input.intervals, asOfMs);

  const sums: Record<StatusCategory, number> = {
    triage: 0,
    queue: 0,
    active: 0,
    waiting: 0,
    done: 0,
    canceled: 0,
  };
  for (const span of spans) sums[span.category] += span.endMs - span.startMs;

  const last = spans.at(-1);
  const currentCategory = last?.category ?? null;
  const finalDoneStart = currentCategory === 'done' ? startOfFinalRun(spans, 'done') : null;
  const finalDoneMs = finalDoneStart === null ? 0 : asOfMs - finalDoneStart;

  const firstDone = spans.find((s) => s.category === 'done');
  const firstActive = spans.find((s) => s.category === 'active');
  let reopenCount = 0;
  let firstReopenedMs: number | null = null;
  for (let i = 1; i < spans.length; i++) {
    const prev = spans[i - 1];
    const span = spans[i];
    if (prev?.category === 'done' && span && WORKING.has(span.category)) {
      reopenCount++;
      firstReopenedMs ??= span.startMs;
    }
  }

  const queueMs = sums.queue + sums.triage;
  const efficiencyDenominator = sums.active + queueMs + sums.waiting;
  const hoursFromCreated = (ms: number | null) => (ms === null ? null : toHours(ms - createdMs));

  return {
    currentCategory,
    open: currentCategory !== null && WORKING.has(currentCategory),
    firstResolvedAt: firstDone ? new Date(firstDone.startMs) : null,
    resolvedAt: finalDoneStart === null ? null : new Date(finalDoneStart),
    firstReopenedAt: firstReopenedMs === null ? null : new Date(firstReopenedMs),
    leadTimeFirstHours: hoursFromCreated(firstDone?.startMs ?? null),
    leadTimeFinalHours: hoursFromCreated(finalDoneStart),
    cycleTimeHours:
      finalDoneStart !== null && firstActive ? toHours(finalDoneStart - firstActive.startMs) : null,
    queueHours: toHours(queueMs),
    triageHours: toHours(sums.triage),
    waitingHours: toHours(sums.waiting),
    activeHours: toHours(sums.active),
    doneInterimHours: toHours(sums.done - finalDoneMs),
    canceledHours: toHours(sums.canceled),
    flowEfficiency: efficiencyDenominator > 0 ? sums.active / efficiencyDenominator : null,
    timeToFirstResponseHours: hoursFromCreated(firstResponseMs(input, spans)),
    timeToAssignHours: timeToAssignHours(ticket, asOfMs),
    timeToTriageHours: timeToTriageHours(spans),
    reopenCount,
  };
}

/** Portfolio flow efficiency: Σactive / Σ(active + queue + waiting); null when that sum is 0. */
export function flowEfficiencyPooled(
  rows: ReadonlyArray<Pick<TicketFlow, 'activeHours' | 'queueHours' | 'waitingHours'>>,
): number | null {
  let active = 0;
  let total = 0;
  for (const row of rows) {
    active += row.activeHours;
    total += row.activeHours + row.queueHours + row.waitingHours;
  }
  return total > 0 ? active / total : null;
}

/** Mean of per-ticket ratios (tickets without a ratio are skipped); a different number from pooled. */
export function flowEfficiencyMeanOfRatios(
  rows: ReadonlyArray<Pick<TicketFlow, 'flowEfficiency'>>,
): number | null {
  const ratios = rows.map((r) => r.flowEfficiency).filter((r): r is number => r !== null);
  return ratios.length > 0 ? ratios.reduce((sum, r) => sum + r, 0) / ratios.length : null;
}

interface Span {
  status: string;
  category: StatusCategory;
  startMs: number;
  endMs: number;
}

function clipToAsOf(intervals: readonly StatusInterval[], asOfMs: number): Span[] {
  const spans: Span[] = [];
  for (const interval of intervals) {
    const startMs = interval.enteredAt.getTime();
    if (startMs > asOfMs) break;
    const endMs = Math.min(interval.leftAt?.getTime() ?? asOfMs, asOfMs);
    spans.push({ status: interval.status, category: interval.category, startMs, endMs });
  }
  return spans;
}

function startOfFinalRun(spans: readonly Span[], category: StatusCategory): number | null {
  let start: number | null = null;
  for (let i = spans.length - 1; i >= 0; i--) {
    const span = spans[i];
    if (span?.category !== category) break;
    start = span.startMs;
  }
  return start;
}

function isResponder(event: TicketEvent, requester: string | null, botNames?: ReadonlySet<string>): boolean {
  if (event.actorIsBot) return false;
  if (event.actor !== null && (event.actor === requester || botNames?.has(event.actor))) return false;
  return true;
}

// `public` null means the source has no internal notes (GitHub, plain Jira), so the comment is public.
function firstResponseMs(input: TicketFlowInput, spans: readonly Span[]): number | null {
  const { ticket, asOf, botNames } = input;
  const createdMs = ticket.createdAt.getTime();
  const events = [...ticket.events].sort(compareEvents).filter((e) => e.at.getTime() <= asOf.getTime());
  const comment = events.find(
    (e) => e.kind === 'comment' && e.public !== false && isResponder(e, ticket.requester, botNames),
  );
  let best = comment ? Math.max(comment.at.getTime(), createdMs) : null;

  if (input.firstResponseOnStatusChange) {
    const firstQueue = spans.find((s) => s.category === 'queue' || s.category === 'triage');
    const change = firstQueue
      ? events.find(
          (e) =>
            e.kind === 'status' &&
            e.from === firstQueue.status &&
            Math.max(e.at.getTime(), createdMs) >= firstQueue.startMs &&
            isResponder(e, ticket.requester, botNames),
        )
      : undefined;
    const changeMs = change ? Math.max(change.at.getTime(), createdMs) : null;
    if (changeMs !== null && (best === null || changeMs < best)) best = changeMs;
  }
  return best;
}

/**
 * Created → first assignee. A first assignee event with a non-null `from`, or no assignee events but a
 * current assignee, means the ticket was created assigned: 0.
 */
function timeToAssignHours(ticket: TicketFlowInput['ticket'], asOfMs: number): number | null {
  const createdMs = ticket.createdAt.getTime();
  const events = ticket.events.filter((e) => e.kind === 'assignee').sort(compareEvents);
  const first = events[0];
  if (!first) return ticket.assignee !== null ? 0 : null;
  if (first.from !== null) return 0;
  const assigned = events.find((e) => e.to !== null && e.at.getTime() <= asOfMs);
  return assigned ? toHours(Math.max(0, assigned.at.getTime() - createdMs)) : null;
}

/** Entered triage → left triage (first stay); null if never in triage or still there at asOf. */
function timeToTriageHours(spans: readonly Span[]): number | null {
  const start = spans.findIndex((s) => s.category === 'triage');
  const first = spans[start];
  if (!first) return null;
  const leftAt = spans.slice(start).find((s) => s.category !== 'triage');
  return leftAt ? toHours(leftAt.startMs - first.startMs) : null;
}

function toHours(ms: number): number {
  return ms / HOUR_MS;
}
