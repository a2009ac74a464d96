// Records one ticket's history in time order and keeps its current state, so the ticket's fields
// are always those of its last event before endAt and status `from`s chain by construction.
import type { EventKind, StatusCategory, TicketEvent } from '../../lib/domain/ticket';

export const STATUS_CATEGORY: Readonly<Record<string, StatusCategory>> = {
  Triage: 'triage',
  'To Do': 'queue',
  'In Progress': 'active',
  'In Review': 'active',
  'Waiting for customer': 'waiting',
  Done: 'done',
  "Won't Do": 'canceled',
};

export class TicketBuilder {
  readonly events: TicketEvent[] = [];
  status: string;
  assignee: string | null = null;
  priority: string;
  resolution: string | null = null;
  labels: string[];
  /** Instant of the last recorded event; later events never go before it. */
  clock: number;
  /** True once an event fell at or after endAt: the rest of the story has not happened yet. */
  cut = false;
  publicReply = false;

  constructor(
    createdAt: number,
    private readonly endAt: number,
    initialStatus: string,
    priority: string,
    labels: string[],
  ) {
    this.clock = createdAt;
    this.status = initialStatus;
    this.priority = priority;
    this.labels = labels;
  }

  /** False when the event would happen at/after endAt; then every later one is dropped too. */
  private push(
    at: number,
    kind: EventKind,
    from: string | null,
    to: string | null,
    actor: string | null,
    actorIsBot = false,
    isPublic: boolean | null = null,
  ): boolean {
    const when = Math.max(Math.round(at / 1000) * 1000, this.clock);
    if (this.cut || when >= this.endAt) {
      this.cut = true;
      return false;
    }
    this.clock = when;
    this.events.push({
      at: new Date(when),
      seq: this.events.length + 1,
      kind,
      from,
      to,
      actor,
      actorIsBot,
      public: isPublic,
    });
    return true;
  }

  moveTo(at: number, to: string, actor: string, isBot = false): boolean {
    if (!this.push(at, 'status', this.status, to, actor, isBot)) return false;
    this.status = to;
    return true;
  }

  assign(at: number, to: string | null, actor: string): boolean {
    if (!this.push(at, 'assignee', this.assignee, to, actor)) return false;
    this.assignee = to;
    return true;
  }

  comment(at: number, actor: string, isPublic: boolean, isBot = false): boolean {
    if (!this.push(at, 'comment', null, null, actor, isBot, isPublic)) return false;
    if (isPublic && !isBot) this.publicReply = true;
    return true;
  }

  reprioritise(at: number, to: string, actor: string): boolean {
    if (!this.push(at, 'priority', this.priority, to, actor)) return false;
    this.priority = to;
    return true;
  }

  resolve(at: number, to: string | null, actor: string, isBot = false): boolean {
    if (!this.push(at, 'resolution', this.resolution, to, actor, isBot)) return false;
    this.resolution = to;
    return true;
  }

  addLabel(at: number, label: string, actor: string): boolean {
    if (!this.push(at, 'label', null, label, actor)) return false;
    this.labels.push(label);
    return true;
  }

  link(at: number, key: string, actor: string): boolean {
    return this.push(at, 'link', null, key, actor);
  }
}
