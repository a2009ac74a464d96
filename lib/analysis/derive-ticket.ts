import { createHash } from 'node:crypto';
import type { ToilscopeConfig } from '../config';
import { sloCalendar } from '../config';
import { resolveStatus } from '../domain/status-map';
import type { StatusInterval, Ticket } from '../domain/ticket';
import type { BusinessCalendar } from '../metrics/calendar';
import { type TicketFlow, ticketFlow } from '../metrics/flow';
import { buildIntervals } from '../metrics/intervals';
import { computeSloCycles, type SloCycle, type SloPolicy } from '../metrics/slo';

export interface DerivedTicket {
  intervals: StatusInterval[];
  flow: TicketFlow;
  slo: SloCycle[];
}

/** The ticket fields derivation reads (texts and labels never shape derived rows). */
export type DerivableTicket = Pick<
  Ticket,
  | 'source'
  | 'key'
  | 'type'
  | 'priority'
  | 'team'
  | 'requester'
  | 'assignee'
  | 'status'
  | 'sourceStatusCategory'
  | 'createdAt'
  | 'events'
>;

/** Everything derived from one config, prepared once per analysis run rather than per ticket. */
export interface Derivation {
  config: ToilscopeConfig;
  botNames: ReadonlySet<string>;
  policies: Array<{ policy: SloPolicy; calendar: BusinessCalendar }>;
  categoryOf(status: string): StatusInterval['category'];
  /** Status names that fell back to `queue` because nothing mapped them. */
  unmapped: Set<string>;
}

/** A calendar's version is a digest of its definition, so a result names exactly what produced it. */
export function calendarVersion(name: string, calendar: object): string {
  const digest = createHash('sha256').update(JSON.stringify(calendar)).digest('hex').slice(0, 12);
  return `${name}@${digest}`;
}

/** `withSlo: false` skips SLO cycles (flow and DORA reports never read them). */
export function prepareDerivation(config: ToilscopeConfig, options: { withSlo?: boolean } = {}): Derivation {
  const slos = options.withSlo === false ? [] : config.slos;
  const unmapped = new Set<string>();
  const cache = new Map<string, StatusInterval['category']>();
  return {
    config,
    botNames: new Set(config.botNames),
    unmapped,
    policies: slos.map((policy) => {
      const calendar = sloCalendar(config, policy);
      const name = policy.calendar ?? '24x7';
      return { policy, calendar: { ...calendar, version: calendarVersion(name, calendar) } };
    }),
    categoryOf(status: string) {
      const hit = cache.get(status);
      if (hit) return hit;
      const resolved = resolveStatus(status, config.statusMap);
      if (resolved.unmapped) unmapped.add(status);
      cache.set(status, resolved.category);
      return resolved.category;
    },
  };
}

/**
 * Intervals, flow metrics and SLO cycles of one ticket as of `asOf`. The ticket's current status may
 * carry the source's own category; historic statuses are categorised by name.
 */
export function deriveTicket(
  ticket: DerivableTicket,
  derivation: Derivation,
  asOf: Date,
  clusterId: string | null = null,
): DerivedTicket {
  const categoryOf = (status: string) =>
    status === ticket.status && ticket.sourceStatusCategory && !(status in derivation.config.statusMap)
      ? ticket.sourceStatusCategory
      : derivation.categoryOf(status);
  const intervals = buildIntervals(ticket, categoryOf);
  const flow = ticketFlow({
    ticket,
    intervals,
    asOf,
    botNames: derivation.botNames,
    firstResponseOnStatusChange: derivation.config.firstResponseOnStatusChange,
  });
  const firstResponseAt =
    flow.timeToFirstResponseHours === null
      ? null
      : new Date(ticket.createdAt.getTime() + Math.round(flow.timeToFirstResponseHours * 3_600_000));
  const slo = derivation.policies.flatMap(({ policy, calendar }) =>
    computeSloCycles(policy, { ticket, intervals, firstResponseAt, clusterId }, calendar, asOf),
  );
  return { intervals, flow, slo };
}
