import type { Database } from '../../db/client';
import { type ClusterRecord, listClusterKeysInScope, listClusters } from '../../db/queries/cluster-tickets';
import { getTicketExportPage, type TicketExportPage } from '../analysis/export-tickets';
import type { ToilscopeConfig } from '../config';
import { NotFoundError } from '../errors';
import { DISTRIBUTION_FIELDS, expandColumns } from '../format/flat-columns';
import { type Distribution, distribution, type PercentileMethod } from '../metrics/percentiles';
import { type ClusterSummary, TREND_SLICES } from '../toil/candidates';
import type { ParameterSlot, TemplateSummary } from '../toil/types';
import { type ClusterReportScope, loadClusterSummaries } from './cluster-summaries';
import { roundDistribution } from './window';

const EXAMPLES = 5;

/** One row of `export clusters` (CONTRACT), plus what the explorer shows beside it. */
export interface ClusterReportRow {
  id: string;
  label: string;
  template: string | null;
  tickets: number;
  /** Of every ticket created in the window under the team/source filters, clustered or not. */
  share: number;
  firstSeen: string | null;
  lastSeen: string | null;
  /** Over the cluster's resolved tickets (completed-only; `resolved` is their count). */
  leadTimeHours: Distribution;
  queueHours: Distribution;
  activeHours: Distribution;
  examples: string[];
  resolved: number;
  excluded: boolean;
  sloMisses: number;
  /** Tickets created in each of 12 equal slices of the window, oldest first. */
  series: number[];
}

export const CLUSTER_REPORT_COLUMNS = [
  'id',
  'label',
  'template',
  'tickets',
  'share',
  'firstSeen',
  'lastSeen',
  'leadTimeHours',
  'queueHours',
  'activeHours',
  'examples',
  'resolved',
  'excluded',
  'sloMisses',
  'series',
] as const satisfies ReadonlyArray<keyof ClusterReportRow>;

export interface ClusterReportQuery extends ClusterReportScope {
  percentile?: PercentileMethod;
}

/** `export clusters`: every cluster with tickets created in the window, largest first. */
export async function clustersReport(
  database: Database,
  query: ClusterReportQuery,
): Promise<ClusterReportRow[]> {
  return (await buildClusterRows(database, query)).rows;
}

async function buildClusterRows(database: Database, query: ClusterReportQuery) {
  const loaded = await loadClusterSummaries(database, query);
  if (!loaded.window) return { loaded, rows: [] };
  const stored = loaded.summaries.flatMap((s) => loaded.clusters.get(s.facts.clusterId)?.examples ?? []);
  const inScope = await listClusterKeysInScope({
    sql: database.sql,
    scope: { ...query, from: loaded.window.from, to: loaded.window.to, clusterId: query.cluster },
    refs: stored,
  });
  const method = query.percentile ?? 'nearest-rank';
  const rows = loaded.summaries.map((summary) => {
    const record = loaded.clusters.get(summary.facts.clusterId);
    const keys = inScope.get(summary.facts.clusterId);
    return toRow(summary, {
      share: loaded.ticketsInScope > 0 ? summary.facts.tickets / loaded.ticketsInScope : 0,
      examples: exampleKeys(summary, record?.examples ?? [], keys ?? new Map()),
      excluded: record?.excluded ?? false,
      method,
    });
  });
  rows.sort((a, b) => b.tickets - a.tickets || a.label.localeCompare(b.label) || a.id.localeCompare(b.id));
  return { loaded, rows };
}

/** The stored examples that fall in the window, topped up with the newest tickets. */
function exampleKeys(
  summary: ClusterSummary,
  stored: readonly string[],
  keyInScope: ReadonlyMap<string, string>,
): string[] {
  const out: string[] = [];
  const storedKeys = stored.flatMap((ref) => keyInScope.get(ref) ?? []);
  for (const key of [...storedKeys, ...summary.recentKeys]) {
    if (out.length === EXAMPLES) break;
    if (!out.includes(key)) out.push(key);
  }
  return out;
}

