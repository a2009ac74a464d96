import type postgres from 'postgres';
import type { CandidateTicket } from '../../lib/toil/candidates';
import type { ParameterSlot, TemplateSummary } from '../../lib/toil/types';
import { instantOf } from './ticket-history';

/** Which tickets a cluster report looks at: created in [from, to), not deleted, optional filters. */
export interface ClusterTicketScope {
  from?: Date;
  to?: Date;
  team?: string;
  source?: string;
  clusterId?: string;
}

function scopeSql(sql: postgres.Sql, scope: ClusterTicketScope) {
  return sql`
    t.deleted_at is null
    ${scope.from ? sql`and t.created_at >= ${scope.from.toISOString()}::timestamptz` : sql``}
    ${scope.to ? sql`and t.created_at < ${scope.to.toISOString()}::timestamptz` : sql``}
    ${scope.team ? sql`and t.team = ${scope.team}` : sql``}
    ${scope.source ? sql`and t.source = ${scope.source}` : sql``}`;
}

export interface ClusterRecord {
  id: string;
  label: string;
  template: string | null;
  /** Values seen per `<*>` slot of the top template. */
  parameters: ParameterSlot[];
  /** Every title template in the cluster with its ticket count (split overrides name these ids). */
  templates: TemplateSummary[];
  terms: string[];
  /** Ticket keys, most typical first. */
  examples: string[];
  excluded: boolean;
  tickets: number;
}

/** Stored clusters (the request types of the last clustering, overrides applied); all, or the ids asked. */
export async function listClusters({
  sql,
  ids,
}: {
  sql: postgres.Sql;
  ids?: readonly string[];
}): Promise<ClusterRecord[]> {
  const rows = await sql<
    {
      id: string;
      label: string;
      template: string | null;
      parameters: ParameterSlot[] | null;
      templates: TemplateSummary[] | null;
      terms: string[] | null;
      examples: string[] | null;
      excluded: boolean;
      tickets: number;
    }[]
  >`select id, label, template, parameters, templates, terms, examples, excluded, tickets
    from clusters ${ids ? sql`where id = any(${ids as string[]})` : sql``}
    order by id`;
  return rows.map((r) => ({
    id: r.id,
    label: r.label,
    template: r.template,
    parameters: r.parameters ?? [],
    templates: r.templates ?? [],
    terms: r.terms ?? [],
    examples: r.examples ?? [],
    excluded: r.excluded,
    tickets: r.tickets,
  }));
}

/** Tickets in scope (clustered or not) and the earliest creation instant among them. */
export async function getScopeTotals({
  sql,
  scope,
}: {
  sql: postgres.Sql;
  scope: Omit<ClusterTicketScope, 'clusterId'>;
}): Promise<{ tickets: number; firstCreatedAt: Date | null }> {
  const [row] = await sql<{ n: number; first: Date | string | null }[]>`
    select count(*)::int as n, min(t.created_at) as first from tickets t where ${scopeSql(sql, scope)}`;
  return { tickets: row?.n ?? 0, firstCreatedAt: row?.first ? instantOf(row.first) : null };
}

interface ClusterTicketRaw {
  id: string;
  key: string;
  created_at: Date | string;
  cluster_id: string;
  template_id: string | null;
  assignee: string | null;
  resolved: boolean;
  lead_time_hours: number | null;
  queue_hours: number | null;
  waiting_hours: number | null;
  active_hours: number | null;
  path: string[] | null;
  slo_missed: boolean;
}

/**
 * The clustered tickets in scope with their stored metrics (from the last `analyze`), status path and
 * SLO outcome, in keyset pages by ticket id so a large history never sits in memory.
 */
export async function* streamClusterTickets({
  sql,
  scope,
  pageSize = 5000,
}: {
  sql: postgres.Sql;
  scope: ClusterTicketScope;
  pageSize?: number;
}): AsyncGenerator<CandidateTicket[]> {
  let after = '';
  for (;;) {
    const rows = await sql<ClusterTicketRaw[]>`
      select t.id, t.key, t.created_at, m.cluster_id, m.template_id, t.assignee,
             (tm.first_resolved_at is not null) as resolved,
             tm.lead_time_first_hours as lead_time_hours,
             tm.queue_hours, tm.waiting_hours, tm.active_hours,
             (select array_agg(i.status order by i.ordinal) from ticket_intervals i where i.ticket_id = t.id) as path,
             exists (select 1 from slo_cycles s where s.ticket_id = t.id and s.breached) as slo_missed
      from cluster_members m
      join tickets t on t.id = m.ticket_id
      left join ticket_metrics tm on tm.ticket_id = t.id
      where t.id > ${after} and ${scopeSql(sql, scope)}
        ${scope.clusterId ? sql`and m.cluster_id = ${scope.clusterId}` : sql``}
      order by t.id
      limit ${pageSize}`;
    if (rows.length === 0) return;
    yield rows.map((r) => ({
      clusterId: r.cluster_id,
      key: r.key,
      createdAt: instantOf(r.created_at),
      resolved: r.resolved,
      leadTimeHours: r.lead_time_hours,
      queueHours: r.queue_hours ?? 0,
      waitingHours: r.waiting_hours ?? 0,
      activeHours: r.active_hours ?? 0,
      templateId: r.template_id,
      path: r.path,
      assignee: r.assignee,
      sloMissed: r.slo_missed,
    }));
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return;
    after = last.id;
  }
}

/**
 * Which of the given tickets (by key or id) are in a cluster and in scope, as cluster id → (reference →
 * key): the stored example tickets a report may show for its window.
 */
export async function listClusterKeysInScope({
  sql,
  scope,
  refs,
}: {
  sql: postgres.Sql;
  scope: ClusterTicketScope;
  refs: readonly string[];
}): Promise<Map<string, Map<string, string>>> {
  const out = new Map<string, Map<string, string>>();
  if (refs.length === 0) return out;
  const rows = await sql<{ cluster_id: string; key: string; id: string }[]>`
    select m.cluster_id, t.key, t.id
    from cluster_members m join tickets t on t.id = m.ticket_id
    where (t.key = any(${refs as string[]}) or t.id = any(${refs as string[]})) and ${scopeSql(sql, scope)}
      ${scope.clusterId ? sql`and m.cluster_id = ${scope.clusterId}` : sql``}`;
  for (const r of rows) {
    const keys = out.get(r.cluster_id) ?? new Map<string, string>();
    keys.set(r.key, r.key);
    keys.set(r.id, r.key);
    out.set(r.cluster_id, keys);
  }
  return out;
}
