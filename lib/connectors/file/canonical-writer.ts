import type { Ticket } from '../../domain/ticket';

/** A canonical ticket as the import format spells it (CONTRACT.md), e.g. to write NDJSON fixtures. */
export function toCanonicalRecord(ticket: Ticket): Record<string, unknown> {
  return {
    source: ticket.source,
    key: ticket.key,
    title: ticket.title,
    description: ticket.description,
    type: ticket.type,
    priority: ticket.priority,
    labels: ticket.labels,
    team: ticket.team,
    requester: ticket.requester,
    requesterTeam: ticket.requesterTeam,
    assignee: ticket.assignee,
    createdAt: ticket.createdAt.toISOString(),
    status: ticket.status,
    url: ticket.url,
    events: ticket.events.map((e) => ({
      at: e.at.toISOString(),
      type: e.kind,
      from: e.from,
      to: e.to,
      actor: e.actor,
      ...(e.kind === 'comment' ? { public: e.public ?? true } : {}),
      ...(e.actorIsBot ? { actorIsBot: true } : {}),
    })),
  };
}
