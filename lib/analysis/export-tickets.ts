import type { Database } from '../../db/client';
import { listClusterAssignments } from '../../db/queries/cluster-assignments';
import { type HistoryFilter, streamTicketHistories } from '../../db/queries/ticket-history';
import type { ToilscopeConfig } from '../config';
import { deriveTicket, prepareDerivation } from './derive-ticket';
import { type TicketExport, toTicketExport } from './ticket-export';

export interface TicketExportQuery {
  config: ToilscopeConfig;
  asOf: Date;
  /** Tickets created in [from, to). */
  from?: Date;
  to?: Date;
  filter?: Pick<HistoryFilter, 'ids'>;
}

/**
 * Stream ticket export rows in pages. Metrics are derived on the fly from the stored history, so the
 * figures for open tickets and ongoing SLO cycles are exact for any `asOf`, not for the last analysis.
 */
export async function* streamTicketExports(
  database: Database,
  query: TicketExportQuery,
): AsyncGenerator<TicketExport[]> {
  const derivation = prepareDerivation(query.config);
  for await (const page of streamTicketHistories({
    sql: database.sql,
    filter: { ...query.filter, createdFrom: query.from, createdTo: query.to },
  })) {
    const clusters = await listClusterAssignments({ sql: database.sql, ticketIds: page.map((t) => t.id) });
    yield page.map((t) => {
      const cluster = clusters.get(t.id);
      const derived = deriveTicket(t, derivation, query.asOf, cluster?.clusterId ?? null);
      return toTicketExport(t, derived, cluster ? { id: cluster.clusterId, label: cluster.label } : null);
    });
  }
}
