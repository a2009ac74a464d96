import { createHash } from 'node:crypto';
import type postgres from 'postgres';
import { type BulkColumn, type BulkValue, bulkInsert } from '../../db/bulk-copy';
import type { Database } from '../../db/client';
import { deleteDerivedRows } from '../../db/queries/derived-rows';
import {
  type DerivationPage,
  type DerivationTicket,
  instantOf,
  streamDerivationInput,
} from '../../db/queries/ticket-history';
import type { ToilscopeConfig } from '../config';
import { type DerivedTicket, deriveTicket, prepareDerivation } from './derive-ticket';

export interface AnalyzeOptions {
  config: ToilscopeConfig;
  asOf: Date;
  settingsVersion?: number | null;
  /** Only these tickets (after an incremental ingest); all when absent. */
  ticketIds?: readonly string[];
  /** Re-derive every ticket even when the last run's config matches (`analyze --full`). */
  full?: boolean;
  onProgress?: (tickets: number) => void;
}

export type AnalyzeMode = 'full' | 'incremental' | 'selected';

export interface AnalyzeSummary {
  mode: AnalyzeMode;
  /** Why a full run was chosen, or what an incremental run re-derived. */
  reason: string;
  tickets: number;
  intervals: number;
  sloCycles: number;
  unmappedStatuses: string[];
  seconds: number;
}

const PAGE = 2000;
// Bump when derivation code changes what it stores, so the next run is full rather than incremental.
const DERIVATION_VERSION = 1;

/**
 * Derive intervals, per-ticket metrics and SLO cycles from stored tickets and events.
 *
 * Incremental by default: when the last finished run used the same config (digest) and an as-of no
 * later than this one, only tickets ingested since their derivation, tickets whose stored values can
 * change with the as-of (open, an ongoing SLO cycle, events after the old as-of), tickets whose request
 * type changed and new tickets are re-derived; otherwise, or with `full`, every ticket is. Pages of
 * tickets are replaced in one transaction each, so readers never see a ticket half-derived.
 */
export async function analyze(database: Database, options: AnalyzeOptions): Promise<AnalyzeSummary> {
  const startedAt = new Date();
  const derivation = prepareDerivation(options.config);
  const digest = configDigest(options.config);
  const plan = options.ticketIds
    ? { mode: 'selected' as const, reason: 'selected tickets', ids: [...options.ticketIds].sort() }
    : await planRun(database.sql, digest, options);
  const summary = { tickets: 0, intervals: 0, sloCycles: 0 };
  const context: WriteContext = { database, options, derivedAt: startedAt };
  // Without planner statistics (a fresh load; autovacuum may be off) id lookups become table scans.
  if (plan.mode === 'full')
    await refreshStatistics(database, ['tickets', 'ticket_events', 'cluster_members']);

  // Read the next page while this one is derived, and write it while the next is derived.
  const pages = streamDerivationInput({ sql: database.sql, ids: plan.ids, pageSize: PAGE })[
    Symbol.asyncIterator
  ]();
  let next = pages.next();
  let writing: Promise<void> = Promise.resolve();
  for (;;) {
    next.catch(() => undefined);
    const result = await next;
    if (result.done) break;
    next = pages.next();
    const page = result.value.tickets;
    const derived = page.map((t) => deriveTicket(t, derivation, options.asOf, t.clusterId));
    await writing;
    writing = writeDerived(context, result.value, derived);
    writing.catch(() => undefined);
    summary.tickets += page.length;
    for (const d of derived) {
      summary.intervals += d.intervals.length;
      summary.sloCycles += d.slo.length;
    }
    options.onProgress?.(summary.tickets);
  }
  await writing;
  await deleteDerivedOfDeletedTickets(database.sql);
  if (plan.mode === 'full') await vacuumDerived(database);
  if (plan.mode !== 'selected') {
    await database.sql`
      insert into analysis_runs (mode, config_digest, as_of, started_at, finished_at, tickets, settings_version)
      values (${plan.mode}, ${digest}, ${options.asOf.toISOString()}, ${startedAt.toISOString()},
              ${new Date().toISOString()}, ${summary.tickets}, ${options.settingsVersion ?? null})`;
  }
  return {
    mode: plan.mode,
    reason: plan.reason,
    ...summary,
    unmappedStatuses: [...derivation.unmapped].sort(),
    seconds: (Date.now() - startedAt.getTime()) / 1000,
  };
}

