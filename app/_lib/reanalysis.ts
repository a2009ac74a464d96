import 'server-only';
import { getDatabase } from '@/app/_lib/db';
import { analyze } from '@/lib/analysis/analyze';
import { getConfigInForce } from '@/lib/analysis/config-in-force';

/** The latest re-analysis this server ran after a settings change, for the settings pages to show. */
export interface ReanalysisState {
  version: number;
  state: 'running' | 'done' | 'failed';
  startedAt: Date;
  finishedAt: Date | null;
  tickets: number | null;
  error: string | null;
}

const holder = globalThis as typeof globalThis & {
  toilscopeReanalysis?: { state: ReanalysisState | null; chain: Promise<void> };
};
holder.toilscopeReanalysis ??= { state: null, chain: Promise.resolve() };
const jobs = holder.toilscopeReanalysis;

export function reanalysisState(): ReanalysisState | null {
  return jobs.state;
}

/**
 * Re-derives every ticket with the settings just saved, in the background of the server process: the
 * form answers at once and the pages say when the figures follow the new version. Saves in a row queue
 * up, so the last one saved is the last one applied.
 */
export function startReanalysis(version: number): void {
  jobs.chain = jobs.chain.then(async () => {
    const state: ReanalysisState = {
      version,
      state: 'running',
      startedAt: new Date(),
      finishedAt: null,
      tickets: null,
      error: null,
    };
    jobs.state = state;
    try {
      const database = await getDatabase();
      const { config } = await getConfigInForce({ db: database.db });
      const result = await analyze(database, { config, asOf: new Date(), settingsVersion: version });
      Object.assign(state, { state: 'done', tickets: result.tickets, finishedAt: new Date() });
    } catch (error) {
      console.error('re-analysis after a settings change failed', error);
      Object.assign(state, {
        state: 'failed',
        finishedAt: new Date(),
        error: error instanceof Error ? error.message : String(error),
      });
    }
  });
}
