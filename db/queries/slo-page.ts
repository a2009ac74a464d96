import type postgres from 'postgres';
import { ALWAYS_CALENDAR, type BusinessCalendar } from '../../lib/metrics/calendar';
import {
  budgetBurn,
  DEFAULT_SLO_TARGET,
  type ErrorBudget,
  errorBudget,
  ongoingCycleAsOf,
  type SloPeriodBurn,
} from '../../lib/metrics/slo';

// Everything the SLOs page shows, read from the cycles the last `analyze` stored (not re-derived): set-based
// SQL over slo_cycles, aggregated in the database. Instants travel as ISO text with explicit casts.

export interface SloPageFilters {
  /** Cycles whose clock started in [from, to); `from` null = since the first cycle. */
  from: Date | null;
  to: Date;
  team: string | null;
  source: string | null;
  /** A request type (cluster id) as stored by analyze in ticket_metrics. */
  cluster: string | null;
  /** One policy, or every policy when null. */
  policy: string | null;
  /** Week buckets are ISO weeks (Monday start) in this zone. */
  timeZone: string;
  /** How many at-risk cycles to list (the rest are counted). Default 25. */
  atRiskLimit?: number;
  /**
   * The page's "now". Ongoing cycles are the last analysis's; their running clocks are read at this
   * instant (as the Flow page ages open tickets). Omitted: the figures as of the analysis.
   */
  asOf?: Date;
}

/** A policy as the config declares it; its target sets the error budget. */
export interface SloPagePolicy {
  name: string;
  target: number;
}

export interface SloPolicyFigures {
  name: string;
  target: number;
  /** The calendar and its version the stored cycles were measured with (null when none are stored). */
  calendar: string | null;
  calendarVersion: string | null;
  cycles: number;
  met: number;
  breached: number;
  ongoing: number;
  ongoingBreached: number;
  /** Completed + ongoing breached: the attainment denominator (the n every figure states). */
  assessed: number;
  /** met / assessed; null when assessed is 0. */
  attainment: number | null;
  ticketsEverBreached: number;
  ticketsTotal: number;
  budget: ErrorBudget;
  /** Every ISO week of the window (zero-filled), by the week the cycle's clock started. */
  weeks: SloPeriodBurn[];
}

export interface AtRiskRow {
  policy: string;
  source: string;
  key: string;
  title: string;
  url: string | null;
  team: string | null;
  /** null while the clock is paused. */
  dueAt: string | null;
  /** Business hours left at the analysis. */
  remainingHours: number;
  startedAt: string;
  /** The calendar the cycle is measured on. */
  calendar: string;
  /** Business hours left at `asOf` (0 once overdue); the stored figure without `asOf` or its calendar. */
  remainingHoursNow: number;
  /** Due before `asOf` though still unbreached at the analysis. */
  overdue: boolean;
}

export interface BreachGroup {
  /** Team name, or cluster label; null = no team / unclustered. */
  label: string | null;
  /** Cluster id for request types. */
  id: string | null;
  breaches: number;
}

export interface SloPageData {
  /** The instant the stored cycles were computed for (the last analyze's as-of); null before any analyze. */
  computedAsOf: string | null;
  policies: SloPolicyFigures[];
  /** `overdue`: of `total`, the cycles whose due instant passed between the analysis and `asOf`. */
  atRisk: { total: number; overdue: number; rows: AtRiskRow[] };
  /** Breached cycles (completed and ongoing) started in the window, by the ticket's team and request type. */
  breaches: { total: number; byTeam: BreachGroup[]; byType: BreachGroup[]; moreTypes: number };
}

const DEFAULT_AT_RISK_LIMIT = 25;
const TYPE_GROUPS = 10;

const iso = (d: Date) => d.toISOString();

const isoText = (sql: postgres.Sql, column: postgres.Fragment) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Ticket-level filters on alias `c` (slo_cycles). Each cycle carries its ticket's scope as analysed,
 * so nothing is joined; a deleted ticket has no cycles (ingest drops them).
 */
function ticketFilters(sql: postgres.Sql, f: SloPageFilters): postgres.Fragment {
  return sql`
    ${f.policy ? sql`and c.policy = ${f.policy}` : sql``}
    ${f.team ? sql`and c.team = ${f.team}` : sql``}
    ${f.source ? sql`and c.source = ${f.source}` : sql``}
    ${f.cluster ? sql`and c.cluster_id = ${f.cluster}` : sql``}`;
}

