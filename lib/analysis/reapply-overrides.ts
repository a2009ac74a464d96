// After a person adds or undoes an override: re-cluster (ids stay stable, every stored override is
// applied in order) and re-derive only the tickets whose request type changed, at the last analysis'
// "now", so the pages show the result without a full analysis.
import type { Database } from '../../db/client';
import { getLastAnalysisAsOf, listTicketsWithStaleCluster } from '../../db/queries/cluster-overrides';
import type { ToilscopeConfig } from '../config';
import { analyze } from './analyze';
import { type ClusterStepSummary, runClusterStep } from './cluster-step';

export interface ReapplySummary {
  clustering: ClusterStepSummary;
  /** Tickets whose metrics were re-derived because their cluster changed. */
  rederived: number;
}

export async function reapplyClusterOverrides(
  database: Database,
  options: { config: ToilscopeConfig; now?: () => Date },
): Promise<ReapplySummary> {
  const clustering = await runClusterStep(database, { full: true, now: options.now });
  const stale = await listTicketsWithStaleCluster({ sql: database.sql });
  const asOf = await getLastAnalysisAsOf({ sql: database.sql });
  if (stale.length > 0 && asOf) {
    await analyze(database, { config: options.config, asOf, ticketIds: stale });
  }
  return { clustering, rederived: asOf ? stale.length : 0 };
}
