import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../client';

// Set-based queries behind the overview page. Instants travel as ISO strings with explicit casts:
// the drizzle postgres-js driver turns off the driver's own timestamp parsing and serialising.

/** Which tickets a widget looks at. A window is half-open: `from` ≤ instant < `to`; `from` null = since the start. */
export interface OverviewScope {
  db: Db;
  from: Date | null;
  to: Date;
  team?: string | null;
  source?: string | null;
}

export interface Distribution {
  n: number;
  method: 'nearest-rank';
  p50: number | null;
  p85: number | null;
  /** Every value, ascending, when n < 5 (too few for a percentile to mean anything); otherwise null. */
  values: number[] | null;
}

const SMALL_SAMPLE = 5;

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** Soft-deleted tickets never count; team and source filters apply to every widget. Expects alias `t`. */
function ticketFilter(scope: Pick<OverviewScope, 'team' | 'source'>): SQL {
  const parts: SQL[] = [sql`t.deleted_at is null`];
  if (scope.team) parts.push(sql`t.team = ${scope.team}`);
  if (scope.source) parts.push(sql`t.source = ${scope.source}`);
  return sql.join(parts, sql` and `);
}

function inWindow(column: SQL, scope: Pick<OverviewScope, 'from' | 'to'>): SQL {
  const lower = scope.from ? sql`${column} >= ${iso(scope.from)}::timestamptz and ` : sql``;
  return sql`${lower}${column} < ${iso(scope.to)}::timestamptz`;
}

const isoText = (column: SQL): SQL =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// ── Weekly volume ────────────────────────────────────────────────────────────

export interface WeeklyVolumeRow {
  /** Monday of the ISO week in the report time zone, `YYYY-MM-DD`. */
  weekStart: string;
  tickets: number;
  /** The window covers only part of this week, so its count is not comparable with full weeks. */
  partial: boolean;
}

/** Tickets created per ISO week (Monday start) in `timeZone`, every week of the window present (zero-filled). */
export async function listWeeklyVolume(
  scope: OverviewScope & { timeZone: string },
): Promise<WeeklyVolumeRow[]> {
  const tz = sql`${scope.timeZone}::text`;
  const from = scope.from
    ? sql`${iso(scope.from)}::timestamptz`
    : sql`(select min(t.created_at) from tickets t where ${ticketFilter(scope)})`;
  const to = sql`${iso(scope.to)}::timestamptz`;
  const rows = await scope.db.execute<{ week_start: string; tickets: number; partial: boolean }>(sql`
    with bounds as (
      select ${from} at time zone ${tz} as first_local, ${to} at time zone ${tz} as end_local
    ),
    weeks as (
      select generate_series(
        date_trunc('week', first_local),
        date_trunc('week', end_local - interval '1 microsecond'),
        interval '1 week'
      ) as week
      from bounds
      where first_local is not null and first_local < end_local
    ),
    counts as (
      select date_trunc('week', t.created_at at time zone ${tz}) as week, count(*)::int as tickets
      from tickets t
      where ${ticketFilter(scope)} and ${inWindow(sql`t.created_at`, scope)}
      group by 1
    )
    select to_char(w.week, 'YYYY-MM-DD') as week_start,
           coalesce(c.tickets, 0)::int as tickets,
           (w.week < b.first_local or w.week + interval '7 days' > b.end_local) as partial
    from weeks w
    cross join bounds b
    left join counts c on c.week = w.week
    order by w.week
  `);
  return rows.map((r) => ({ weekStart: r.week_start, tickets: r.tickets, partial: r.partial }));
}

// ── Resolved-ticket flow ─────────────────────────────────────────────────────

export interface ResolvedFlow {
  /** Tickets first resolved in the window. */
  resolved: number;
  leadTimeHours: Distribution;
  queueHours: Distribution;
  /** Σ(queue + waiting) / Σ(queue + waiting + active): time waiting in queue or on the requester. */
  waitingShare: number | null;
  /** Pooled flow efficiency Σactive / Σ(active + queue + waiting). */
  flowEfficiencyPooled: number | null;
  /** Each kind of time as a fraction of Σ(queue + waiting + active); null when there is none. */
  timeShares: { queue: number; waiting: number; active: number } | null;
  totals: { queueHours: number; waitingHours: number; activeHours: number };
}

interface ResolvedFlowSqlRow extends Record<string, unknown> {
  resolved: number;
  lead_n: number;
  lead_p50: number | null;
  lead_p85: number | null;
  lead_values: number[] | null;
  queue_n: number;
  queue_p50: number | null;
  queue_p85: number | null;
  queue_values: number[] | null;
  queue_sum: number;
  waiting_sum: number;
  active_sum: number;
}

