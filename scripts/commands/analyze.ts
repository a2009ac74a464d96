import type { Database } from '../../db/client';
import { analyze } from '../../lib/analysis/analyze';
import { runClusterStep } from '../../lib/analysis/cluster-step';
import { getConfigInForce } from '../../lib/analysis/config-in-force';
import type { ToilscopeConfig } from '../../lib/config';
import {
  asOfFlag,
  type CliIo,
  type CommandInput,
  type CommandSpec,
  resolveConfig,
  stringFlag,
  withDatabase,
} from '../cli-kit';
import { progressReporter } from '../progress';

/** Run the analysis and report it on stderr (import, demo and `analyze` share this). */
export async function runAnalysis(
  database: Database,
  input: {
    values: CommandInput['values'];
    io: CliIo;
    config: ToilscopeConfig;
    /** Only these tickets (after an incremental ingest); all when absent. */
    ticketIds?: readonly string[];
  },
): Promise<void> {
  const asOf = asOfFlag(input.values);
  // Only saved settings have a version; a config file or the defaults record none.
  const { origin } = await getConfigInForce({ db: database.db, path: stringFlag(input.values, 'config') });
  const clustering = await runClusterStep(database, { full: input.values.full === true });
  input.io.err(
    `clustered ${clustering.tickets} tickets, ${clustering.mode} (${clustering.reason}): ${clustering.clusters} request types, ${clustering.clustered} tickets in them, in ${clustering.seconds.toFixed(1)} s`,
  );
  for (const o of clustering.skippedOverrides) {
    input.io.err(`override ${o.override.action} on ${o.override.clusterId} ${o.status}: ${o.reason}`);
  }
  for (const o of clustering.invalidOverrides) input.io.err(`override #${o.id} ignored: ${o.reason}`);
  const progress = progressReporter('analyze', null, input.io.progress);
  const result = await analyze(database, {
    config: input.config,
    asOf,
    settingsVersion: origin.kind === 'saved' ? origin.version : null,
    ticketIds: input.ticketIds,
    full: input.values.full === true,
    onProgress: (n) => progress.update(n),
  });
  progress.done();
  input.io.err(
    `analyzed ${result.tickets} tickets, ${result.mode} (${result.reason}; ${result.intervals} status intervals, ${result.sloCycles} SLO cycles) in ${result.seconds.toFixed(1)} s`,
  );
  if (result.unmappedStatuses.length > 0) {
    input.io.err(
      `unmapped statuses (counted as queue; map them in statusMap): ${result.unmappedStatuses.map((s) => JSON.stringify(s)).join(', ')}`,
    );
  }
}

export const analyzeCommand: CommandSpec = {
  name: 'analyze',
  summary: 'recompute intervals, metrics and SLO cycles from the stored tickets',
  usage: 'analyze [--config PATH] [--as-of ISO] [--full]',
  details: [
    'Import and demo run this too. --as-of sets the "now" for open tickets and ongoing SLO cycles.',
    '',
    'Incremental by default: when the config in force is the one the last analysis used and --as-of is',
    'not earlier than its as-of, only tickets that are new, changed since they were derived, whose',
    'request type changed, or whose figures depend on the as-of (open, an ongoing SLO cycle, events',
    'after the last as-of) are re-derived. Otherwise every ticket is.',
    '',
    'Request types are clustered first: new tickets join existing clusters; the first run, changed',
    'clustering settings or many new tickets re-cluster everything (ids stay stable, overrides re-applied).',
    '',
    '  --full    re-derive every ticket and re-cluster regardless',
  ].join('\n'),
  options: { full: { type: 'boolean' } },
  async run({ values, io }) {
    await withDatabase(async (database) => {
      const config = await resolveConfig(values, database);
      await runAnalysis(database, { values, io, config });
    });
  },
};
