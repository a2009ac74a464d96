import { sql } from 'drizzle-orm';
import { resolveStatus, type StatusMap } from '../../lib/domain/status-map';
import type { Db } from '../client';

// The Sync page: connections and how fresh their data is, recent runs with their figures, and what the
// analysis could not map. Instants travel as ISO strings (see overview.ts).

const isoText = (column: ReturnType<typeof sql>) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

export interface ConnectionStatus {
  id: number;
  name: string;
  kind: string;
  baseUrl: string | null;
  scope: Record<string, unknown>;
  schedule: string | null;
  liveTickets: number;
  deletedTickets: number;
  /** The newest run that succeeded: when it finished, and where the next incremental run starts from. */
  lastSuccessAt: string | null;
  cursorAt: string | null;
  censusAt: string | null;
  lastRunStatus: string | null;
  lastRunError: string | null;
  /** Discovered source facts (fields, coverage) from the newest run that read tickets. */
  sourceDetail: Record<string, unknown> | null;
}

export async function listConnectionStatus({ db }: { db: Db }): Promise<ConnectionStatus[]> {
  const rows = await db.execute<{
    id: number;
    name: string;
    kind: string;
    base_url: string | null;
    scope: Record<string, unknown>;
    schedule: string | null;
    live_tickets: number;
    deleted_tickets: number;
    last_success_at: string | null;
    cursor_at: string | null;
    census_at: string | null;
    last_status: string | null;
    last_error: string | null;
    source_detail: Record<string, unknown> | null;
  }>(sql`
    select c.id, c.name, c.kind, c.base_url, c.scope, c.schedule,
      (select count(*)::int from tickets t where t.connection_id = c.id and t.deleted_at is null) as live_tickets,
      (select count(*)::int from tickets t where t.connection_id = c.id and t.deleted_at is not null) as deleted_tickets,
      (select ${isoText(sql`max(r.finished_at)`)} from sync_runs r
        where r.connection_id = c.id and r.status = 'succeeded') as last_success_at,
      (select ${isoText(sql`s.last_success_started_at`)} from sync_cursors s
        where s.connection_id = c.id and s.entity = 'tickets') as cursor_at,
      (select ${isoText(sql`s.last_success_started_at`)} from sync_cursors s
        where s.connection_id = c.id and s.entity = 'census') as census_at,
      last.status as last_status, last.error as last_error,
      coalesce(read.detail, last.detail) -> 'source' as source_detail
    from connections c
    left join lateral (
      select r.status, r.error, r.detail from sync_runs r
      where r.connection_id = c.id order by r.started_at desc, r.id desc limit 1
    ) last on true
    left join lateral (
      select r.detail from sync_runs r
      where r.connection_id = c.id and r.tickets > 0 and r.detail ? 'source'
      order by r.started_at desc, r.id desc limit 1
    ) read on true
    order by c.name
  `);
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    kind: r.kind,
    baseUrl: r.base_url,
    scope: r.scope ?? {},
    schedule: r.schedule,
    liveTickets: r.live_tickets,
    deletedTickets: r.deleted_tickets,
    lastSuccessAt: r.last_success_at,
    cursorAt: r.cursor_at,
    censusAt: r.census_at,
    lastRunStatus: r.last_status,
    lastRunError: r.last_error,
    sourceDetail: r.source_detail,
  }));
}

export interface SyncRunRow {
  id: number;
  connectionName: string;
  kind: string;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  pages: number;
  tickets: number;
  rejected: number;
  retries: number;
  error: string | null;
  /** Incremental runs read what changed since this instant; null = a full load. */
  cursorFrom: string | null;
  census: { deleted: number; moved: number; filled: number } | null;
}

export async function listRecentRuns({ db, limit = 20 }: { db: Db; limit?: number }): Promise<SyncRunRow[]> {
  const rows = await db.execute<{
    id: number;
    connection_name: string;
    kind: string;
    status: string;
    started_at: string;
    finished_at: string | null;
    pages: number;
    tickets: number;
    rejected: number;
    retries: number;
    error: string | null;
    cursor_from: string | null;
    census: { ran?: boolean; deleted?: number; moved?: number; filled?: number } | null;
  }>(sql`
    select r.id, c.name as connection_name, r.kind, r.status,
      ${isoText(sql`r.started_at`)} as started_at, ${isoText(sql`r.finished_at`)} as finished_at,
      r.pages, r.tickets, r.rejected, r.retries, r.error, ${isoText(sql`r.cursor_from`)} as cursor_from,
      r.detail -> 'census' as census
    from sync_runs r join connections c on c.id = r.connection_id
    order by r.started_at desc, r.id desc
    limit ${limit}
  `);
  return rows.map((r) => ({
    id: r.id,
    connectionName: r.connection_name,
    kind: r.kind,
    status: r.status,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    pages: r.pages,
    tickets: r.tickets,
    rejected: r.rejected,
    retries: r.retries,
    error: r.error,
    cursorFrom: r.cursor_from,
    census: r.census?.ran
      ? { deleted: r.census.deleted ?? 0, moved: r.census.moved ?? 0, filled: r.census.filled ?? 0 }
      : null,
  }));
}

export interface UnmappedStatus {
  status: string;
  sources: string[];
  tickets: number;
}

export interface SeenStatus extends UnmappedStatus {
  /** Some ticket's source gave this status its own category (Jira status categories, Linear state types). */
  hasSourceCategory: boolean;
}

/** Every status a stored ticket has been in, with how many tickets and whether a source categorised it. */
export async function listSeenStatuses({ db }: { db: Db }): Promise<SeenStatus[]> {
  const rows = await db.execute<{
    status: string;
    sources: string[];
    tickets: number;
    has_source: boolean;
  }>(sql`
    with seen as (
      select i.status, t.source, t.id,
        (t.status = i.status and t.source_status_category is not null) as current_with_category
      from ticket_intervals i join tickets t on t.id = i.ticket_id
      where t.deleted_at is null
    )
    select status, array_agg(distinct source order by source) as sources,
      count(distinct id)::int as tickets, bool_or(current_with_category) as has_source
    from seen group by status order by tickets desc, status
  `);
  return rows.map((r) => ({
    status: r.status,
    sources: r.sources,
    tickets: r.tickets,
    hasSourceCategory: r.has_source,
  }));
}

/**
 * Statuses the analysis counts as `queue` only because nothing maps them: not in the status map, not a
 * well-known name, and not any ticket's current status with a category from its source.
 */
export async function listUnmappedStatuses({
  db,
  statusMap,
}: {
  db: Db;
  statusMap: StatusMap;
}): Promise<UnmappedStatus[]> {
  return (await listSeenStatuses({ db }))
    .filter((r) => !r.hasSourceCategory && resolveStatus(r.status, statusMap).unmapped)
    .map((r) => ({ status: r.status, sources: r.sources, tickets: r.tickets }));
}
