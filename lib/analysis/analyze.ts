import type postgres from 'postgres';
import type { Database } from '../../db/client';
import { type StoredTicket, streamTicketHistories } from '../../db/queries/ticket-history';
import type { ToilscopeConfig } from '../config';
import { type DerivedTicket, deriveTicket, prepareDerivation } from './derive-ticket';

export interface AnalyzeOptions {
  config: ToilscopeConfig;
  asOf: Date;
  settingsVersion?: number | null;
  /** Only these tickets (after an incremental ingest); all when absent. */
  ticketIds?: readonly string[];
  onProgress?: (tickets: number) => void;
}

export interface AnalyzeSummary {
  tickets: number;
  intervals: number;
  sloCycles: number;
  unmappedStatuses: string[];
  seconds: number;
}

const PAGE = 2000;

/**
 * Recompute the derived tables (intervals, per-ticket metrics, SLO cycles) from stored tickets and
 * events. Streams pages of tickets; each page is replaced in one transaction, so readers never see a
 * ticket half-derived.
 */
export async function analyze(database: Database, options: AnalyzeOptions): Promise<AnalyzeSummary> {
  const started = Date.now();
  const derivation = prepareDerivation(options.config);
  const summary = { tickets: 0, intervals: 0, sloCycles: 0 };
  const clusterOf = await loadClusterAssignments(database, options.ticketIds);
  for await (const page of streamTicketHistories({
    sql: database.sql,
    filter: options.ticketIds ? { ids: options.ticketIds } : {},
    pageSize: PAGE,
  })) {
    const derived = page.map((t) => deriveTicket(t, derivation, options.asOf, clusterOf.get(t.id) ?? null));
    await writeDerived(database, page, derived, clusterOf, options);
    summary.tickets += page.length;
    summary.intervals += derived.reduce((n, d) => n + d.intervals.length, 0);
    summary.sloCycles += derived.reduce((n, d) => n + d.slo.length, 0);
    options.onProgress?.(summary.tickets);
  }
  if (!options.ticketIds) await deleteOrphans(database);
  return {
    ...summary,
    unmappedStatuses: [...derivation.unmapped].sort(),
    seconds: (Date.now() - started) / 1000,
  };
}

async function loadClusterAssignments(
  database: Database,
  ids?: readonly string[],
): Promise<Map<string, string>> {
  const rows = ids
    ? await database.sql<{ ticket_id: string; cluster_id: string }[]>`
        select ticket_id, cluster_id from cluster_members where ticket_id = any(${ids as string[]})`
    : await database.sql<
        { ticket_id: string; cluster_id: string }[]
      >`select ticket_id, cluster_id from cluster_members`;
  return new Map(rows.map((r) => [r.ticket_id, r.cluster_id]));
}

async function writeDerived(
  database: Database,
  page: readonly StoredTicket[],
  derived: readonly DerivedTicket[],
  clusterOf: ReadonlyMap<string, string>,
  options: AnalyzeOptions,
): Promise<void> {
  const ids = page.map((t) => t.id);
  const intervals: unknown[][] = [];
  const metrics: unknown[][] = [];
  const cycles: unknown[][] = [];
  page.forEach((t, i) => {
    const d = derived[i];
    if (!d) return;
    d.intervals.forEach((iv, ordinal) => {
      intervals.push([t.id, ordinal, iv.status, iv.category, iv.enteredAt, iv.leftAt]);
    });
    const f = d.flow;
    metrics.push([
      t.id,
      f.open,
      f.firstResolvedAt,
      f.resolvedAt,
      f.leadTimeFirstHours,
      f.leadTimeFinalHours,
      f.cycleTimeHours,
      f.queueHours,
      f.triageHours,
      f.waitingHours,
      f.activeHours,
      f.doneInterimHours,
      f.flowEfficiency,
      f.timeToFirstResponseHours,
      f.timeToAssignHours,
      f.timeToTriageHours,
      f.reopenCount,
      clusterOf.get(t.id) ?? null,
      options.asOf,
      options.settingsVersion ?? null,
    ]);
    for (const c of d.slo) {
      cycles.push([
        t.id,
        c.policy,
        c.cycle,
        c.startedAt,
        c.stoppedAt,
        c.elapsedBusinessHours,
        c.goalHours,
        c.met,
        c.breached,
        c.breachedAt,
        c.remainingHours,
        c.dueAt,
        c.ongoing,
        options.config.slos.find((p) => p.name === c.policy)?.calendar ?? '24x7',
        c.calendarVersion ?? '',
      ]);
    }
  });
  await database.sql.begin(async (tx) => {
    await tx`delete from ticket_intervals where ticket_id = any(${ids})`;
    await tx`delete from slo_cycles where ticket_id = any(${ids})`;
    await tx`delete from ticket_metrics where ticket_id = any(${ids})`;
    await insertRows(tx, 'ticket_intervals', INTERVAL_COLUMNS, intervals);
    await insertRows(tx, 'ticket_metrics', METRIC_COLUMNS, metrics);
    await insertRows(tx, 'slo_cycles', CYCLE_COLUMNS, cycles);
  });
}

const INTERVAL_COLUMNS = ['ticket_id', 'ordinal', 'status', 'category', 'entered_at', 'left_at'];
const METRIC_COLUMNS = [
  'ticket_id',
  'is_open',
  'first_resolved_at',
  'resolved_at',
  'lead_time_first_hours',
  'lead_time_final_hours',
  'cycle_time_hours',
  'queue_hours',
  'triage_hours',
  'waiting_hours',
  'active_hours',
  'done_interim_hours',
  'flow_efficiency',
  'time_to_first_response_hours',
  'time_to_assign_hours',
  'time_to_triage_hours',
  'reopen_count',
  'cluster_id',
  'computed_as_of',
  'settings_version',
];
const CYCLE_COLUMNS = [
  'ticket_id',
  'policy',
  'cycle',
  'started_at',
  'stopped_at',
  'elapsed_business_hours',
  'goal_hours',
  'met',
  'breached',
  'breached_at',
  'remaining_hours',
  'due_at',
  'ongoing',
  'calendar',
  'calendar_version',
];

// Postgres caps a statement at 65,535 parameters.
const MAX_PARAMS = 60_000;

type TxSql = postgres.TransactionSql;

async function insertRows(tx: TxSql, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows
      .slice(i, i + perStatement)
      .map((r) => Object.fromEntries(columns.map((c, j) => [c, wireValue(r[j])])));
    await tx`insert into ${tx(table)} ${tx(chunk, columns)}`;
  }
}

// The client is shared with drizzle, which turns off postgres-js's Date serializer: send ISO text.
function wireValue(value: unknown): postgres.ParameterOrJSON<never> {
  return (value instanceof Date ? value.toISOString() : value) as postgres.ParameterOrJSON<never>;
}

async function deleteOrphans(database: Database): Promise<void> {
  // Tickets marked deleted keep their raw history but no derived rows.
  for (const table of ['ticket_metrics', 'ticket_intervals', 'slo_cycles']) {
    await database.sql`delete from ${database.sql(table)} d using tickets t where t.id = d.ticket_id and t.deleted_at is not null`;
  }
}
