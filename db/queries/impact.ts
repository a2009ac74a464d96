import type postgres from 'postgres';
import type { ImpactWindow } from '../../lib/toil/impact';
import { instantOf } from './ticket-history';

// The Impact report's reads: automations, the replaced clusters' tickets per window, the untouched
// clusters' counts, self-service runs. Windows are half-open over ticket creation (runs: over `at`).

export interface StoredAutomation {
  name: string;
  clusters: string[];
  launchedAt: Date;
  buildCostHours: number | null;
}

export async function listStoredAutomations(sql: postgres.Sql): Promise<StoredAutomation[]> {
  const rows = await sql<
    { name: string; clusters: string[]; launched_at: Date | string; build_cost_hours: number | null }[]
  >`select name, clusters, launched_at, build_cost_hours from automations order by launched_at, name`;
  return rows.map((r) => ({
    name: r.name,
    clusters: r.clusters,
    launchedAt: instantOf(r.launched_at),
    buildCostHours: r.build_cost_hours,
  }));
}

/**
 * Cluster ids for the references a config gives (a cluster id, a label, or a ticket key in the
 * cluster), in the order given; null for a reference that matches nothing.
 */
export async function resolveClusterReferences(
  sql: postgres.Sql,
  references: readonly string[],
): Promise<Array<string | null>> {
  if (references.length === 0) return [];
  const rows = await sql<{ reference: string; cluster_id: string | null }[]>`
    select r.reference,
      coalesce(
        (select c.id from clusters c where c.id = r.reference),
        (select c.id from clusters c where lower(c.label) = lower(r.reference) order by c.tickets desc, c.id limit 1),
        (select m.cluster_id from tickets t join cluster_members m on m.ticket_id = t.id
          where t.key = r.reference and t.deleted_at is null limit 1)
      ) as cluster_id
    from unnest(${references as string[]}::text[]) as r(reference)`;
  const byReference = new Map(rows.map((r) => [r.reference, r.cluster_id]));
  return references.map((r) => byReference.get(r) ?? null);
}

export interface TreatedTicketFacts {
  tickets: number;
  /** Resolved tickets' figures, in ticket order. */
  leadTimeHours: number[];
  queueHours: number[];
  waitHours: number[];
  activeHours: number[];
}

function windowSql(sql: postgres.Sql, window: ImpactWindow) {
  return sql`t.created_at >= ${window.from.toISOString()}::timestamptz
    and t.created_at < ${window.to.toISOString()}::timestamptz and t.deleted_at is null`;
}

/** The replaced clusters' tickets created in the window, with the stored flow figures of resolved ones. */
export async function treatedTicketFacts(
  sql: postgres.Sql,
  clusterIds: readonly string[],
  window: ImpactWindow,
): Promise<TreatedTicketFacts> {
  const rows = await sql<
    {
      resolved: boolean;
      lead: number | null;
      queue: number | null;
      waiting: number | null;
      active: number | null;
    }[]
  >`select (tm.first_resolved_at is not null) as resolved, tm.lead_time_first_hours as lead,
      tm.queue_hours as queue, tm.waiting_hours as waiting, tm.active_hours as active
    from cluster_members m
    join tickets t on t.id = m.ticket_id
    left join ticket_metrics tm on tm.ticket_id = t.id
    where m.cluster_id = any(${clusterIds as string[]}) and ${windowSql(sql, window)}
    order by t.id`;
  const facts: TreatedTicketFacts = {
    tickets: rows.length,
    leadTimeHours: [],
    queueHours: [],
    waitHours: [],
    activeHours: [],
  };
  for (const r of rows) {
    if (!r.resolved) continue;
    if (r.lead !== null) facts.leadTimeHours.push(r.lead);
    facts.queueHours.push(r.queue ?? 0);
    facts.waitHours.push((r.queue ?? 0) + (r.waiting ?? 0));
    facts.activeHours.push(r.active ?? 0);
  }
  return facts;
}

/** Tickets created in the window per cluster (excluded clusters left out). */
export async function ticketsPerCluster(
  sql: postgres.Sql,
  window: ImpactWindow,
): Promise<Map<string, number>> {
  const rows = await sql<{ cluster_id: string; n: number }[]>`
    select m.cluster_id, count(*)::int as n
    from cluster_members m
    join tickets t on t.id = m.ticket_id
    join clusters c on c.id = m.cluster_id and not c.excluded
    where ${windowSql(sql, window)}
    group by m.cluster_id`;
  return new Map(rows.map((r) => [r.cluster_id, r.n]));
}