/** Cycles (alias `c`) whose clock started in the window [from, to). */
function inWindow(sql: postgres.Sql, f: SloPageFilters): postgres.Fragment {
  return sql`
    c.started_at < ${iso(f.to)}::timestamptz
    ${f.from ? sql`and c.started_at >= ${iso(f.from)}::timestamptz` : sql``}`;
}

/** The cycles in scope (alias `c`): started in the window, of the tickets the filters select. */
function inScope(sql: postgres.Sql, f: SloPageFilters): postgres.Fragment {
  return sql`${inWindow(sql, f)} ${ticketFilters(sql, f)}`;
}

/**
 * A cycle is its ticket's first in the window when its predecessor (same ticket and policy) started
 * before the window, or it has none: counting those counts distinct tickets in one pass.
 */
function firstInWindow(
  sql: postgres.Sql,
  f: SloPageFilters,
  column: 'previous_started_at' | 'previous_breached_started_at',
) {
  const previous = sql`c.${sql(column)}`;
  return f.from
    ? sql`(${previous} is null or ${previous} < ${iso(f.from)}::timestamptz)`
    : sql`${previous} is null`;
}

interface WeekRow {
  policy: string;
  week: string;
  cycles: number;
  met: number;
  breached: number;
  ongoing: number;
  ongoing_breached: number;
  tickets: number;
  tickets_breached: number;
}

interface TotalsRow {
  cycles: number;
  met: number;
  breached: number;
  ongoing: number;
  ongoingBreached: number;
  ticketsTotal: number;
  ticketsEverBreached: number;
}

/**
 * Per policy and ISO week of the cycle start in the report zone, every week of the window present,
 * in one scan of the start index: each cycle falls in a week by binary search over the weeks' start
 * instants (built from local midnights, so DST-correct). The totals are the sums over the weeks.
 */
async function weeklyOutcomes(
  sql: postgres.Sql,
  f: SloPageFilters,
  names: readonly string[],
): Promise<WeekRow[]> {
  const tz = sql`${f.timeZone}::text`;
  const first = f.from
    ? sql`${iso(f.from)}::timestamptz`
    : sql`(select min(c.started_at) from slo_cycles c where true ${ticketFilters(sql, f)})`;
  return sql<WeekRow[]>`
    with bounds as (
      select ${first} at time zone ${tz} as first_local, ${iso(f.to)}::timestamptz at time zone ${tz} as end_local
    ),
    weeks as (
      select row_number() over (order by week)::int as n, week, week at time zone ${tz} as starts
      from bounds, generate_series(date_trunc('week', first_local),
                                   date_trunc('week', end_local - interval '1 microsecond'),
                                   interval '1 week') as week
      where first_local is not null and first_local < end_local
    ),
    counts as (
      select c.policy, width_bucket(c.started_at, (select array_agg(starts order by n) from weeks)) as n,
             count(*)::int as cycles,
             count(*) filter (where not c.ongoing and not c.breached)::int as met,
             count(*) filter (where not c.ongoing and c.breached)::int as breached,
             count(*) filter (where c.ongoing)::int as ongoing,
             count(*) filter (where c.ongoing and c.breached)::int as ongoing_breached,
             count(*) filter (where ${firstInWindow(sql, f, 'previous_started_at')})::int as tickets,
             count(*) filter (where c.breached and ${firstInWindow(sql, f, 'previous_breached_started_at')})::int
               as tickets_breached
      from slo_cycles c
      where ${inScope(sql, f)}
      group by 1, 2
    ),
    policies as (
      select unnest(${names as string[]}::text[]) as policy union select policy from counts
    )
    select p.policy, to_char(w.week, 'YYYY-MM-DD') as week,
           coalesce(c.cycles, 0)::int as cycles, coalesce(c.met, 0)::int as met,
           coalesce(c.breached, 0)::int as breached, coalesce(c.ongoing, 0)::int as ongoing,
           coalesce(c.ongoing_breached, 0)::int as ongoing_breached,
           coalesce(c.tickets, 0)::int as tickets, coalesce(c.tickets_breached, 0)::int as tickets_breached
    from policies p cross join weeks w
    left join counts c on c.policy = p.policy and c.n = w.n
    order by p.policy, w.week`;
}

function totalsOf(weeks: readonly WeekRow[]): TotalsRow {
  const sum = (pick: (w: WeekRow) => number) => weeks.reduce((n, w) => n + pick(w), 0);
  return {
    cycles: sum((w) => w.cycles),
    met: sum((w) => w.met),
    breached: sum((w) => w.breached),
    ongoing: sum((w) => w.ongoing),
    ongoingBreached: sum((w) => w.ongoing_breached),
    ticketsTotal: sum((w) => w.tickets),
    ticketsEverBreached: sum((w) => w.tickets_breached),
  };
}