function distribution(
  n: number,
  p50: number | null,
  p85: number | null,
  values: number[] | null,
): Distribution {
  if (n < SMALL_SAMPLE) return { n, method: 'nearest-rank', p50: null, p85: null, values: values ?? [] };
  return { n, method: 'nearest-rank', p50, p85, values: null };
}

/** Lead time, queue time and the waiting share over tickets first resolved in the window (nearest-rank). */
export async function getResolvedFlow(scope: OverviewScope): Promise<ResolvedFlow> {
  const lead = sql`m.lead_time_first_hours`;
  const queue = sql`m.queue_hours`;
  const rows = await scope.db.execute<ResolvedFlowSqlRow>(sql`
    select count(*)::int as resolved,
           count(${lead})::int as lead_n,
           percentile_disc(0.5) within group (order by ${lead}) as lead_p50,
           percentile_disc(0.85) within group (order by ${lead}) as lead_p85,
           case when count(${lead}) < ${SMALL_SAMPLE}
                then coalesce(json_agg(${lead} order by ${lead}) filter (where ${lead} is not null), '[]'::json)
           end as lead_values,
           count(${queue})::int as queue_n,
           percentile_disc(0.5) within group (order by ${queue}) as queue_p50,
           percentile_disc(0.85) within group (order by ${queue}) as queue_p85,
           case when count(${queue}) < ${SMALL_SAMPLE}
                then coalesce(json_agg(${queue} order by ${queue}) filter (where ${queue} is not null), '[]'::json)
           end as queue_values,
           coalesce(sum(m.queue_hours), 0)::float8 as queue_sum,
           coalesce(sum(m.waiting_hours), 0)::float8 as waiting_sum,
           coalesce(sum(m.active_hours), 0)::float8 as active_sum
    from ticket_metrics m
    join tickets t on t.id = m.ticket_id
    where ${ticketFilter(scope)} and ${inWindow(sql`m.first_resolved_at`, scope)}
  `);
  const r = rows[0];
  if (!r) throw new Error('the resolved-flow aggregate returned no row');
  const waited = r.queue_sum + r.waiting_sum;
  const total = waited + r.active_sum;
  return {
    resolved: r.resolved,
    leadTimeHours: distribution(r.lead_n, r.lead_p50, r.lead_p85, r.lead_values),
    queueHours: distribution(r.queue_n, r.queue_p50, r.queue_p85, r.queue_values),
    waitingShare: total > 0 ? waited / total : null,
    flowEfficiencyPooled: total > 0 ? r.active_sum / total : null,
    timeShares:
      total > 0
        ? { queue: r.queue_sum / total, waiting: r.waiting_sum / total, active: r.active_sum / total }
        : null,
    totals: { queueHours: r.queue_sum, waitingHours: r.waiting_sum, activeHours: r.active_sum },
  };
}

// ── Request types ────────────────────────────────────────────────────────────

export interface RequestTypeRow {
  /** `cluster` when analysis grouped the tickets, else `type` (ticket type + first label). */
  kind: 'cluster' | 'type';
  clusterId: string | null;
  label: string;
  tickets: number;
  /** Of all tickets created in the window. */
  share: number;
  resolved: number;
  /** Nearest-rank median of first-resolution lead time over the resolved ones; null when none resolved. */
  medianLeadTimeHours: number | null;
}

/** The largest request types among tickets created in the window, largest first. */
export async function listTopRequestTypes(
  scope: OverviewScope & { limit?: number },
): Promise<RequestTypeRow[]> {
  const rows = await scope.db.execute<{
    kind: 'cluster' | 'type';
    cluster_id: string | null;
    label: string;
    tickets: number;
    share: number;
    resolved: number;
    median_lead: number | null;
  }>(sql`
    with scoped as (
      select case when c.id is not null then 'cluster' else 'type' end as kind,
             c.id as cluster_id,
             coalesce(
               c.label,
               concat_ws(
                 ' · ',
                 coalesce(nullif(t.type, ''), 'untyped'),
                 case when lower(t.labels[1]) = lower(t.type) then null else nullif(t.labels[1], '') end
               )
             ) as label,
             m.lead_time_first_hours as lead
      from tickets t
      left join ticket_metrics m on m.ticket_id = t.id
      left join clusters c on c.id = m.cluster_id
      where ${ticketFilter(scope)} and ${inWindow(sql`t.created_at`, scope)}
    )
    select kind, cluster_id, label,
           count(*)::int as tickets,
           (count(*)::float8 / sum(count(*)) over ())::float8 as share,
           count(lead)::int as resolved,
           percentile_disc(0.5) within group (order by lead) as median_lead
    from scoped
    group by kind, cluster_id, label
    order by tickets desc, label
    limit ${scope.limit ?? 8}
  `);
  return rows.map((r) => ({
    kind: r.kind,
    clusterId: r.cluster_id,
    label: r.label,
    tickets: r.tickets,
    share: r.share,
    resolved: r.resolved,
    medianLeadTimeHours: r.median_lead,
  }));
}