/** A digest of everything that shapes derived rows: the config in force and the derivation version. */
export function configDigest(config: ToilscopeConfig): string {
  return createHash('sha256')
    .update(JSON.stringify({ v: DERIVATION_VERSION, config }))
    .digest('hex');
}

interface RunPlan {
  mode: 'full' | 'incremental';
  reason: string;
  /** Sorted ids to re-derive; null means every ticket. */
  ids: string[] | null;
}

async function planRun(sql: postgres.Sql, digest: string, options: AnalyzeOptions): Promise<RunPlan> {
  const full = (reason: string): RunPlan => ({ mode: 'full', reason, ids: null });
  if (options.full) return full('--full requested');
  const [last] = await sql<{ config_digest: string; as_of: string | Date }[]>`
    select config_digest, as_of from analysis_runs order by id desc limit 1`;
  if (!last) return full('no earlier analysis');
  if (last.config_digest !== digest) return full('the config in force changed since the last analysis');
  if (options.asOf.getTime() < instantOf(last.as_of).getTime()) {
    return full('--as-of is earlier than the last analysis');
  }
  const rows = await sql<{ id: string }[]>`
    select t.id
    from tickets t
    left join ticket_metrics m on m.ticket_id = t.id
    left join cluster_members cm on cm.ticket_id = t.id
    where t.deleted_at is null
      and (m.ticket_id is null
           or m.derived_at is null
           or t.ingested_at > m.derived_at
           or (m.as_of_sensitive and m.computed_as_of <> ${options.asOf.toISOString()}::timestamptz)
           or m.cluster_id is distinct from cm.cluster_id)
    order by t.id`;
  return {
    mode: 'incremental',
    reason: `${rows.length} changed, new or as-of-dependent tickets`,
    ids: rows.map((r) => r.id),
  };
}

/** Planner statistics for tables a run reads or has just rewritten (ANALYZE samples; ~1 s at 1M rows). */
async function refreshStatistics(database: Database, tables: readonly string[]): Promise<void> {
  await database.sql.unsafe(`analyze ${tables.join(', ')}`);
}

/**
 * After a full run rewrote every derived row: reclaim the old rows, mark the pages all-visible so the
 * page queries' covering indexes are read without heap visits, refresh the planner statistics, and
 * rebuild the page tables' indexes, which the page-by-page rewrite leaves half empty (twice the size
 * to scan). Autovacuum would do the first part eventually (never where it is off); at 1M tickets a
 * full run's derivation took 240 s with this step against 207 s without (one run each).
 */
async function vacuumDerived(database: Database): Promise<void> {
  await database.sql.unsafe('vacuum (analyze) ticket_intervals, ticket_metrics, slo_cycles');
  await database.sql.unsafe('reindex table ticket_metrics');
  await database.sql.unsafe('reindex table slo_cycles');
}

interface WriteContext {
  database: Database;
  options: AnalyzeOptions;
  derivedAt: Date;
}

/** Whether a later as-of could change what was stored for this ticket. */
function asOfSensitive(ticket: DerivationTicket, derived: DerivedTicket, asOf: Date): boolean {
  if (derived.flow.open || derived.slo.some((c) => c.ongoing)) return true;
  const asOfMs = asOf.getTime();
  if (ticket.createdAt.getTime() > asOfMs) return true;
  return ticket.events.some((e) => e.at.getTime() > asOfMs);
}

async function writeDerived(
  context: WriteContext,
  { tickets: page, idRange }: DerivationPage,
  derived: readonly DerivedTicket[],
): Promise<void> {
  const { database, options } = context;
  const ids = page.map((t) => t.id);
  const intervals: BulkValue[][] = [];
  const metrics: BulkValue[][] = [];
  const cycles: BulkValue[][] = [];
  const calendarOf = new Map(options.config.slos.map((p) => [p.name, p.calendar ?? '24x7']));
  const asOf = options.asOf.toISOString();
  const derivedAt = context.derivedAt.toISOString();
  const settingsVersion = options.settingsVersion ?? null;
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
      t.clusterId,
      t.source,
      t.team,
      t.type,
      t.createdAt,
      f.firstReopenedAt,
      asOf,
      settingsVersion,
      derivedAt,
      asOfSensitive(t, d, options.asOf),
    ]);
    const previous = new Map<string, { startedAt: Date; breachedStartedAt: Date | null }>();
    for (const c of [...d.slo].sort((a, b) => a.cycle - b.cycle)) {
      const before = previous.get(c.policy);
      previous.set(c.policy, {
        startedAt: c.startedAt,
        breachedStartedAt: c.breached ? c.startedAt : (before?.breachedStartedAt ?? null),
      });
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
        calendarOf.get(c.policy) ?? '24x7',
        c.calendarVersion ?? '',
        t.source,
        t.team,
        t.clusterId,
        before?.startedAt ?? null,
        before?.breachedStartedAt ?? null,
      ]);
    }
  });
  await database.sql.begin(async (tx) => {
    // A full run's page replaces its whole id range: a range scan of each primary key.
    const which = idRange
      ? tx`ticket_id > ${idRange.after} and ticket_id <= ${idRange.through}`
      : tx`ticket_id = any(${ids})`;
    await tx`delete from ticket_intervals where ${which}`;
    await tx`delete from slo_cycles where ${which}`;
    await tx`delete from ticket_metrics where ${which}`;
    await bulkInsert(tx, database.kind, 'ticket_intervals', INTERVAL_COLUMNS, intervals);
    await bulkInsert(tx, database.kind, 'ticket_metrics', METRIC_COLUMNS, metrics);
    await bulkInsert(tx, database.kind, 'slo_cycles', CYCLE_COLUMNS, cycles);
  });
}

