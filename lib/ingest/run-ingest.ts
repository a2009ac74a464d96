import { sql as dsql, eq, inArray } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Database } from '../../db/client';
import { deleteDerivedRows } from '../../db/queries/derived-rows';
import { instantOf } from '../../db/queries/ticket-history';
import type { Connection } from '../../db/schema';
import { rawPayloads, sourceSloCycles, syncCursors, syncRuns } from '../../db/schema';
import type { ToilscopeConfig } from '../config';
import { scrubSecrets } from '../connectors/http';
import type { StatusMap } from '../domain/status-map';
import type { Env } from '../env';
import { InputError } from '../errors';
import { connectorFetch } from '../security/url-guard';
import { ingestSourceFor } from './registry';
import type { IngestSource, SourcePage, SourceSession } from './source';
import { type DbOrTx, finishSyncRun, startSyncRun, ticketId, upsertTickets } from './ticket-store';

export interface IngestIo {
  err(text: string): void;
  /** Progress lines (the CLI writes them only when stderr is a terminal). */
  progress(text: string): void;
}

export interface RunIngestInput {
  database: Database;
  /** A stored `connections` row: kind picks the source, scope and base URL configure it. */
  connection: Connection;
  env: Env;
  io: IngestIo;
  statusMap: StatusMap;
  /** The one seam where requests leave the process; defaults to the global fetch. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
  /** `auto` runs the id census when the source's interval has passed since the last one. */
  census?: 'auto' | 'always' | 'never';
  /** Ignore the cursor and re-read everything in scope. */
  full?: boolean;
  /** Wall clock (tests); the cursor is always source time as seen from here. */
  now?: () => Date;
  /** Handed to the source (source-specific settings such as `github.labelStatus`). */
  config?: ToilscopeConfig;
}

export interface IngestSummary {
  runId: number;
  connectionId: number;
  /** Records changed at or after this instant were read; null = a full load. */
  since: Date | null;
  pages: number;
  tickets: number;
  rejected: number;
  retries: number;
  census: { ran: boolean; deleted: number; moved: number; filled: number };
  /** Ticket ids stored or changed by this run (for re-analysis). */
  changedTicketIds: string[];
  seconds: number;
}

const TICKETS_CURSOR = 'tickets';
const CENSUS_CURSOR = 'census';
// Distinguishes ingest locks from the migration lock (db/client.ts) in pg_advisory_lock's key space.
const INGEST_LOCK_CLASS = 724_017_332;
const KEEP_REJECTIONS = 20;

/**
 * Run one connection's source into the database: record the run, read pages changed since the last
 * successful run's start (minus the source's overlap), store each page (tickets, events, raw payload,
 * source SLA cycles, run figures) in one transaction, reconcile deletions and moves by the id census,
 * then advance the cursor. Killed at any point, the next run re-reads from the same cursor, and the
 * upserts are keyed on (connection, external id): no duplicates, no gaps.
 */