/** Tickets of the replaced clusters and successful runs per calendar month of the report zone. */
export async function monthlyVolume(
  sql: postgres.Sql,
  input: { clusterIds: readonly string[]; automation: string; window: ImpactWindow; timeZone: string },
): Promise<Map<string, { tickets: number; runs: number }>> {
  const rows = await sql<{ period: string; tickets: number; runs: number }[]>`
    with t_months as (
      select to_char(t.created_at at time zone ${input.timeZone}, 'YYYY-MM') as period, count(*)::int as n
      from cluster_members m join tickets t on t.id = m.ticket_id
      where m.cluster_id = any(${input.clusterIds as string[]}) and ${windowSql(sql, input.window)}
      group by 1
    ), r_months as (
      select to_char(r.at at time zone ${input.timeZone}, 'YYYY-MM') as period, count(*)::int as n
      from automation_runs r
      where r.automation = ${input.automation} and r.outcome = 'success'
        and r.at >= ${input.window.from.toISOString()}::timestamptz and r.at < ${input.window.to.toISOString()}::timestamptz
      group by 1
    )
    select coalesce(t.period, r.period) as period, coalesce(t.n, 0) as tickets, coalesce(r.n, 0) as runs
    from t_months t full join r_months r on r.period = t.period
    order by 1`;
  return new Map(rows.map((r) => [r.period, { tickets: r.tickets, runs: r.runs }]));
}

/** Self-service runs of the automation in the window: successful, and every other outcome. */
export async function runCounts(
  sql: postgres.Sql,
  automation: string,
  window: ImpactWindow,
): Promise<{ succeeded: number; other: number }> {
  const [row] = await sql<{ succeeded: number; other: number }[]>`
    select count(*) filter (where outcome = 'success')::int as succeeded,
           count(*) filter (where outcome <> 'success')::int as other
    from automation_runs
    where automation = ${automation}
      and at >= ${window.from.toISOString()}::timestamptz and at < ${window.to.toISOString()}::timestamptz`;
  return { succeeded: row?.succeeded ?? 0, other: row?.other ?? 0 };
}

/** Who still files the replaced request types in the window, most tickets first. */
export async function residualRequesters(
  sql: postgres.Sql,
  clusterIds: readonly string[],
  window: ImpactWindow,
  limit = 10,
): Promise<Array<{ requester: string; tickets: number }>> {
  const rows = await sql<{ requester: string; tickets: number }[]>`
    select coalesce(t.requester, '(unknown)') as requester, count(*)::int as tickets
    from cluster_members m join tickets t on t.id = m.ticket_id
    where m.cluster_id = any(${clusterIds as string[]}) and ${windowSql(sql, window)}
    group by 1 order by 2 desc, 1 limit ${limit}`;
  return rows;
}

/** Per SLO policy, over cycles of the replaced clusters' tickets that started in the window. */
export async function sloAttainment(
  sql: postgres.Sql,
  clusterIds: readonly string[],
  window: ImpactWindow,
): Promise<Array<{ policy: string; cycles: number; attainment: number | null }>> {
  const rows = await sql<{ policy: string; cycles: number; met: number; assessed: number }[]>`
    select s.policy, count(*)::int as cycles,
      count(*) filter (where not s.ongoing and not s.breached)::int as met,
      count(*) filter (where not s.ongoing or s.breached)::int as assessed
    from cluster_members m
    join tickets t on t.id = m.ticket_id and t.deleted_at is null
    join slo_cycles s on s.ticket_id = t.id
    where m.cluster_id = any(${clusterIds as string[]})
      and s.started_at >= ${window.from.toISOString()}::timestamptz and s.started_at < ${window.to.toISOString()}::timestamptz
    group by s.policy order by s.policy`;
  return rows.map((r) => ({
    policy: r.policy,
    cycles: r.cycles,
    attainment: r.assessed > 0 ? Math.round((r.met / r.assessed) * 1e6) / 1e6 : null,
  }));
}

