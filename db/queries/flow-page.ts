import type postgres from 'postgres';
import {
  type DeploymentMetrics,
  doraDeploymentMetrics,
  flowEfficiencyPooled,
  type KaplanMeierResult,
  kaplanMeierFromGroups,
  type PercentileMethod,
} from '../../lib/metrics';
import { listDeploymentsAsOf } from './deployments';
import { instantOf } from './ticket-history';

// Everything the Flow page shows, read set-based from the derived tables (ticket_metrics, which carries
// each ticket's scope, and ticket_intervals) as of the last `analyze`; tickets is joined only for the
// rows a chart lists. Percentiles are computed by PostgreSQL: percentile_disc is
// nearest-rank, percentile_cont is linear. Ages of open tickets run to `asOf`.

export interface FlowPageFilters {
  /** Window [from, to) over the first resolution; `from` null = since the first resolution. */
  from: Date | null;
  to: Date;
  asOf: Date;
  team: string | null;
  source: string | null;
  cluster: string | null;
  method: PercentileMethod;
  /** Report zone: weeks start on Monday here. */
  timeZone: string;
  reopenWindowDays: number;
  incidentTypes: readonly string[];
}

export interface PageDistribution {
  n: number;
  method: PercentileMethod;
  p50: number | null;
  p85: number | null;
  p95: number | null;
  mean: number | null;
  /** Every value, ascending, when 0 < n < 5 (too few for percentiles); otherwise null. */
  values: number[] | null;
}

export interface ScatterPoint {
  key: string;
  /** First resolution, epoch milliseconds. */
  resolvedAt: number;
  leadTimeHours: number;
}

export interface AgingPoint {
  key: string;
  status: string;
  category: string;
  ageHours: number;
}

export interface FlowPageData {
  filters: FlowPageFilters;
  /** Tickets first resolved in the window: the cohort of every completed-only figure. */
  resolved: number;
  leadTime: PageDistribution;
  cycleTime: PageDistribution;
  queue: PageDistribution;
  waiting: PageDistribution;
  active: PageDistribution;
  totals: { queueHours: number; waitingHours: number; activeHours: number };
  flowEfficiencyPooled: number | null;
  flowEfficiencyMeanOfRatios: number | null;
  /** A bounded, deterministic sample of the cohort for the scatterplot; `resolved` is the true n. */
  scatter: ScatterPoint[];
  throughput: Array<{ period: string; count: number }>;
  /** Open tickets (as of the last analysis) and the oldest of them. */
  open: number;
  aging: AgingPoint[];
  /** Window completions (events) plus never-resolved open tickets (censored at their age). */
  kaplanMeier: KaplanMeierResult;
  /** Share not yet resolved over time for the completed tickets alone (the curve that ignores open ones). */
  completedOnlyCurve: KaplanMeierResult['curve'];
  request: {
    reopenWindowDays: number;
    reopenedWithin: number;
    everReopened: number;
    perWeek: number | null;
    incidentRestore: PageDistribution;
  };
  deployments: DeploymentMetrics | null;
}

export const SCATTER_LIMIT = 2000;
export const AGING_LIMIT = 500;
const WEEK_MS = 7 * 86_400_000;

type Sql = postgres.Sql;
type Num = number | string | null;
const num = (v: Num): number | null => (v === null ? null : Number(v));

/** The window's cohort: tickets first resolved in [from, to), with the page filters. Alias m. */
function cohortWhere(sql: Sql, f: FlowPageFilters) {
  return sql`
    m.first_resolved_at < ${f.to.toISOString()}::timestamptz
    ${f.from ? sql`and m.first_resolved_at >= ${f.from.toISOString()}::timestamptz` : sql``}
    ${scopeWhere(sql, f)}`;
}

// Deleted tickets have no derived rows (ingest drops them), so the scope needs no join to tickets.
function scopeWhere(sql: Sql, f: FlowPageFilters) {
  return sql`
    ${f.team ? sql`and m.team = ${f.team}` : sql``}
    ${f.source ? sql`and m.source = ${f.source}` : sql``}
    ${f.cluster ? sql`and m.cluster_id = ${f.cluster}` : sql``}`;
}

