import type { Database } from '../../db/client';
import {
  countTicketHistories,
  type HistoryFilter,
  streamTicketHistories,
} from '../../db/queries/ticket-history';
import type { ToilscopeConfig } from '../config';
import { prepareDerivation } from './derive-ticket';
import { type DerivedTicketRow, deriveTicketPage, streamDerivedTickets } from './derived-tickets';
import { type TicketExport, toTicketExport } from './ticket-export';

export interface TicketExportQuery {
  config: ToilscopeConfig;
  asOf: Date;
  /** Tickets created in [from, to). */
  from?: Date;
  to?: Date;
  filter?: Pick<HistoryFilter, 'ids' | 'team' | 'source' | 'clusterId' | 'afterId'>;
  pageSize?: number;
}

/**
 * Stream ticket export rows in pages. Metrics are derived on the fly from the stored history, so the
 * figures for open tickets and ongoing SLO cycles are exact for any `asOf`, not for the last analysis.
 */
export async function* streamTicketExports(
  database: Database,
  query: TicketExportQuery,
): AsyncGenerator<TicketExport[]> {
  for await (const page of streamDerivedTickets(database, {
    derivation: prepareDerivation(query.config),
    asOf: query.asOf,
    filter: { ...query.filter, createdFrom: query.from, createdTo: query.to },
    pageSize: query.pageSize,
  })) {
    yield page.map(toExport);
  }
}

const toExport = (row: DerivedTicketRow): TicketExport =>
  toTicketExport(row.ticket, row.derived, row.cluster);

export interface TicketExportPage {
  items: TicketExport[];
  total: number;
  nextCursor: string | null;
}

/** Cursors are opaque to clients: the last ticket id of a page, base64url-encoded. */
export function encodeCursor(ticketId: string): string {
  return Buffer.from(ticketId, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string | null {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return id.length > 0 && encodeCursor(id) === cursor ? id : null;
}

/** One page of `GET /api/v1/tickets`: the export rows after `afterId`, and the total the filter matches. */
export async function getTicketExportPage(
  database: Database,
  query: Omit<TicketExportQuery, 'pageSize'> & { limit: number; afterId?: string },
): Promise<TicketExportPage> {
  const filter = { ...query.filter, createdFrom: query.from, createdTo: query.to };
  const total = await countTicketHistories({ sql: database.sql, filter });
  // One row more than asked tells whether another page exists.
  const pages = streamTicketHistories({
    sql: database.sql,
    filter: { ...filter, afterId: query.afterId },
    pageSize: query.limit + 1,
  });
  const first = await pages.next();
  await pages.return(undefined);
  const histories = first.done ? [] : first.value;
  const page = histories.slice(0, query.limit);
  const derived = await deriveTicketPage(database, page, prepareDerivation(query.config), query.asOf);
  const items = derived.map(toExport);
  const last = page[page.length - 1];
  return { items, total, nextCursor: histories.length > query.limit && last ? encodeCursor(last.id) : null };
}
