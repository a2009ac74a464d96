import { and, eq, inArray, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import { type BulkColumn, type BulkValue, bulkInsert, unnestChunks, unnestPlan } from '../../db/bulk-copy';
import type { Database, Db } from '../../db/client';
import { connections, syncRuns, ticketEvents } from '../../db/schema';
import { resolveStatus, type StatusMap } from '../domain/status-map';
import type { Ticket } from '../domain/ticket';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

// Events per unnest statement: one text[] parameter per column, so no 65,535-parameter cap applies.
const EVENT_CHUNK = 10_000;

export function ticketId(source: string, connectionId: number, externalId: string): string {
  return `${source}:${connectionId}:${externalId}`;
}

/** The connection a file import or the demo writes into: one per source, so (source, key) is unique. */
export async function ensureFileConnection(db: DbOrTx, source: string): Promise<number> {
  const name = `file:${source}`;
  const inserted = await db
    .insert(connections)
    .values({ kind: 'file', name, scope: { source } })
    .onConflictDoNothing({ target: connections.name })
    .returning({ id: connections.id });
  const first = inserted[0];
  if (first) return first.id;
  const existing = await db
    .select({ id: connections.id })
    .from(connections)
    .where(eq(connections.name, name));
  const row = existing[0];
  if (!row) throw new Error(`connection ${name} vanished while importing`);
  return row.id;
}

export const TICKET_COLUMNS: readonly BulkColumn[] = [
  { name: 'id', type: 'text' },
  { name: 'connection_id', type: 'int' },
  { name: 'external_id', type: 'text' },
  { name: 'source', type: 'text' },
  { name: 'key', type: 'text' },
  { name: 'title', type: 'text' },
  { name: 'description', type: 'text' },
  { name: 'type', type: 'text' },
  { name: 'priority', type: 'text' },
  { name: 'labels', type: 'text[]' },
  { name: 'team', type: 'text' },
  { name: 'requester', type: 'text' },
  { name: 'requester_team', type: 'text' },
  { name: 'assignee', type: 'text' },
  { name: 'status', type: 'text' },
  { name: 'status_category', type: 'text' },
  { name: 'source_status_category', type: 'text' },
  { name: 'url', type: 'text' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'ingested_at', type: 'timestamptz' },
];

export const EVENT_COLUMNS: readonly BulkColumn[] = [
  { name: 'ticket_id', type: 'text' },
  { name: 'seq', type: 'int' },
  { name: 'at', type: 'timestamptz' },
  { name: 'kind', type: 'text' },
  { name: 'from_value', type: 'text' },
  { name: 'to_value', type: 'text' },
  { name: 'actor', type: 'text' },
  { name: 'actor_is_bot', type: 'bool' },
  { name: 'is_public', type: 'bool' },
];

interface TicketWrite {
  connectionId: number;
  tickets: readonly Ticket[];
  statusMap: StatusMap;
  externalIdOf?: (t: Ticket) => string;
}

/** Each ticket's stored id and its row in TICKET_COLUMNS order (ingested now: analyze re-derives it). */
function ticketRows(input: TicketWrite, ingestedAt: string): { ids: string[]; rows: BulkValue[][] } {
  const externalIdOf = input.externalIdOf ?? ((t: Ticket) => t.key);
  const ids: string[] = [];
  const rows = input.tickets.map((t) => {
    const externalId = externalIdOf(t);
    const id = ticketId(t.source, input.connectionId, externalId);
    ids.push(id);
    return [
      id,
      input.connectionId,
      externalId,
      t.source,
      t.key,
      t.title,
      t.description,
      t.type,
      t.priority,
      t.labels,
      t.team,
      t.requester,
      t.requesterTeam,
      t.assignee,
      t.status,
      resolveStatus(t.status, input.statusMap, t.sourceStatusCategory).category,
      t.sourceStatusCategory,
      t.url,
      t.createdAt,
      ingestedAt,
    ];
  });
  return { ids, rows };
}

function* eventRows(tickets: readonly Ticket[], ids: readonly string[]): Generator<BulkValue[]> {
  for (let i = 0; i < tickets.length; i++) {
    const id = ids[i] as string;
    for (const e of (tickets[i] as Ticket).events) {
      yield [id, e.seq, e.at, e.kind, e.from, e.to, e.actor, e.actorIsBot, e.public];
    }
  }
}

const TICKET_UPDATE = TICKET_COLUMNS.filter(
  (c) => c.name !== 'id' && c.name !== 'connection_id' && c.name !== 'external_id',
)
  .map((c) => `"${c.name}" = excluded."${c.name}"`)
  .concat(['deleted_at = null'])
  .join(', ');

/**
 * Insert or replace tickets with their events, keyed on (connection, external id). A re-imported
 * ticket's events are replaced wholesale so history never duplicates. Call inside a transaction.
 * Rows travel as one text array per column (`insert … select from unnest`), a few statements per batch.
 */
export async function upsertTickets(db: DbOrTx, input: TicketWrite): Promise<void> {
  if (input.tickets.length === 0) return;
  const { ids, rows } = ticketRows(input, new Date().toISOString());
  const ticketPlan = unnestPlan('tickets', TICKET_COLUMNS);
  for (const params of unnestChunks(TICKET_COLUMNS, rows, EVENT_CHUNK)) {
    await db.execute(
      unnestStatement(
        ticketPlan,
        params,
        ` on conflict (connection_id, external_id) do update set ${TICKET_UPDATE}`,
      ),
    );
  }
  await db.delete(ticketEvents).where(inArray(ticketEvents.ticketId, ids));
  const eventPlan = unnestPlan('ticket_events', EVENT_COLUMNS);
  for (const params of unnestChunks(EVENT_COLUMNS, eventRows(input.tickets, ids), EVENT_CHUNK)) {
    await db.execute(unnestStatement(eventPlan, params, ''));
  }
}

function unnestStatement(plan: { head: string; tail: string }, params: readonly string[], suffix: string) {
  return sql.join([
    sql.raw(plan.head),
    sql.join(
      params.map((p) => sql`${p}::text[]`),
      sql.raw(', '),
    ),
    sql.raw(plan.tail + suffix),
  ]);
}

/**
 * Append tickets that are not stored yet (the demo loader, into a connection it just emptied) with
 * COPY on PostgreSQL: no conflict handling, so it is the fastest way in. Call inside a transaction.
 */
export async function appendNewTickets(
  tx: postgres.Sql | postgres.TransactionSql,
  kind: Database['kind'],
  input: TicketWrite,
): Promise<void> {
  if (input.tickets.length === 0) return;
  const { ids, rows } = ticketRows(input, new Date().toISOString());
  await bulkInsert(tx, kind, 'tickets', TICKET_COLUMNS, rows);
  await bulkInsert(tx, kind, 'ticket_events', EVENT_COLUMNS, eventRows(input.tickets, ids));
}

export async function startSyncRun(
  db: DbOrTx,
  input: {
    connectionId: number;
    kind: string;
    startedAt?: Date;
    cursorFrom?: Date | null;
    detail?: Record<string, unknown>;
  },
): Promise<number> {
  const [row] = await db
    .insert(syncRuns)
    .values({
      connectionId: input.connectionId,
      kind: input.kind,
      startedAt: input.startedAt ?? new Date(),
      status: 'running',
      cursorFrom: input.cursorFrom ?? null,
      detail: input.detail ?? {},
    })
    .returning({ id: syncRuns.id });
  if (!row) throw new Error('could not record the sync run');
  return row.id;
}

export async function finishSyncRun(
  db: DbOrTx,
  input: {
    runId: number;
    status: 'succeeded' | 'failed';
    tickets: number;
    rejected?: number;
    pages?: number;
    retries?: number;
    error?: string | null;
    detail?: Record<string, unknown>;
  },
): Promise<void> {
  await db
    .update(syncRuns)
    .set({
      finishedAt: new Date(),
      status: input.status,
      tickets: input.tickets,
      rejected: input.rejected ?? 0,
      pages: input.pages ?? 0,
      retries: input.retries ?? 0,
      error: input.error ?? null,
      ...(input.detail ? { detail: input.detail } : {}),
    })
    .where(and(eq(syncRuns.id, input.runId)));
}
