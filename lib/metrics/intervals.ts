import { compareEvents, type StatusCategory, type StatusInterval, type Ticket } from '../domain/ticket';

/**
 * Status intervals of a ticket, half-open [enteredAt, leftAt); the last one has leftAt null.
 * Status events are ordered by `at`, then `seq`; equal keys keep array (source) order.
 * Events before createdAt are clamped to createdAt, so zero-length intervals can appear and are kept.
 * An event whose `to` is null or equal to the current status is not a transition and is skipped.
 */
export function buildIntervals(
  ticket: Pick<Ticket, 'createdAt' | 'status' | 'events'>,
  categoryOf: (status: string) => StatusCategory,
): StatusInterval[] {
  const statusEvents = ticket.events.filter((e) => e.kind === 'status').sort(compareEvents);
  const first = statusEvents[0];
  // A first event without `from` records the creation status itself (some sources log it that way).
  let current = first ? (first.from ?? first.to ?? ticket.status) : ticket.status;
  let enteredAt = ticket.createdAt;
  const intervals: StatusInterval[] = [];

  for (const event of statusEvents) {
    const to = event.to;
    if (to === null || to === current) continue;
    const at = event.at.getTime() < ticket.createdAt.getTime() ? ticket.createdAt : event.at;
    intervals.push({ status: current, category: categoryOf(current), enteredAt, leftAt: at });
    current = to;
    enteredAt = at;
  }
  intervals.push({ status: current, category: categoryOf(current), enteredAt, leftAt: null });
  return intervals;
}
