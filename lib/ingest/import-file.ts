import type { Database } from '../../db/client';
import { readImportFile } from '../connectors/file/reader';
import type { StatusMap } from '../domain/status-map';
import type { Ticket } from '../domain/ticket';
import { ensureFileConnection, finishSyncRun, startSyncRun, upsertTickets } from './ticket-store';

export interface ImportRejection {
  index: number;
  reason: string;
}

export interface ImportSummary {
  file: string;
  loaded: number;
  rejected: ImportRejection[];
  /** Rejections beyond this many are counted but not kept, so a bad file cannot exhaust memory. */
  rejectedTotal: number;
}

const BATCH = 500;
const KEEP_REJECTIONS = 1000;

/**
 * Load an import file in one transaction: good records are upserted, bad records are reported, and a
 * file-level fault (bad encoding, malformed array, wrong columns) rolls everything back so nothing
 * already stored is lost or half-replaced.
 */
export async function importFile(
  database: Database,
  input: { path: string; source?: string; statusMap: StatusMap; onProgress?: (loaded: number) => void },
): Promise<ImportSummary> {
  const rejected: ImportRejection[] = [];
  let rejectedTotal = 0;
  let loaded = 0;
  const startedAt = new Date();
  // Connections are found inside the transaction: with the embedded database's single connection a
  // statement outside it would wait for the transaction to end. Runs are recorded after it ends.
  const connectionsBySource = new Map<string, number>();
  const loadedBySource = new Map<string, number>();

  const recordRuns = async (status: 'succeeded' | 'failed', error: string | null) => {
    for (const source of loadedBySource.keys()) {
      const connectionId =
        connectionsBySource.get(source) ?? (await ensureFileConnection(database.db, source));
      const runId = await startSyncRun(database.db, {
        connectionId,
        kind: 'import',
        startedAt,
        detail: { file: input.path },
      });
      await finishSyncRun(database.db, {
        runId,
        status,
        tickets: status === 'succeeded' ? (loadedBySource.get(source) ?? 0) : 0,
        rejected: rejectedTotal,
        error,
        detail: { file: input.path, rejected: rejected.slice(0, 20) },
      });
    }
  };

  try {
    await database.db.transaction(async (tx) => {
      let batch: Ticket[] = [];
      const flush = async () => {
        const bySource = new Map<string, Ticket[]>();
        for (const t of batch) {
          const group = bySource.get(t.source);
          if (group) group.push(t);
          else bySource.set(t.source, [t]);
        }
        for (const [source, group] of bySource) {
          let connectionId = connectionsBySource.get(source);
          if (connectionId === undefined) {
            connectionId = await ensureFileConnection(tx, source);
            connectionsBySource.set(source, connectionId);
          }
          await upsertTickets(tx, { connectionId, tickets: group, statusMap: input.statusMap });
          loadedBySource.set(source, (loadedBySource.get(source) ?? 0) + group.length);
        }
        loaded += batch.length;
        batch = [];
        input.onProgress?.(loaded);
      };
      for await (const item of readImportFile(
        input.path,
        input.source ? { source: input.source } : undefined,
      )) {
        if (item.ok) {
          batch.push(item.ticket);
          if (batch.length >= BATCH) await flush();
        } else {
          rejectedTotal++;
          if (rejected.length < KEEP_REJECTIONS) rejected.push({ index: item.index, reason: item.reason });
        }
      }
      await flush();
    });
  } catch (error) {
    connectionsBySource.clear(); // rolled back with the transaction
    if (loadedBySource.size === 0) loadedBySource.set(input.source ?? 'file', 0);
    await recordRuns('failed', error instanceof Error ? error.message : String(error));
    throw error;
  }
  await recordRuns('succeeded', null);
  return { file: input.path, loaded, rejected, rejectedTotal };
}
