import { compareEvents, type Ticket, type TicketEvent } from '../../domain/ticket';
import { canonicalTicketSchema, formatIssues, issueMessages } from './schemas';

export type MapResult = { ok: true; ticket: Ticket } | { ok: false; reason: string };

/**
 * One parsed JSON value of the canonical format → Ticket. Events keep their array position as `seq`
 * and are sorted by (at, seq); a missing `status` falls back to the last status event's `to`.
 * Comments without `public` count as public (exports rarely carry internal notes unmarked).
 */
export function mapCanonicalTicket(value: unknown, opts: { source: string }): MapResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return {
      ok: false,
      reason: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : String(value === null ? 'null' : typeof value)}`,
    };
  }
  const parsed = canonicalTicketSchema.safeParse(value, { error: issueMessages });
  if (!parsed.success) return { ok: false, reason: formatIssues(parsed.error.issues) };
  const t = parsed.data;

  const events: TicketEvent[] = t.events.map((e, seq) => ({
    at: e.at,
    seq,
    kind: e.type,
    from: e.from,
    to: e.to,
    actor: e.actor,
    actorIsBot: e.actorIsBot,
    public: e.type === 'comment' ? (e.public ?? true) : e.public,
  }));
  events.sort(compareEvents);

  let status = t.status ?? null;
  if (status === null) {
    for (const e of events) if (e.kind === 'status' && e.to !== null) status = e.to;
  }
  if (status === null)
    return { ok: false, reason: 'status: required (no status field and no status events)' };

  return {
    ok: true,
    ticket: {
      source: t.source ?? opts.source,
      key: t.key,
      title: t.title,
      description: t.description,
      type: t.type,
      priority: t.priority,
      labels: t.labels,
      team: t.team,
      requester: t.requester,
      requesterTeam: t.requesterTeam,
      assignee: t.assignee,
      createdAt: t.createdAt,
      status,
      sourceStatusCategory: t.statusCategory ?? null,
      url: t.url,
      events,
    },
  };
}
