// The `slo` report (CONTRACT.md "Other exports"): one summary per policy, derived on the fly from the
// stored history so any `--as-of` is exact, not the instant of the last analysis.
import type { Database } from '../../db/client';
import { prepareDerivation } from '../analysis/derive-ticket';
import { streamDerivedTickets } from '../analysis/derived-tickets';
import type { ToilscopeConfig } from '../config';
import {
  emptySloSummary,
  mergeSloSummaries,
  type SloCycle,
  type SloSummary,
  summariseSlo,
} from '../metrics/slo';
import { reportWindow } from './window';

export interface SloReportQuery {
  config: ToilscopeConfig;
  /** The "now": events after it are ignored and cycles still running then are ongoing. */
  asOf: Date;
  /** Cycles whose clock started in [from, to). */
  from?: Date;
  to?: Date;
  team?: string;
  source?: string;
  /** A request type (cluster id). */
  cluster?: string;
  pageSize?: number;
}

export interface SloAtRiskEntry {
  key: string;
  dueAt: string | null;
  remainingHours: number;
  source: string;
}

/** One policy's row of the report: the CONTRACT fields, then added context fields. */
export interface SloPolicyReport {
  name: string;
  calendar: string;
  cycles: number;
  met: number;
  breached: number;
  ongoing: number;
  ongoingBreached: number;
  attainment: number | null;
  ticketsEverBreached: number;
  ticketsTotal: number;
  atRisk: SloAtRiskEntry[];
  calendarVersion: string;
  target: number;
  /** [from, to) over cycle starts; `to` defaults to asOf, as in the other reports. */
  window: { from: string | null; to: string };
  asOf: string;
}

export const SLO_REPORT_CSV_COLUMNS = [
  'name',
  'calendar',
  'calendarVersion',
  'target',
  'cycles',
  'met',
  'breached',
  'ongoing',
  'ongoingBreached',
  'attainment',
  'ticketsEverBreached',
  'ticketsTotal',
  'atRiskCount',
  'nextDueAt',
  'windowFrom',
  'windowTo',
  'asOf',
] as const;

function startsInWindow(cycle: SloCycle, from?: Date, to?: Date): boolean {
  const t = cycle.startedAt.getTime();
  return (from === undefined || t >= from.getTime()) && (to === undefined || t < to.getTime());
}

// Rounded to 1e-9 h like the ticket export, so float noise never leaks out.
const hours = (h: number) => Math.round(h * 1e9) / 1e9;

/**
 * Summaries per policy over the tickets matching team / source / cluster, counting the cycles that
 * started in the window. Tickets stream in pages; each page is summarised and merged, so memory stays
 * bounded by the at-risk list rather than by every cycle.
 */
export async function buildSloReport(database: Database, query: SloReportQuery): Promise<SloPolicyReport[]> {
  const policies = query.config.slos;
  const derivation = prepareDerivation(query.config);
  const totals = new Map<string, SloSummary>(policies.map((p) => [p.name, emptySloSummary()]));
  for await (const page of streamDerivedTickets(database, {
    derivation,
    asOf: query.asOf,
    filter: { team: query.team, source: query.source, clusterId: query.cluster },
    pageSize: query.pageSize,
  })) {
    const refs = page.map(({ ticket }) => ({ source: ticket.source, key: ticket.key }));
    const cycles = page.flatMap(({ derived }) =>
      derived.slo.filter((c) => startsInWindow(c, query.from, query.to)),
    );
    for (const policy of policies) {
      const pageSummary = summariseSlo(
        cycles.filter((c) => c.policy === policy.name),
        refs,
      );
      totals.set(policy.name, mergeSloSummaries(totals.get(policy.name) ?? emptySloSummary(), pageSummary));
    }
  }
  return policies.map((policy, i) => {
    const s = totals.get(policy.name) ?? emptySloSummary();
    return {
      name: policy.name,
      calendar: policy.calendar ?? '24x7',
      cycles: s.cycles,
      met: s.met,
      breached: s.breached,
      ongoing: s.ongoing,
      ongoingBreached: s.ongoingBreached,
      attainment: s.attainment,
      ticketsEverBreached: s.ticketsEverBreached,
      ticketsTotal: s.ticketsTotal,
      atRisk: s.atRisk.map((r) => ({
        key: r.key,
        dueAt: r.dueAt ? r.dueAt.toISOString() : null,
        remainingHours: hours(r.remainingHours),
        source: r.source,
      })),
      calendarVersion: derivation.policies[i]?.calendar.version ?? '',
      target: policy.target,
      window: reportWindow(query.from, query.to, query.asOf).json,
      asOf: query.asOf.toISOString(),
    };
  });
}

/** The CSV row of one policy: the scalar fields, the at-risk list as its size and soonest due instant. */
export function sloReportCsvRow(row: SloPolicyReport): unknown[] {
  const values: Record<(typeof SLO_REPORT_CSV_COLUMNS)[number], unknown> = {
    name: row.name,
    calendar: row.calendar,
    calendarVersion: row.calendarVersion,
    target: row.target,
    cycles: row.cycles,
    met: row.met,
    breached: row.breached,
    ongoing: row.ongoing,
    ongoingBreached: row.ongoingBreached,
    attainment: row.attainment,
    ticketsEverBreached: row.ticketsEverBreached,
    ticketsTotal: row.ticketsTotal,
    atRiskCount: row.atRisk.length,
    nextDueAt: row.atRisk.find((r) => r.dueAt !== null)?.dueAt ?? null,
    windowFrom: row.window.from,
    windowTo: row.window.to,
    asOf: row.asOf,
  };
  return SLO_REPORT_CSV_COLUMNS.map((c) => values[c]);
}
