import type { Database } from '../../db/client';
import { listClusterAssignments } from '../../db/queries/cluster-assignments';
import {
  type HistoryFilter,
  type StoredTicket,
  streamTicketHistories,
} from '../../db/queries/ticket-history';
import type { Derivation, DerivedTicket } from './derive-ticket';
import { deriveTicket } from './derive-ticket';

export interface DerivedTicketRow {
  ticket: StoredTicket;
  derived: DerivedTicket;
  cluster: { id: string; label: string } | null;
}

export interface DerivedTicketQuery {
  derivation: Derivation;
  asOf: Date;
  filter?: HistoryFilter;
  pageSize?: number;
}

/**
 * The one place reports derive tickets on the fly: stored histories streamed in pages (keyset on id),
 * each derived as of `asOf` (later events ignored, open as of asOf) with its request type.
 */
export async function* streamDerivedTickets(
  database: Database,
  query: DerivedTicketQuery,
): AsyncGenerator<DerivedTicketRow[]> {
  for await (const page of streamTicketHistories({
    sql: database.sql,
    filter: query.filter,
    pageSize: query.pageSize,
  })) {
    yield await deriveTicketPage(database, page, query.derivation, query.asOf);
  }
}

/** Derive one page of stored tickets as of `asOf`. */
export async function deriveTicketPage(
  database: Database,
  page: readonly StoredTicket[],
  derivation: Derivation,
  asOf: Date,
): Promise<DerivedTicketRow[]> {
  const clusters = await listClusterAssignments({ sql: database.sql, ticketIds: page.map((t) => t.id) });
  return page.map((ticket) => {
    const assignment = clusters.get(ticket.id);
    const derived = deriveTicket(ticket, derivation, asOf, assignment?.clusterId ?? null);
    return {
      ticket,
      derived,
      cluster: assignment ? { id: assignment.clusterId, label: assignment.label } : null,
    };
  });
}
