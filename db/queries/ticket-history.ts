import type postgres from 'postgres';
import type { StatusCategory, Ticket, TicketEvent } from '../../lib/domain/ticket';

// drizzle's postgres-js driver makes timestamps arrive as strings on the shared client; raw queries
// convert them here.
export function instantOf(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

export interface StoredTicket extends Ticket {
  id: string;
  statusCategory: StatusCategory;
}

interface TicketRowRaw {
  id: string;
  source: string;
  key: string;
  title: string;
  description: string;
  type: string | null;
  priority: string | null;
  labels: string[];
  team: string | null;
  requester: string | null;
  requester_team: string | null;
  assignee: string | null;
  status: string;
  status_category: StatusCategory;
  source_status_category: StatusCategory | null;
  url: string | null;
  created_at: Date | string;
}

interface EventRowRaw {
  ticket_id: string;
  seq: number;
  at: Date | string;
  kind: TicketEvent['kind'];
  from_value: string | null;
  to_value: string | null;
  actor: string | null;
  actor_is_bot: boolean;
  is_public: boolean | null;
}

export interface HistoryFilter {
  /** Only these ticket ids (for paging an API response or re-analysing changed tickets). */
  ids?: readonly string[];
  includeDeleted?: boolean;
  /** Tickets created in [createdFrom, createdTo). */
  createdFrom?: Date;
  createdTo?: Date;
  team?: string;
  source?: string;
  /** Only tickets in this request type (cluster id). */
  clusterId?: string;
  /** Keyset paging: ids strictly after this one. */
  afterId?: string;
}

function filterSql(sql: postgres.Sql, filter: HistoryFilter) {
  return sql`
    ${filter.includeDeleted ? sql`` : sql`and deleted_at is null`}
    ${filter.ids ? sql`and id = any(${filter.ids as string[]})` : sql``}
    ${filter.createdFrom ? sql`and created_at >= ${filter.createdFrom.toISOString()}::timestamptz` : sql``}
    ${filter.createdTo ? sql`and created_at < ${filter.createdTo.toISOString()}::timestamptz` : sql``}
    ${filter.team ? sql`and team = ${filter.team}` : sql``}
    ${filter.source ? sql`and source = ${filter.source}` : sql``}
    ${filter.clusterId ? sql`and id in (select ticket_id from cluster_members where cluster_id = ${filter.clusterId})` : sql``}`;
}

/** How many tickets a filter matches (the API's `total`). */
export async function countTicketHistories({
  sql,
  filter = {},
}: {
  sql: postgres.Sql;
  filter?: HistoryFilter;
}): Promise<number> {
  const [row] = await sql<
    { n: number }[]
  >`select count(*)::int as n from tickets where true ${filterSql(sql, filter)}`;
  return row?.n ?? 0;
}

/**
 * Stream tickets with their events in pages (keyset on id), so a million tickets never sit in
 * memory at once. Events come ordered by instant, then source sequence.
 */
export async function* streamTicketHistories({
  sql,
  filter = {},
  pageSize = 2000,
}: {
  sql: postgres.Sql;
  filter?: HistoryFilter;
  pageSize?: number;
}): AsyncGenerator<StoredTicket[]> {
  let after = filter.afterId ?? '';
  for (;;) {
    const rows = await sql<TicketRowRaw[]>`
      select id, source, key, title, description, type, priority, labels, team, requester, requester_team,
             assignee, status, status_category, source_status_category, url, created_at
      from tickets
      where id > ${after} ${filterSql(sql, filter)}
      order by id
      limit ${pageSize}`;
    if (rows.length === 0) return;
    const ids = rows.map((r) => r.id);
    const events = await sql<EventRowRaw[]>`
      select ticket_id, seq, at, kind, from_value, to_value, actor, actor_is_bot, is_public
      from ticket_events where ticket_id = any(${ids})
      order by ticket_id, at, seq`;
    const byTicket = new Map<string, TicketEvent[]>();
    for (const e of events) {
      const list = byTicket.get(e.ticket_id) ?? [];
      if (list.length === 0) byTicket.set(e.ticket_id, list);
      list.push({
        at: instantOf(e.at),
        seq: e.seq,
        kind: e.kind,
        from: e.from_value,
        to: e.to_value,
        actor: e.actor,
        actorIsBot: e.actor_is_bot,
        public: e.is_public,
      });
    }
    yield rows.map((r) => ({
      id: r.id,
      source: r.source,
      key: r.key,
      title: r.title,
      description: r.description,
      type: r.type,
      priority: r.priority,
      labels: r.labels,
      team: r.team,
      requester: r.requester,
      requesterTeam: r.requester_team,
      assignee: r.assignee,
      createdAt: instantOf(r.created_at),
      status: r.status,
      statusCategory: r.status_category,
      sourceStatusCategory: r.source_status_category,
      url: r.url,
      events: byTicket.get(r.id) ?? [],
    }));
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    after = last.id;
  }
}

/** What deriving a ticket reads: no texts or labels, plus the ticket's request type (cluster). */
export interface DerivationTicket
  extends Pick<
    StoredTicket,
    | 'id'
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
  > {
  clusterId: string | null;
}

export interface DerivationPage {
  tickets: DerivationTicket[];
  /** Full runs: the page covers every ticket id in (after, through], live or not. */
  idRange: { after: string; through: string } | null;
}

interface DerivationRowRaw {
  id: string;
  source: string;
  key: string;
  type: string | null;
  priority: string | null;
  team: string | null;
  requester: string | null;
  assignee: string | null;
  status: string;
  source_status_category: StatusCategory | null;
  created_ms: number;
  cluster_id: string | null;
}

interface DerivationEventRaw {
  ticket_id: string;
  seq: number;
  at_ms: number;
  kind: TicketEvent['kind'];
  from_value: string | null;
  to_value: string | null;
  actor: string | null;
  actor_is_bot: boolean;
  is_public: boolean | null;
}

/**
 * The analysis input in id order, `pageSize` live tickets a page: every ticket (keyset pages whose
 * events are read as one id range of the primary key, so no plan depends on statistics), or only the
 * given sorted ids. Instants travel as epoch milliseconds, which skips parsing timestamp text.
 */
export async function* streamDerivationInput({
  sql,
  ids = null,
  pageSize = 2000,
}: {
  sql: postgres.Sql;
  ids?: readonly string[] | null;
  pageSize?: number;
}): AsyncGenerator<DerivationPage> {
  let after = '';
  for (let offset = 0; ; offset += pageSize) {
    const slice = ids?.slice(offset, offset + pageSize) ?? null;
    if (slice?.length === 0) return;
    const rows = await sql<DerivationRowRaw[]>`
      select t.id, t.source, t.key, t.type, t.priority, t.team, t.requester, t.assignee, t.status,
             t.source_status_category, (extract(epoch from t.created_at) * 1000)::float8 as created_ms,
             (select cm.cluster_id from cluster_members cm where cm.ticket_id = t.id) as cluster_id
      from tickets t
      where t.deleted_at is null
        ${slice ? sql`and t.id = any(${slice as string[]})` : sql`and t.id > ${after}`}
      order by t.id
      ${slice ? sql`` : sql`limit ${pageSize}`}`;
    if (rows.length === 0) {
      if (slice) continue;
      return;
    }
    const last = (rows[rows.length - 1] as DerivationRowRaw).id;
    const events = await sql<DerivationEventRaw[]>`
      select ticket_id, seq, (extract(epoch from at) * 1000)::float8 as at_ms, kind, from_value, to_value,
             actor, actor_is_bot, is_public
      from ticket_events
      where ${slice ? sql`ticket_id = any(${slice as string[]})` : sql`ticket_id > ${after} and ticket_id <= ${last}`}
      order by ticket_id, at, seq`;
    const byTicket = new Map<string, TicketEvent[]>();
    let list: TicketEvent[] = [];
    let listOf = '';
    for (const e of events) {
      if (e.ticket_id !== listOf) {
        listOf = e.ticket_id;
        list = [];
        byTicket.set(listOf, list);
      }
      list.push({
        at: new Date(e.at_ms),
        seq: e.seq,
        kind: e.kind,
        from: e.from_value,
        to: e.to_value,
        actor: e.actor,
        actorIsBot: e.actor_is_bot,
        public: e.is_public,
      });
    }
    const tickets = rows.map((r) => ({
      id: r.id,
      source: r.source,
      key: r.key,
      type: r.type,
      priority: r.priority,
      team: r.team,
      requester: r.requester,
      assignee: r.assignee,
      status: r.status,
      sourceStatusCategory: r.source_status_category,
      createdAt: new Date(r.created_ms),
      clusterId: r.cluster_id,
      events: byTicket.get(r.id) ?? [],
    }));
    yield { tickets, idRange: slice ? null : { after, through: last } };
    if (!slice && rows.length < pageSize) return;
    after = last;
  }
}