export interface MonthlyRequestTrend {
  period: string;
  /** Tickets first resolved in the month. */
  resolved: number;
  /** Nearest-rank median of their lead time (created → first done); null when none. */
  leadTimeP50Hours: number | null;
  /** Of those, tickets reopened at least once since. */
  everReopened: number;
  incidents: number;
  /** Nearest-rank median time to restore (created → first done) of incident tickets. */
  incidentRestoreP50Hours: number | null;
}

/** DORA-style request figures per calendar month (report zone) of first resolution, [from, to). */
export async function monthlyRequestTrends(
  sql: postgres.Sql,
  input: { from: Date; to: Date; timeZone: string; incidentTypes: readonly string[] },
): Promise<MonthlyRequestTrend[]> {
  const rows = await sql<
    {
      period: string;
      resolved: number;
      lead: number | null;
      reopened: number;
      incidents: number;
      restore: number | null;
    }[]
  >`select to_char(tm.first_resolved_at at time zone ${input.timeZone}, 'YYYY-MM') as period,
      count(*)::int as resolved,
      percentile_disc(0.5) within group (order by tm.lead_time_first_hours) as lead,
      count(*) filter (where tm.reopen_count > 0)::int as reopened,
      count(*) filter (where t.type = any(${input.incidentTypes as string[]}))::int as incidents,
      percentile_disc(0.5) within group (order by tm.lead_time_first_hours)
        filter (where t.type = any(${input.incidentTypes as string[]})) as restore
    from ticket_metrics tm join tickets t on t.id = tm.ticket_id and t.deleted_at is null
    where tm.first_resolved_at >= ${input.from.toISOString()}::timestamptz
      and tm.first_resolved_at < ${input.to.toISOString()}::timestamptz
    group by 1 order by 1`;
  return rows.map((r) => ({
    period: r.period,
    resolved: r.resolved,
    leadTimeP50Hours: r.lead,
    everReopened: r.reopened,
    incidents: r.incidents,
    incidentRestoreP50Hours: r.restore,
  }));
}

/** Finished deployments per month (report zone) of their start: successful and failed. */
export async function monthlyDeployments(
  sql: postgres.Sql,
  input: { from: Date; to: Date; timeZone: string },
): Promise<Array<{ period: string; successful: number; failed: number }>> {
  return sql<{ period: string; successful: number; failed: number }[]>`
    select to_char(started_at at time zone ${input.timeZone}, 'YYYY-MM') as period,
      count(*) filter (where status = 'success')::int as successful,
      count(*) filter (where status = 'failure')::int as failed
    from deployments
    where started_at >= ${input.from.toISOString()}::timestamptz and started_at < ${input.to.toISOString()}::timestamptz
    group by 1 order by 1`;
}

/**
 * The platform team's toil share per month: requests that still took a person — tickets in a repeated
 * request type (a cluster of at least `minClusterTickets`, not excluded) — ÷ all requests, i.e. every
 * ticket created plus every successful self-service run. Automation moves requests from the first
 * count to the second.
 */
export async function monthlyToilShare(
  sql: postgres.Sql,
  input: { from: Date; to: Date; timeZone: string; minClusterTickets: number },
): Promise<Array<{ period: string; tickets: number; toil: number; runs: number }>> {
  return sql<{ period: string; tickets: number; toil: number; runs: number }[]>`
    with t_months as (
      select to_char(t.created_at at time zone ${input.timeZone}, 'YYYY-MM') as period,
        count(*)::int as tickets, count(c.id)::int as toil
      from tickets t
      left join cluster_members m on m.ticket_id = t.id
      left join clusters c on c.id = m.cluster_id and not c.excluded and c.tickets >= ${input.minClusterTickets}
      where t.deleted_at is null
        and t.created_at >= ${input.from.toISOString()}::timestamptz and t.created_at < ${input.to.toISOString()}::timestamptz
      group by 1
    ), r_months as (
      select to_char(r.at at time zone ${input.timeZone}, 'YYYY-MM') as period, count(*)::int as runs
      from automation_runs r
      where r.outcome = 'success'
        and r.at >= ${input.from.toISOString()}::timestamptz and r.at < ${input.to.toISOString()}::timestamptz
      group by 1
    )
    select coalesce(t.period, r.period) as period, coalesce(t.tickets, 0) as tickets, coalesce(t.toil, 0) as toil,
      coalesce(r.runs, 0) as runs
    from t_months t full join r_months r on r.period = t.period
    order by 1`;
}