function percentiles(sql: Sql, method: PercentileMethod, column: string) {
  const col = sql(column);
  return method === 'linear'
    ? sql`percentile_cont(array[0.5, 0.85, 0.95]::float8[]) within group (order by m.${col})`
    : sql`percentile_disc(array[0.5, 0.85, 0.95]::float8[]) within group (order by m.${col})`;
}

const METRICS = {
  leadTime: 'lead_time_first_hours',
  cycleTime: 'cycle_time_hours',
  queue: 'queue_hours',
  waiting: 'waiting_hours',
  active: 'active_hours',
} as const;
type MetricName = keyof typeof METRICS;

interface SummaryRow {
  resolved: number;
  sum_queue: Num;
  sum_waiting: Num;
  sum_active: Num;
  mean_of_ratios: Num;
  ever_reopened: number;
  reopened_within: number;
  incident_n: number;
  incident_p: Num[] | null;
  incident_mean: Num;
  [key: string]: unknown;
}

async function loadSummary(sql: Sql, f: FlowPageFilters) {
  const names = Object.keys(METRICS) as MetricName[];
  const columns = names.map(
    (name) => sql`
      count(m.${sql(METRICS[name])})::int as ${sql(`${name}_n`)},
      ${percentiles(sql, f.method, METRICS[name])} as ${sql(`${name}_p`)},
      avg(m.${sql(METRICS[name])}) as ${sql(`${name}_mean`)},`,
  );
  const incident = f.method === 'linear' ? sql`percentile_cont` : sql`percentile_disc`;
  const [row] = await sql<SummaryRow[]>`
    select ${columns.reduce((all, column) => sql`${all} ${column}`)}
      count(*)::int as resolved,
      sum(m.queue_hours) as sum_queue,
      sum(m.waiting_hours) as sum_waiting,
      sum(m.active_hours) as sum_active,
      avg(m.flow_efficiency) as mean_of_ratios,
      count(*) filter (where m.reopen_count > 0)::int as ever_reopened,
      count(*) filter (
        where m.first_reopened_at <= m.first_resolved_at + make_interval(days => ${f.reopenWindowDays}::int)
      )::int as reopened_within,
      count(*) filter (where m.type = any(${f.incidentTypes as string[]}::text[]))::int as incident_n,
      ${incident}(array[0.5, 0.85, 0.95]::float8[]) within group (order by m.lead_time_first_hours)
        filter (where m.type = any(${f.incidentTypes as string[]}::text[])) as incident_p,
      avg(m.lead_time_first_hours) filter (where m.type = any(${f.incidentTypes as string[]}::text[]))
        as incident_mean
    from ticket_metrics m
    where ${cohortWhere(sql, f)}`;
  if (!row) throw new Error('flow page summary returned no row');
  const dist = (n: number, p: Num[] | null, mean: Num): PageDistribution => ({
    n,
    method: f.method,
    p50: n > 0 ? num(p?.[0] ?? null) : null,
    p85: n > 0 ? num(p?.[1] ?? null) : null,
    p95: n > 0 ? num(p?.[2] ?? null) : null,
    mean: n > 0 ? num(mean) : null,
    values: null,
  });
  const metric = (name: MetricName) =>
    dist(row[`${name}_n`] as number, row[`${name}_p`] as Num[] | null, row[`${name}_mean`] as Num);
  return {
    resolved: row.resolved,
    distributions: {
      leadTime: metric('leadTime'),
      cycleTime: metric('cycleTime'),
      queue: metric('queue'),
      waiting: metric('waiting'),
      active: metric('active'),
    },
    totals: {
      queueHours: num(row.sum_queue) ?? 0,
      waitingHours: num(row.sum_waiting) ?? 0,
      activeHours: num(row.sum_active) ?? 0,
    },
    meanOfRatios: num(row.mean_of_ratios),
    everReopened: row.ever_reopened,
    reopenedWithin: row.reopened_within,
    incidentRestore: dist(row.incident_n, row.incident_p, row.incident_mean),
  };
}

interface SampleRow {
  key: string;
  first_resolved_at: string | Date;
  lead_time_first_hours: number;
  cycle_time_hours: number | null;
  queue_hours: number;
  waiting_hours: number;
  active_hours: number;
}

/**
 * Every n-th ticket by a hash of its id, so the sample is spread over the window and stable per load.
 * The step comes from a count in the same statement, so the sample runs beside the summary.
 */
