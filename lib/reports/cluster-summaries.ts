import type { Database } from '../../db/client';
import {
  type ClusterRecord,
  getScopeTotals,
  listClusters,
  streamClusterTickets,
} from '../../db/queries/cluster-tickets';
import { type CandidateWindow, ClusterSummariser, type ClusterSummary } from '../toil/candidates';

/** The filters the clusters and candidates reports share (CONTRACT: from, to, team, source, cluster). */
export interface ClusterReportScope {
  /** The "now": the window ends here unless `to` is given. */
  asOf: Date;
  /** Tickets created in [from, to); `from` defaults to the first ticket in scope. */
  from?: Date;
  to?: Date;
  team?: string;
  source?: string;
  /** One cluster id. */
  cluster?: string;
}

export interface ClusterSummaries {
  /** null when no ticket is in scope. */
  window: CandidateWindow | null;
  /** Every ticket created in the window under the team/source filters, clustered or not. */
  ticketsInScope: number;
  clusters: Map<string, ClusterRecord>;
  summaries: ClusterSummary[];
}

/** One pass over the clustered tickets in scope, folded into per-cluster summaries. */
export async function loadClusterSummaries(
  database: Database,
  scope: ClusterReportScope,
): Promise<ClusterSummaries> {
  const to = scope.to ?? scope.asOf;
  const base = { team: scope.team, source: scope.source };
  const first = scope.from
    ? null
    : (await getScopeTotals({ sql: database.sql, scope: { ...base, to } })).firstCreatedAt;
  const from = scope.from ?? first;
  const records = await listClusters({ sql: database.sql });
  const clusters = new Map(records.map((c) => [c.id, c]));
  if (!from || from.getTime() >= to.getTime()) {
    return { window: null, ticketsInScope: 0, clusters, summaries: [] };
  }
  const window = { from, to };
  const totals = await getScopeTotals({ sql: database.sql, scope: { ...base, from, to } });
  const summariser = new ClusterSummariser(window);
  for await (const page of streamClusterTickets({
    sql: database.sql,
    scope: { ...base, from, to, clusterId: scope.cluster },
  })) {
    for (const ticket of page) summariser.add(ticket);
  }
  const summaries = summariser.finish(
    new Map(records.map((c) => [c.id, { label: c.label, template: c.template }])),
  );
  return { window, ticketsInScope: totals.tickets, clusters, summaries };
}
