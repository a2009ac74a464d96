import type { Database } from '../../db/client';
import type { Connection } from '../../db/schema';
import { defaultSleep } from '../../lib/connectors/http';
import { type Env, env } from '../../lib/env';
import { ConnectionBusyError } from '../../lib/ingest/run-ingest';
import {
  connectionEnv,
  lastRunStarts,
  listSyncableConnections,
  nextDue,
} from '../../lib/ingest/stored-connections';
import { finishSyncRun, startSyncRun } from '../../lib/ingest/ticket-store';
import { type CliIo, type CommandInput, type CommandSpec, stringFlag, withDatabase } from '../cli-kit';
import { ingestConnection } from './ingest';

/** What one pass did with each connection. */
export type SyncOutcome = 'succeeded' | 'failed' | 'skipped-busy';

const WATCH_TICK_MS = 30_000;

/**
 * Runs one stored connection with its own decrypted credential. Another process already running it
 * (the advisory lock in runIngest) is a skip, not a failure; a failure is recorded in sync_runs by
 * runIngest and reported here in one line.
 */
export async function syncConnection(
  database: Database,
  connection: Connection,
  input: { values: CommandInput['values']; io: CliIo; fetch?: typeof fetch },
): Promise<SyncOutcome> {
  let connectionEnvironment: Env;
  try {
    connectionEnvironment = connectionEnv(connection, env());
  } catch (error) {
    // Nothing ran, so no run recorded it: record the failure where the Sync page shows run history.
    const message = error instanceof Error ? error.message : String(error);
    const runId = await startSyncRun(database.db, { connectionId: connection.id, kind: 'ingest' });
    await finishSyncRun(database.db, { runId, status: 'failed', tickets: 0, error: message });
    input.io.err(`sync ${connection.name} failed: ${message}`);
    return 'failed';
  }
  try {
    await ingestConnection(database, connection, {
      values: input.values,
      io: input.io,
      fetch: input.fetch,
      env: connectionEnvironment,
    });
    return 'succeeded';
  } catch (error) {
    if (error instanceof ConnectionBusyError) {
      input.io.err(`skipped ${connection.name}: another process is syncing it right now`);
      return 'skipped-busy';
    }
    input.io.err(`sync ${connection.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return 'failed';
  }
}

/**
 * `sync --watch`: every tick, run the scheduled connections that are due (last run start + schedule),
 * one at a time, until `signal` aborts. Connections without a schedule are left to `sync`.
 */
export async function watchConnections(
  database: Database,
  input: { values: CommandInput['values']; io: CliIo; name?: string; signal: AbortSignal; tickMs?: number },
): Promise<void> {
  while (!input.signal.aborted) {
    const rows = await listSyncableConnections(database.db, input.name);
    const lastRuns = await lastRunStarts(database.db);
    for (const connection of rows) {
      if (input.signal.aborted) break;
      const due = nextDue(connection, lastRuns.get(connection.id));
      if (due !== null && due.getTime() <= Date.now()) await syncConnection(database, connection, input);
    }
    // An abort ends the wait early; the loop condition then stops the watch.
    await defaultSleep(input.tickMs ?? WATCH_TICK_MS, input.signal).catch(() => undefined);
  }
}

export const syncCommand: CommandSpec = {
  name: 'sync',
  summary: 'run the stored connections now, or keep running them on their schedules (--watch)',
  usage: 'sync [--name N] [--watch]',
  details: [
    '  --name N   only this connection',
    '  --watch    keep running: each scheduled connection when it is due (connections add --schedule),',
    '             until interrupted (Ctrl-C / SIGTERM finish the current run first)',
    '',
    'Never two runs of one connection at once, across processes: a run that finds the connection busy is',
    'skipped. Run history and failures are on the Sync page. Exit 1 when a run (without --watch) failed.',
  ].join('\n'),
  options: { name: { type: 'string' }, watch: { type: 'boolean' } },
  positionals: [0, 0],
  async run({ values, io }) {
    const name = stringFlag(values, 'name');
    await withDatabase(async (database) => {
      if (values.watch === true) {
        const stop = new AbortController();
        const onSignal = () => {
          io.err('stopping after the current run…');
          stop.abort();
        };
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        try {
          await watchConnections(database, { values, io, name, signal: stop.signal });
        } finally {
          process.off('SIGINT', onSignal);
          process.off('SIGTERM', onSignal);
        }
        return;
      }
      const rows = await listSyncableConnections(database.db, name);
      if (rows.length === 0) {
        io.err('no stored connections to sync (connections add …)');
        return;
      }
      const outcomes: SyncOutcome[] = [];
      for (const connection of rows)
        outcomes.push(await syncConnection(database, connection, { values, io }));
      const failed = outcomes.filter((o) => o === 'failed').length;
      if (failed > 0) throw new Error(`sync: ${failed} of ${rows.length} connections failed (see above)`);
    });
  },
};