async function loadSample(sql: Sql, f: FlowPageFilters): Promise<SampleRow[]> {
  return sql<SampleRow[]>`
    with cohort as (
      select greatest(1, ceil(count(*)::float8 / ${SCATTER_LIMIT}))::int as step
      from ticket_metrics m where ${cohortWhere(sql, f)}
    )
    select t.key, s.first_resolved_at, s.lead_time_first_hours, s.cycle_time_hours, s.queue_hours,
           s.waiting_hours, s.active_hours
    from (
      select m.ticket_id, m.first_resolved_at, m.lead_time_first_hours, m.cycle_time_hours, m.queue_hours,
             m.waiting_hours, m.active_hours
      from ticket_metrics m, cohort
      where ${cohortWhere(sql, f)}
        and (cohort.step = 1 or (hashtext(m.ticket_id) & 2147483647) % cohort.step = 0)
      order by m.first_resolved_at, m.ticket_id
      limit ${SCATTER_LIMIT}
    ) s join tickets t on t.id = s.ticket_id
    order by s.first_resolved_at, s.ticket_id`;
}

/**
 * The cohort in one scan, grouped two ways: completions per week of the report zone (every week of the
 * window, zero-filled), and Kaplan–Meier groups, the durations to 0.1 h (half up, float arithmetic: a
 * third of numeric's cost) of completions (events) and of never-resolved open tickets (censored at
 * their age). The estimate needs one row per distinct duration, not per ticket.
 */
async function loadCohortGroups(sql: Sql, f: FlowPageFilters) {
  const tz = sql`${f.timeZone}::text`;
  const asOf = sql`${f.asOf.toISOString()}::timestamptz`;
  const from = f.from
    ? sql`${f.from.toISOString()}::timestamptz`
    : sql`(select min(m.first_resolved_at) from ticket_metrics m where ${cohortWhere(sql, f)})`;
  const rows = await sql<
    { kind: 'week' | 'duration'; period: string | null; hours: Num; events: number; censored: number }[]
  >`
    with observations as (
      select date_trunc('week', m.first_resolved_at at time zone ${tz}) as week,
             m.lead_time_first_hours as hours, true as finished
      from ticket_metrics m
      where ${cohortWhere(sql, f)}
      union all
      select null, extract(epoch from (${asOf} - m.created_at)) / 3600, false
      from ticket_metrics m
      where m.is_open and m.first_resolved_at is null and m.created_at <= ${asOf} ${scopeWhere(sql, f)}
    ),
    grouped as (
      select grouping(week) = 0 as by_week, week, floor(hours * 10 + 0.5) / 10 as hours,
             count(*) filter (where finished)::int as events,
             count(*) filter (where not finished)::int as censored
      from observations
      group by grouping sets ((week), (floor(hours * 10 + 0.5) / 10))
    ),
    bounds as (
      select ${from} at time zone ${tz} as first_local, ${f.to.toISOString()}::timestamptz at time zone ${tz} as end_local
    ),
    weeks as (
      select generate_series(date_trunc('week', first_local), date_trunc('week', end_local - interval '1 microsecond'),
                             interval '1 week') as week
      from bounds where first_local is not null and first_local < end_local
    )
    select 'week' as kind, to_char(w.week, 'YYYY-MM-DD') as period, null::float8 as hours,
           coalesce(g.events, 0)::int as events, 0 as censored
    from weeks w left join grouped g on g.by_week and g.week = w.week
    union all
    select 'duration', null, g.hours, g.events, g.censored from grouped g where not g.by_week
    order by kind desc, period, hours`;
  const throughput = rows
    .filter((r) => r.kind === 'week')
    .map((r) => ({ period: r.period as string, count: r.events }));
  const groups = rows
    .filter((r) => r.kind === 'duration')
    .map((r) => ({ durationHours: num(r.hours) ?? 0, events: r.events, censored: r.censored }));
  // Without censored subjects the estimate is the plain completed-only survival curve.
  return {
    throughput,
    kaplanMeier: kaplanMeierFromGroups(groups),
    completedOnly: kaplanMeierFromGroups(groups.map((g) => ({ ...g, censored: 0 }))),
  };
}