export async function runIngest(input: RunIngestInput): Promise<IngestSummary> {
  const now = input.now ?? (() => new Date());
  const { database, connection } = input;
  const source = ingestSourceFor(connection.kind);
  const parsedScope = source.scopeSchema.safeParse(connection.scope);
  if (!parsedScope.success) {
    const issue = parsedScope.error.issues[0];
    throw new InputError(
      `connection '${connection.name}': scope.${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const session = source.open({
    baseUrl: connection.baseUrl,
    scope: parsedScope.data,
    env: input.env,
    fetch: connectorFetch(input.env.TOILSCOPE_ALLOWED_HOSTS, input.fetch),
    now,
    config: input.config,
  });
  const scrub = (text: string) => scrubSecrets(text, session.secrets());
  const signal = input.signal ?? new AbortController().signal;

  const lock = await acquireRunLock(database, connection.id);
  try {
    const startedAt = now();
    const cursor = await readCursor(database, connection.id, TICKETS_CURSOR);
    const since = input.full || !cursor ? null : new Date(cursor.getTime() - source.overlapMs);
    const runId = await startSyncRun(database.db, {
      connectionId: connection.id,
      kind: 'ingest',
      startedAt,
      cursorFrom: since,
      detail: { pid: process.pid, full: since === null },
    });
    const state = new RunState(runId, source, session, input.io, now);
    try {
      state.total = (await session.estimate?.({ since, signal }).catch(() => null)) ?? null;
      for await (const page of prefetched(session.fetchPages({ since, signal }))) {
        await storePage(database, connection.id, input.statusMap, page, state);
      }
      const census = await reconcileCensus(database, connection, source, session, input, state, now);
      await database.db.transaction(async (tx) => {
        await writeCursor(tx, connection.id, TICKETS_CURSOR, startedAt);
        if (census.ran) await writeCursor(tx, connection.id, CENSUS_CURSOR, census.startedAt);
        await finishSyncRun(tx, {
          runId,
          status: 'succeeded',
          ...state.figures(),
          detail: state.detail({ since, census }),
        });
      });
      state.finish();
      return {
        runId,
        connectionId: connection.id,
        since,
        ...state.figures(),
        census: { ran: census.ran, deleted: census.deleted, moved: census.moved, filled: census.filled },
        changedTicketIds: [...state.changed],
        seconds: state.seconds(),
      };
    } catch (error) {
      state.finish();
      const message = scrub(error instanceof Error ? error.message : String(error));
      await finishSyncRun(database.db, {
        runId,
        status: 'failed',
        ...state.figures(),
        error: message,
        detail: state.detail({ since, census: null }),
      });
      if (error instanceof Error) {
        error.message = message;
        throw error;
      }
      throw new Error(message);
    }
  } finally {
    await lock.release();
  }
}

class RunState {
  pages = 0;
  tickets = 0;
  rejectedCount = 0;
  total: number | null = null;
  /** Tickets stored when planner statistics were last refreshed. */
  analyzedAt = 0;
  readonly rejected: Array<{ externalId: string | null; reason: string }> = [];
  readonly changed = new Set<string>();
  private readonly started = Date.now();
  private lastProgress = 0;

  constructor(
    readonly runId: number,
    readonly source: IngestSource,
    readonly session: SourceSession,
    readonly io: IngestIo,
    readonly now: () => Date,
  ) {}

  figures() {
    return {
      pages: this.pages,
      tickets: this.tickets,
      rejected: this.rejectedCount,
      retries: this.session.retries(),
    };
  }

  detail(extra: { since: Date | null; census: CensusOutcome | null }): Record<string, unknown> {
    return {
      pid: process.pid,
      full: extra.since === null,
      rejectedSample: this.rejected,
      census: extra.census
        ? {
            ran: extra.census.ran,
            deleted: extra.census.deleted,
            moved: extra.census.moved,
            filled: extra.census.filled,
            ...(extra.census.skipped ? { skipped: extra.census.skipped } : {}),
          }
        : null,
      source: this.session.describe?.() ?? {},
    };
  }

  seconds(): number {
    return (Date.now() - this.started) / 1000;
  }

  progress(force = false): void {
    const nowMs = Date.now();
    if (!force && nowMs - this.lastProgress < 250) return;
    this.lastProgress = nowMs;
    const seconds = this.seconds();
    const rate = seconds > 0 ? this.tickets / seconds : 0;
    const total = this.total && this.total >= this.tickets ? this.total : null;
    const eta = total && rate > 0 ? ` · ETA ${Math.max(0, Math.round((total - this.tickets) / rate))} s` : '';
    const of = total ? `/${total.toLocaleString('en-US')}` : '';
    const retries = this.session.retries();
    this.io.progress(
      `ingest ${this.source.kind}: page ${this.pages} · ${this.tickets.toLocaleString('en-US')}${of} tickets · ${Math.round(rate).toLocaleString('en-US')}/s${eta}${retries ? ` · ${retries} retries` : ''}`,
    );
  }

  finish(): void {
    this.io.progress('');
  }
}

async function storePage(
  database: Database,
  connectionId: number,
  statusMap: StatusMap,
  page: SourcePage,
  state: RunState,
): Promise<void> {
  const records = dedupeByExternalId(page);
  const fetchedAt = state.now();
  await database.db.transaction(async (tx) => {
    if (records.length > 0) {
      const externalIds = new Map(records.map((r) => [r.ticket, r.externalId]));
      await upsertTickets(tx, {
        connectionId,
        tickets: records.map((r) => r.ticket),
        statusMap,
        externalIdOf: (t) => externalIds.get(t) ?? t.key,
      });
      await tx
        .insert(rawPayloads)
        .values(records.map((r) => ({ connectionId, externalId: r.externalId, fetchedAt, body: r.raw })))
        .onConflictDoUpdate({
          target: [rawPayloads.connectionId, rawPayloads.externalId],
          set: { fetchedAt: dsql`excluded.fetched_at`, body: dsql`excluded.body` },
        });
      const ids = records.map((r) => ticketId(r.ticket.source, connectionId, r.externalId));
      await tx.delete(sourceSloCycles).where(inArray(sourceSloCycles.ticketId, ids));
      const cycles = records.flatMap((r, i) =>
        (r.sourceSloCycles ?? []).map((c) => ({ ticketId: ids[i] as string, ...c })),
      );
      if (cycles.length > 0) await tx.insert(sourceSloCycles).values(cycles);
      for (const id of ids) state.changed.add(id);
    }
    state.pages++;
    state.tickets += records.length;
    state.rejectedCount += page.rejected.length;
    for (const r of page.rejected) if (state.rejected.length < KEEP_REJECTIONS) state.rejected.push(r);
    // The figures land with the page: a killed run still shows how far it got.
    await tx
      .update(syncRuns)
      .set({ ...state.figures() })
      .where(eq(syncRuns.id, state.runId));
  });
  if (state.tickets >= 2 * state.analyzedAt && state.tickets > 0) {
    // Without statistics (a fresh database; autovacuum may be off) the per-page deletes by ticket id
    // are planned as table scans, so a load slows quadratically. Refresh them as the tables double.
    await database.sql`analyze tickets, ticket_events, raw_payloads, source_slo_cycles`;
    state.analyzedAt = state.tickets;
  }
  state.progress();
}

/**
 * Fetch the next page while the current one is being stored: the network and the database wait on
 * each other otherwise. At most one page is held ahead, so memory stays bounded.
 */
async function* prefetched<T>(pages: AsyncIterable<T>): AsyncGenerator<T> {
  const iterator = pages[Symbol.asyncIterator]();
  let next = iterator.next();
  try {
    for (;;) {
      const current = await next;
      if (current.done) return;
      next = iterator.next();
      // A failed prefetch is reported when it is awaited, not as an unhandled rejection meanwhile.
      next.catch(() => undefined);
      yield current.value;
    }
  } finally {
    await iterator.return?.();
  }
}

/** A page may repeat a record (sources re-send on page boundaries): keep the last copy. */
function dedupeByExternalId(page: SourcePage) {
  const byId = new Map<string, SourcePage['records'][number]>();
  for (const record of page.records) byId.set(record.externalId, record);
  return [...byId.values()];
}

interface CensusOutcome {
  ran: boolean;
  startedAt: Date;
  deleted: number;
  moved: number;
  filled: number;
  skipped?: string;
}

async function reconcileCensus(
  database: Database,
  connection: Connection,
  source: IngestSource,
  session: SourceSession,
  input: RunIngestInput,
  state: RunState,
  now: () => Date,
): Promise<CensusOutcome> {
  const startedAt = now();
  const none: CensusOutcome = { ran: false, startedAt, deleted: 0, moved: 0, filled: 0 };
  const mode = input.census ?? 'auto';
  if (mode === 'never') return none;
  if (mode === 'auto') {
    const last = await readCursor(database, connection.id, CENSUS_CURSOR);
    if (last && startedAt.getTime() - last.getTime() < source.censusIntervalMs) return none;
  }
  const signal = input.signal ?? new AbortController().signal;
  const ids: string[] = [];
  const keys: string[] = [];
  const seen = new Set<string>();
  for await (const entries of session.census(signal)) {
    for (const entry of entries) {
      if (seen.has(entry.externalId)) continue;
      seen.add(entry.externalId);
      ids.push(entry.externalId);
      keys.push(entry.key);
    }
    state.io.progress(`ingest ${source.kind}: census · ${ids.length.toLocaleString('en-US')} ids`);
  }
  const sql = database.sql;
  const stored = await sql<{ n: number }[]>`
    select count(*)::int as n from tickets where connection_id = ${connection.id} and deleted_at is null`;
  if (ids.length === 0 && (stored[0]?.n ?? 0) > 0) {
    // An empty answer (e.g. anonymous access sees nothing) must not wipe the store.
    return { ...none, ran: true, skipped: 'the census returned no ids; nothing was marked deleted' };
  }
  const missing = await sql<{ external_id: string }[]>`
    select c.external_id from unnest(${ids}::text[]) as c(external_id)
    where not exists (
      select 1 from tickets t
      where t.connection_id = ${connection.id} and t.external_id = c.external_id and t.deleted_at is null)`;
  let filled = 0;
  if (missing.length > 0 && session.fetchByIds) {
    for await (const page of session.fetchByIds(
      missing.map((m) => m.external_id),
      signal,
    )) {
      await storePage(database, connection.id, input.statusMap, page, state);
      filled += page.records.length;
    }
  }
  const outcome = await sql.begin(async (tx) => {
    const moved = await tx<{ id: string }[]>`
      update tickets t set key = c.key
      from unnest(${ids}::text[], ${keys}::text[]) as c(external_id, key)
      where t.connection_id = ${connection.id} and t.external_id = c.external_id and t.key <> c.key
      returning t.id`;
    const deleted = await tx<{ id: string }[]>`
      update tickets t set deleted_at = ${startedAt.toISOString()}::timestamptz
      where t.connection_id = ${connection.id} and t.deleted_at is null
        and not exists (select 1 from unnest(${ids}::text[]) as c(external_id) where c.external_id = t.external_id)
      returning t.id`;
    // A deleted ticket leaves every figure at once, not only after the next analyze.
    const gone = deleted.map((r) => r.id);
    await deleteDerivedRows({ sql: tx, ticketIds: gone });
    return { moved: moved.map((r) => r.id), deleted: gone };
  });
  for (const id of [...outcome.moved, ...outcome.deleted]) state.changed.add(id);
  return { ran: true, startedAt, deleted: outcome.deleted.length, moved: outcome.moved.length, filled };
}

async function readCursor(database: Database, connectionId: number, entity: string): Promise<Date | null> {
  const rows = await database.sql<{ at: string | Date }[]>`
    select last_success_started_at as at from sync_cursors
    where connection_id = ${connectionId} and entity = ${entity}`;
  const row = rows[0];
  return row ? instantOf(row.at) : null;
}

async function writeCursor(db: DbOrTx, connectionId: number, entity: string, at: Date): Promise<void> {
  await db
    .insert(syncCursors)
    .values({ connectionId, entity, lastSuccessStartedAt: at })
    .onConflictDoUpdate({
      target: [syncCursors.connectionId, syncCursors.entity],
      set: { lastSuccessStartedAt: at },
    });
}

interface RunLock {
  release(): Promise<void>;
}

/** Another process is ingesting this connection right now; `sync` skips it rather than failing. */
export class ConnectionBusyError extends InputError {
  override name = 'ConnectionBusyError';
}

/**
 * One run per connection at a time. On PostgreSQL a session advisory lock on a reserved connection
 * (released by the server if the process dies); the embedded database lives in one process tree, so
 * there a run is live while the pid it recorded is. Runs left `running` by a dead process are closed.
 */
async function acquireRunLock(database: Database, connectionId: number): Promise<RunLock> {
  let reserved: postgres.ReservedSql | null = null;
  if (database.kind === 'postgres') {
    reserved = await database.sql.reserve();
    const [row] = await reserved<{ locked: boolean }[]>`
      select pg_try_advisory_lock(${INGEST_LOCK_CLASS}, ${connectionId}) as locked`;
    if (!row?.locked) {
      reserved.release();
      throw new ConnectionBusyError(
        `connection ${connectionId} is already being ingested by another process`,
      );
    }
  } else {
    const running = await database.sql<{ id: number; detail: { pid?: number } }[]>`
      select id, detail from sync_runs where connection_id = ${connectionId} and status = 'running'`;
    const live = running.find((r) => typeof r.detail?.pid === 'number' && isAlive(r.detail.pid));
    if (live) {
      throw new ConnectionBusyError(
        `connection ${connectionId} is already being ingested (run ${live.id}, pid ${live.detail.pid})`,
      );
    }
  }
  await database.sql`
    update sync_runs set status = 'failed', error = 'interrupted: the process stopped before the run finished'
    where connection_id = ${connectionId} and status = 'running'`;
  return {
    async release() {
      if (!reserved) return;
      await reserved`select pg_advisory_unlock(${INGEST_LOCK_CLASS}, ${connectionId})`.catch(() => undefined);
      reserved.release();
    },
  };
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
