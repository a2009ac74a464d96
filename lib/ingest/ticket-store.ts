import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { connections, syncRuns, ticketEvents, tickets } from '../../db/schema';
import { resolveStatus, type StatusMap } from '../domain/status-map';
import type { Ticket } from '../domain/ticket';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

// Postgres caps a statement at 65,535 parameters; events have 9 columns.
const EVENT_CHUNK = 5000;

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

/**
 * Insert or replace tickets with their events, keyed on (connection, external id). A re-imported
 * ticket's events are replaced wholesale so history never duplicates. Call inside a transaction.
 */
export async function upsertTickets(
  db: DbOrTx,
  input: {
    connectionId: number;
    tickets: readonly Ticket[];
    statusMap: StatusMap;
    externalIdOf?: (t: Ticket) => string;
  },
): Promise<void> {
  if (input.tickets.length === 0) return;
  const externalIdOf = input.externalIdOf ?? ((t: Ticket) => t.key);
  const now = new Date();
  const rows = input.tickets.map((t) => {
    const externalId = externalIdOf(t);
    return {
      id: ticketId(t.source, input.connectionId, externalId),
      connectionId: input.connectionId,
      externalId,
      source: t.source,
      key: t.key,
      title: t.title,
      description: t.description,
      type: t.type,
      priority: t.priority,
      labels: t.labels,
      team: t.team,
      requester: t.requester,
      requesterTeam: t.requesterTeam,
      assignee: t.assignee,
      status: t.status,
      statusCategory: resolveStatus(t.status, input.statusMap, t.sourceStatusCategory).category,
      sourceStatusCategory: t.sourceStatusCategory,
      url: t.url,
      createdAt: t.createdAt,
      ingestedAt: now,
      deletedAt: null,
    };
  });
  await db
    .insert(tickets)
    .values(rows)
    .onConflictDoUpdate({
      target: [tickets.connectionId, tickets.externalId],
      set: {
        source: sql`excluded.source`,
        key: sql`excluded.key`,
        title: sql`excluded.title`,
        description: sql`excluded.description`,
        type: sql`excluded.type`,
        priority: sql`excluded.priority`,
        labels: sql`excluded.labels`,
        team: sql`excluded.team`,
        requester: sql`excluded.requester`,
        requesterTeam: sql`excluded.requester_team`,
        assignee: sql`excluded.assignee`,
        status: sql`excluded.status`,
        statusCategory: sql`excluded.status_category`,
        sourceStatusCategory: sql`excluded.source_status_category`,
        url: sql`excluded.url`,
        createdAt: sql`excluded.created_at`,
        ingestedAt: sql`excluded.ingested_at`,
        deletedAt: sql`null`,
      },
    });
  const ids = rows.map((r) => r.id);
  await db.delete(ticketEvents).where(inArray(ticketEvents.ticketId, ids));
  const events = input.tickets.flatMap((t, i) => {
    const id = ids[i] as string;
    return t.events.map((e) => ({
      ticketId: id,
      seq: e.seq,
      at: e.at,
      kind: e.kind,
      fromValue: e.from,
      toValue: e.to,
      actor: e.actor,
      actorIsBot: e.actorIsBot,
      isPublic: e.public,
    }));
  });
  for (let i = 0; i < events.length; i += EVENT_CHUNK) {
    await db.insert(ticketEvents).values(events.slice(i, i + EVENT_CHUNK));
  }
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