/** The calendar each policy's stored cycles were measured on (one row per policy, not a scan). */
async function storedCalendars(
  sql: postgres.Sql,
  f: SloPageFilters,
  names: readonly string[],
): Promise<Map<string, { calendar: string; version: string }>> {
  if (names.length === 0) return new Map();
  // The newest cycle in the window, found walking the start index backwards (bounded by the window).
  const rows = await sql<{ policy: string; calendar: string; calendar_version: string }[]>`
    select p.policy, s.calendar, s.calendar_version
    from unnest(${names as string[]}::text[]) as p(policy)
    cross join lateral (
      select c.calendar, c.calendar_version from slo_cycles c
      where c.policy = p.policy and ${inWindow(sql, f)}
      order by c.started_at desc
      limit 1
    ) s`;
  return new Map(rows.map((r) => [r.policy, { calendar: r.calendar, version: r.calendar_version }]));
}

interface AtRiskStored {
  total: number;
  overdue: number;
  rows: Array<Omit<AtRiskRow, 'remainingHoursNow' | 'overdue'>>;
}

/** Ongoing, unbreached cycles by due time (paused ones, without a due time, last); any start date. */
async function atRisk(sql: postgres.Sql, f: SloPageFilters): Promise<AtRiskStored> {
  const limit = f.atRiskLimit ?? DEFAULT_AT_RISK_LIMIT;
  const filters = ticketFilters(sql, f);
  const [rows, [count]] = await Promise.all([
    sql<
      {
        policy: string;
        source: string;
        key: string;
        title: string;
        url: string | null;
        team: string | null;
        due_at: string | null;
        remaining_hours: number;
        started_at: string;
        calendar: string;
      }[]
    >`
      select c.policy, t.source, t.key, t.title, t.url, t.team,
             ${isoText(sql, sql`c.due_at`)} as due_at, c.remaining_hours,
             ${isoText(sql, sql`c.started_at`)} as started_at, c.calendar
      from slo_cycles c join tickets t on t.id = c.ticket_id and t.deleted_at is null
      where c.ongoing and not c.breached ${filters}
      order by c.due_at, c.ticket_id, c.policy
      limit ${limit}`,
    sql<{ n: number; overdue: number }[]>`
      select count(*)::int as n,
             ${f.asOf ? sql`count(*) filter (where c.due_at <= ${iso(f.asOf)}::timestamptz)::int` : sql`0`} as overdue
      from slo_cycles c
      where c.ongoing and not c.breached ${filters}`,
  ]);
  return {
    total: count?.n ?? 0,
    overdue: count?.overdue ?? 0,
    rows: rows.map((r) => ({
      policy: r.policy,
      source: r.source,
      key: r.key,
      title: r.title,
      url: r.url,
      team: r.team,
      dueAt: r.due_at,
      remainingHours: r.remaining_hours,
      startedAt: r.started_at,
      calendar: r.calendar,
    })),
  };
}

/** Each listed cycle's clock read at `asOf` on its own calendar (24x7 when the policy names none). */
function atRiskAsOf(
  stored: AtRiskStored,
  analysedAt: string | null,
  asOf: Date | undefined,
  calendars: Readonly<Record<string, BusinessCalendar>>,
): SloPageData['atRisk'] {
  const rows = stored.rows.map((r): AtRiskRow => {
    const calendar = calendars[r.calendar] ?? (r.calendar === '24x7' ? ALWAYS_CALENDAR : undefined);
    if (!asOf || !analysedAt || !calendar)
      return { ...r, remainingHoursNow: r.remainingHours, overdue: false };
    const now = ongoingCycleAsOf(
      calendar,
      { dueAt: r.dueAt === null ? null : new Date(r.dueAt), remainingHours: r.remainingHours },
      new Date(analysedAt),
      asOf,
    );
    return { ...r, remainingHoursNow: now.remainingHours, overdue: now.overdue };
  });
  return { total: stored.total, overdue: asOf && analysedAt ? stored.overdue : 0, rows };
}

