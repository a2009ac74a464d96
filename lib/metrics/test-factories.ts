// Builders for metric tests only (not re-exported): hours are offsets from a fixed origin.
import { resolveStatus } from '../domain/status-map';
import type { StatusCategory, TicketEvent } from '../domain/ticket';

export const T0 = new Date('2025-03-03T09:00:00Z');

export function at(hours: number, origin: Date = T0): Date {
  return new Date(origin.getTime() + hours * 3_600_000);
}

export function event(hours: number, overrides: Partial<TicketEvent> = {}): TicketEvent {
  return {
    at: at(hours),
    seq: 0,
    kind: 'status',
    from: null,
    to: null,
    actor: 'agent',
    actorIsBot: false,
    public: null,
    ...overrides,
  };
}

export function statusEvent(hours: number, from: string, to: string, seq = 0): TicketEvent {
  return event(hours, { kind: 'status', from, to, seq });
}

/** Status names used in tests are their own category names ("queue", "active", …) or well-known ones. */
export function categoryOf(status: string): StatusCategory {
  return resolveStatus(status, {}).category;
}