const INTERVAL_COLUMNS: BulkColumn[] = [
  { name: 'ticket_id', type: 'text' },
  { name: 'ordinal', type: 'int' },
  { name: 'status', type: 'text' },
  { name: 'category', type: 'text' },
  { name: 'entered_at', type: 'timestamptz' },
  { name: 'left_at', type: 'timestamptz' },
];
const METRIC_COLUMNS: BulkColumn[] = [
  { name: 'ticket_id', type: 'text' },
  { name: 'is_open', type: 'bool' },
  { name: 'first_resolved_at', type: 'timestamptz' },
  { name: 'resolved_at', type: 'timestamptz' },
  { name: 'lead_time_first_hours', type: 'float' },
  { name: 'lead_time_final_hours', type: 'float' },
  { name: 'cycle_time_hours', type: 'float' },
  { name: 'queue_hours', type: 'float' },
  { name: 'triage_hours', type: 'float' },
  { name: 'waiting_hours', type: 'float' },
  { name: 'active_hours', type: 'float' },
  { name: 'done_interim_hours', type: 'float' },
  { name: 'flow_efficiency', type: 'float' },
  { name: 'time_to_first_response_hours', type: 'float' },
  { name: 'time_to_assign_hours', type: 'float' },
  { name: 'time_to_triage_hours', type: 'float' },
  { name: 'reopen_count', type: 'int' },
  { name: 'cluster_id', type: 'text' },
  { name: 'source', type: 'text' },
  { name: 'team', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'first_reopened_at', type: 'timestamptz' },
  { name: 'computed_as_of', type: 'timestamptz' },
  { name: 'settings_version', type: 'int' },
  { name: 'derived_at', type: 'timestamptz' },
  { name: 'as_of_sensitive', type: 'bool' },
];
const CYCLE_COLUMNS: BulkColumn[] = [
  { name: 'ticket_id', type: 'text' },
  { name: 'policy', type: 'text' },
  { name: 'cycle', type: 'int' },
  { name: 'started_at', type: 'timestamptz' },
  { name: 'stopped_at', type: 'timestamptz' },
  { name: 'elapsed_business_hours', type: 'float' },
  { name: 'goal_hours', type: 'float' },
  { name: 'met', type: 'bool' },
  { name: 'breached', type: 'bool' },
  { name: 'breached_at', type: 'timestamptz' },
  { name: 'remaining_hours', type: 'float' },
  { name: 'due_at', type: 'timestamptz' },
  { name: 'ongoing', type: 'bool' },
  { name: 'calendar', type: 'text' },
  { name: 'calendar_version', type: 'text' },
  { name: 'source', type: 'text' },
  { name: 'team', type: 'text' },
  { name: 'cluster_id', type: 'text' },
  { name: 'previous_started_at', type: 'timestamptz' },
  { name: 'previous_breached_started_at', type: 'timestamptz' },
];

/** Tickets marked deleted keep their raw history but no derived rows. */
async function deleteDerivedOfDeletedTickets(sql: postgres.Sql): Promise<void> {
  const rows = await sql<{ id: string }[]>`
    select t.id from tickets t join ticket_metrics m on m.ticket_id = t.id where t.deleted_at is not null`;
  if (rows.length === 0) return;
  await sql.begin((tx) => deleteDerivedRows({ sql: tx, ticketIds: rows.map((r) => r.id) }));
}