/** Breached cycles by team and by request type, grouped in the scan; only the groups meet clusters. */
async function breachGroups(sql: postgres.Sql, f: SloPageFilters): Promise<SloPageData['breaches']> {
  const rows = await sql<
    { dimension: 'team' | 'type'; id: string | null; label: string | null; breaches: number }[]
  >`
    with grouped as (
      select grouping(c.team) = 0 as by_team, c.team, c.cluster_id, count(*)::int as breaches
      from slo_cycles c
      where ${inScope(sql, f)} and c.breached
      group by grouping sets ((c.team), (c.cluster_id))
    )
    select 'team' as dimension, null::text as id, g.team as label, g.breaches
    from grouped g where g.by_team
    union all
    select 'type' as dimension, g.cluster_id as id, coalesce(cl.label, g.cluster_id) as label, g.breaches
    from grouped g left join clusters cl on cl.id = g.cluster_id
    where not g.by_team
    order by dimension, breaches desc, label nulls last`;
  const byTeam = rows
    .filter((r) => r.dimension === 'team')
    .map(({ id, label, breaches }) => ({ id, label, breaches }));
  const types = rows
    .filter((r) => r.dimension === 'type')
    .map(({ id, label, breaches }) => ({ id, label, breaches }));
  return {
    total: byTeam.reduce((n, r) => n + r.breaches, 0),
    byTeam,
    byType: types.slice(0, TYPE_GROUPS),
    moreTypes: Math.max(0, types.length - TYPE_GROUPS),
  };
}

async function computedAsOf(sql: postgres.Sql): Promise<string | null> {
  const [row] = await sql<{ at: string | null }[]>`
    select ${isoText(sql, sql`computed_as_of`)} as at from ticket_metrics order by computed_as_of desc limit 1`;
  return row?.at ?? null;
}

/**
 * The SLOs page's figures for one set of filters. Policies come in config order (a policy whose cycles
 * are stored but which the config no longer names follows, with the default target).
 */
export async function loadSloPage({
  sql,
  filters,
  policies = [],
  calendars = {},
}: {
  sql: postgres.Sql;
  filters: SloPageFilters;
  policies?: readonly SloPagePolicy[];
  /** The config's calendars by name, to read ongoing clocks at `filters.asOf`. */
  calendars?: Readonly<Record<string, BusinessCalendar>>;
}): Promise<SloPageData> {
  const declared = policies.filter((p) => !filters.policy || p.name === filters.policy).map((p) => p.name);
  const [weeks, risk, breaches, asOf, storedCals] = await Promise.all([
    weeklyOutcomes(sql, filters, declared),
    atRisk(sql, filters),
    breachGroups(sql, filters),
    computedAsOf(sql),
    storedCalendars(sql, filters, declared),
  ]);
  const names = [...declared];
  for (const row of weeks) if (!names.includes(row.policy)) names.push(row.policy);
  const figures = names.map((name): SloPolicyFigures => {
    const target = policies.find((p) => p.name === name)?.target ?? DEFAULT_SLO_TARGET;
    const policyWeeks = weeks.filter((w) => w.policy === name);
    const t = totalsOf(policyWeeks);
    const { met, breached, ongoingBreached } = t;
    const assessed = met + breached + ongoingBreached;
    const calendar = storedCals.get(name);
    return {
      name,
      target,
      calendar: calendar?.calendar ?? null,
      calendarVersion: calendar?.version ?? null,
      cycles: t.cycles,
      met,
      breached,
      ongoing: t.ongoing,
      ongoingBreached,
      assessed,
      attainment: assessed === 0 ? null : met / assessed,
      ticketsEverBreached: t.ticketsEverBreached,
      ticketsTotal: t.ticketsTotal,
      budget: errorBudget(target, assessed, breached + ongoingBreached),
      weeks: budgetBurn(
        policyWeeks.map((w) => ({
          period: w.week,
          assessed: w.met + w.breached + w.ongoing_breached,
          met: w.met,
          breaches: w.breached + w.ongoing_breached,
        })),
        target,
      ),
    };
  });
  return {
    computedAsOf: asOf,
    policies: figures,
    atRisk: atRiskAsOf(risk, asOf, filters.asOf, calendars),
    breaches,
  };
}

export interface SloFilterOptions {
  teams: string[];
  sources: string[];
  /** The largest request types, for the cluster filter. */
  clusters: Array<{ id: string; label: string }>;
}

/** The values the team, source and request-type filters can take. */
export async function listSloFilterOptions({ sql }: { sql: postgres.Sql }): Promise<SloFilterOptions> {
  const [values, clusters] = await Promise.all([
    sql<{ field: 'team' | 'source'; value: string }[]>`
      select distinct 'team' as field, team as value from tickets where team is not null and deleted_at is null
      union
      select distinct 'source' as field, source as value from tickets where deleted_at is null
      order by field, value`,
    sql<{ id: string; label: string }[]>`
      select id, label from clusters where not excluded order by tickets desc, label limit 50`,
  ]);
  return {
    teams: values.filter((r) => r.field === 'team').map((r) => r.value),
    sources: values.filter((r) => r.field === 'source').map((r) => r.value),
    clusters: [...clusters],
  };
}