export function toRow(
  summary: ClusterSummary,
  extra: { share: number; examples: string[]; excluded: boolean; method: PercentileMethod },
): ClusterReportRow {
  const { facts } = summary;
  return {
    id: facts.clusterId,
    label: facts.label,
    template: facts.template,
    tickets: facts.tickets,
    share: round(extra.share),
    firstSeen: summary.firstSeen?.toISOString() ?? null,
    lastSeen: summary.lastSeen?.toISOString() ?? null,
    leadTimeHours: roundDistribution(distribution(summary.leadTimeHours, extra.method)),
    queueHours: roundDistribution(distribution(summary.queueHours, extra.method)),
    activeHours: roundDistribution(distribution(summary.activeHours, extra.method)),
    examples: extra.examples,
    resolved: facts.resolved,
    excluded: extra.excluded,
    sloMisses: facts.sloMisses,
    series: facts.series,
  };
}

// Exact to 1e-9, as the other exports.
function round(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

export const CLUSTER_CSV_COLUMNS = expandColumns(CLUSTER_REPORT_COLUMNS, {
  leadTimeHours: DISTRIBUTION_FIELDS,
  queueHours: DISTRIBUTION_FIELDS,
  activeHours: DISTRIBUTION_FIELDS,
});

export interface ClusterDetail {
  cluster: ClusterReportRow & {
    parameters: ParameterSlot[];
    /** Every template of the cluster: all-time ticket count and the count created in the window. */
    templates: Array<TemplateSummary & { ticketsInWindow: number }>;
    terms: string[];
    /** Tickets in the cluster across all time (the stored count). */
    ticketsAllTime: number;
  };
  /** The cluster's tickets in the window, as `export tickets` rows, paged like /api/v1/tickets. */
  tickets: TicketExportPage;
}

/** One cluster with its figures over the window and a page of its tickets; NotFoundError if unknown. */
export async function clusterDetail(
  database: Database,
  query: Omit<ClusterReportQuery, 'cluster'> & {
    id: string;
    config: ToilscopeConfig;
    limit: number;
    afterId?: string;
  },
): Promise<ClusterDetail> {
  const [record] = await listClusters({ sql: database.sql, ids: [query.id] });
  if (!record) throw new NotFoundError(`cluster '${query.id}' does not exist`);
  const { loaded, rows } = await buildClusterRows(database, { ...query, cluster: query.id });
  const summary = loaded.summaries[0];
  const inWindow = new Map(summary?.templates.map((t) => [t.templateId, t.tickets]) ?? []);
  const row = rows[0] ?? emptyRow(record, query.percentile ?? 'nearest-rank');
  const tickets = await getTicketExportPage(database, {
    config: query.config,
    asOf: query.asOf,
    from: loaded.window?.from ?? query.from,
    to: loaded.window?.to ?? query.to,
    filter: { team: query.team, source: query.source, clusterId: query.id },
    limit: query.limit,
    afterId: query.afterId,
  });
  return {
    cluster: {
      ...row,
      parameters: record.parameters,
      templates: record.templates.map((t) => ({ ...t, ticketsInWindow: inWindow.get(t.id) ?? 0 })),
      terms: record.terms,
      ticketsAllTime: record.tickets,
    },
    tickets,
  };
}

function emptyRow(record: ClusterRecord, method: PercentileMethod): ClusterReportRow {
  const none = roundDistribution(distribution([], method));
  return {
    id: record.id,
    label: record.label,
    template: record.template,
    tickets: 0,
    share: 0,
    firstSeen: null,
    lastSeen: null,
    leadTimeHours: none,
    queueHours: none,
    activeHours: none,
    examples: [],
    resolved: 0,
    excluded: record.excluded,
    sloMisses: 0,
    series: new Array<number>(TREND_SLICES).fill(0),
  };
}