// ── Open tickets ─────────────────────────────────────────────────────────────

export interface OpenTicketRow {
  key: string;
  title: string;
  status: string;
  statusCategory: string;
  url: string | null;
  createdAt: string;
  ageHours: number;
}

export interface OpenTickets {
  total: number;
  byCategory: { category: string; tickets: number }[];
  oldest: OpenTicketRow[];
}

/**
 * Tickets open as of `asOf`. Open comes from the derived metrics, or from the current status category
 * when a ticket has not been analysed yet, so no open ticket is ever dropped.
 */
export async function getOpenTickets(
  scope: Pick<OverviewScope, 'db' | 'team' | 'source'> & { asOf: Date; limit?: number },
): Promise<OpenTickets> {
  const open = sql`
    select t.key, t.title, t.status, t.status_category, t.url, t.created_at
    from tickets t
    left join ticket_metrics m on m.ticket_id = t.id
    where ${ticketFilter(scope)}
      and t.created_at <= ${iso(scope.asOf)}::timestamptz
      and coalesce(m.is_open, t.status_category not in ('done', 'canceled'))
  `;
  const [categories, oldest] = await Promise.all([
    scope.db.execute<{ category: string; tickets: number }>(sql`
      select o.status_category as category, count(*)::int as tickets
      from (${open}) o
      group by o.status_category
      order by tickets desc, category
    `),
    scope.db.execute<{
      key: string;
      title: string;
      status: string;
      status_category: string;
      url: string | null;
      created_at: string;
      age_hours: number;
    }>(sql`
      select o.key, o.title, o.status, o.status_category, o.url,
             ${isoText(sql`o.created_at`)} as created_at,
             (extract(epoch from (${iso(scope.asOf)}::timestamptz - o.created_at)) / 3600)::float8 as age_hours
      from (${open}) o
      order by o.created_at, o.key
      limit ${scope.limit ?? 10}
    `),
  ]);
  const byCategory = categories.map((r) => ({ category: r.category, tickets: r.tickets }));
  return {
    total: byCategory.reduce((sum, r) => sum + r.tickets, 0),
    byCategory,
    oldest: oldest.map((r) => ({
      key: r.key,
      title: r.title,
      status: r.status,
      statusCategory: r.status_category,
      url: r.url,
      createdAt: r.created_at,
      ageHours: r.age_hours,
    })),
  };
}

// ── Header data ──────────────────────────────────────────────────────────────

export interface DataFreshness {
  /** The latest finished sync/import/demo run, ISO; null when nothing has been loaded yet. */
  lastSyncFinishedAt: string | null;
  lastSyncKind: string | null;
  /** The settings behind the figures: the latest analysis's saved version; null for a file or defaults. */
  analysis: { finishedAt: string; settingsVersion: number | null } | null;
}

export async function getDataFreshness({ db }: { db: Db }): Promise<DataFreshness> {
  const rows = await db.execute<{ finished_at: string; kind: string }>(sql`
    select ${isoText(sql`finished_at`)} as finished_at, kind
    from sync_runs
    where finished_at is not null
    order by finished_at desc
    limit 1
  `);
  const analyses = await db.execute<{ finished_at: string; settings_version: number | null }>(sql`
    select ${isoText(sql`finished_at`)} as finished_at, settings_version
    from analysis_runs order by id desc limit 1
  `);
  const r = rows[0];
  const a = analyses[0];
  return {
    lastSyncFinishedAt: r?.finished_at ?? null,
    lastSyncKind: r?.kind ?? null,
    analysis: a ? { finishedAt: a.finished_at, settingsVersion: a.settings_version } : null,
  };
}

export interface FilterOptions {
  teams: string[];
  sources: string[];
}

/** The values the team and source filters can take. */
export async function listFilterOptions({ db }: { db: Db }): Promise<FilterOptions> {
  const rows = await db.execute<{ field: 'team' | 'source'; value: string }>(sql`
    select distinct 'team' as field, team as value from tickets where team is not null and deleted_at is null
    union
    select distinct 'source' as field, source as value from tickets where deleted_at is null
    order by field, value
  `);
  return {
    teams: rows.filter((r) => r.field === 'team').map((r) => r.value),
    sources: rows.filter((r) => r.field === 'source').map((r) => r.value),
  };
}