async function loadAging(sql: Sql, f: FlowPageFilters) {
  const asOf = sql`${f.asOf.toISOString()}::timestamptz`;
  const rows = await sql<
    { key: string; status: string; status_category: string; age_hours: Num; total: number }[]
  >`
    select t.key, t.status, t.status_category, o.age_hours, o.total
    from (
      select m.ticket_id, m.created_at, extract(epoch from (${asOf} - m.created_at)) / 3600 as age_hours,
             count(*) over ()::int as total
      from ticket_metrics m
      where m.is_open and m.created_at <= ${asOf} ${scopeWhere(sql, f)}
      order by m.created_at, m.ticket_id
      limit ${AGING_LIMIT}
    ) o join tickets t on t.id = o.ticket_id
    order by o.created_at, o.ticket_id`;
  return {
    open: rows[0]?.total ?? 0,
    aging: rows.map((r) => ({
      key: r.key,
      status: r.status,
      category: r.status_category,
      ageHours: num(r.age_hours) ?? 0,
    })),
  };
}

async function loadDeployments(sql: Sql, f: FlowPageFilters): Promise<DeploymentMetrics | null> {
  const all = await listDeploymentsAsOf({ sql, asOf: f.asOf });
  const first = all[0];
  if (!first) return null;
  const metrics = doraDeploymentMetrics(all, {
    window: { from: f.from ?? first.startedAt, to: f.to },
    method: f.method,
  });
  return metrics && metrics.deployments > 0 ? metrics : null;
}

export async function loadFlowPage({
  sql,
  filters,
}: {
  sql: Sql;
  filters: FlowPageFilters;
}): Promise<FlowPageData> {
  const [summary, sample, cohort, aging, deployments] = await Promise.all([
    loadSummary(sql, filters),
    loadSample(sql, filters),
    loadCohortGroups(sql, filters),
    loadAging(sql, filters),
    loadDeployments(sql, filters),
  ]);
  const { throughput } = cohort;
  const complete = sample.length === summary.resolved;
  // With fewer than five values the page shows them instead of percentiles; the sample then holds them all.
  const withValues = (d: PageDistribution, pick: (r: SampleRow) => number | null): PageDistribution =>
    complete && d.n > 0 && d.n < 5
      ? {
          ...d,
          values: sample
            .map(pick)
            .filter((v): v is number => v !== null)
            .sort((a, b) => a - b),
        }
      : d;
  const d = summary.distributions;
  const firstWeek = throughput[0];
  const weeks = filters.from
    ? (filters.to.getTime() - filters.from.getTime()) / WEEK_MS
    : firstWeek
      ? (filters.to.getTime() - Date.parse(`${firstWeek.period}T00:00:00Z`)) / WEEK_MS
      : 0;
  return {
    filters,
    resolved: summary.resolved,
    leadTime: withValues(d.leadTime, (r) => r.lead_time_first_hours),
    cycleTime: withValues(d.cycleTime, (r) => r.cycle_time_hours),
    queue: withValues(d.queue, (r) => r.queue_hours),
    waiting: withValues(d.waiting, (r) => r.waiting_hours),
    active: withValues(d.active, (r) => r.active_hours),
    totals: summary.totals,
    flowEfficiencyPooled: flowEfficiencyPooled([summary.totals]),
    flowEfficiencyMeanOfRatios: summary.meanOfRatios,
    scatter: sample.map((r) => ({
      key: r.key,
      resolvedAt: instantOf(r.first_resolved_at).getTime(),
      leadTimeHours: Number(r.lead_time_first_hours),
    })),
    throughput,
    open: aging.open,
    aging: aging.aging,
    kaplanMeier: cohort.kaplanMeier,
    completedOnlyCurve: cohort.completedOnly.curve,
    request: {
      reopenWindowDays: filters.reopenWindowDays,
      reopenedWithin: summary.reopenedWithin,
      everReopened: summary.everReopened,
      perWeek: weeks > 0 ? summary.resolved / weeks : null,
      incidentRestore: summary.incidentRestore,
    },
    deployments,
  };
}

/** Request types for the page's filter, largest first (clusters are few: hundreds at most). */
export async function listClusterOptions({
  sql,
}: {
  sql: Sql;
}): Promise<Array<{ id: string; label: string }>> {
  return sql<{ id: string; label: string }[]>`
    select id, label from clusters where not excluded order by tickets desc, label limit 200`;
}
