// The clustering step of the analysis: mine request types from ticket texts, keep ids stable, re-apply
// overrides, store clusters and memberships. Runs before the per-ticket derivation (SLO goals can
// match by cluster). Incremental after small ingests; full on --full, first run, or changed settings.
import type { Database } from '../../db/client';
import {
  addClusterMembers,
  getLastClusterRun,
  getPreviousClusters,
  getStoredClusters,
  listClusterOverrides,
  replaceClusters,
  streamClusterTexts,
} from '../../db/queries/clusters';
import { ClusterAssigner } from '../toil/assign';
import {
  DEFAULT_MINING_OPTIONS,
  type MiningOptions,
  miningSettingsKey,
  RequestTypeMiner,
} from '../toil/mine';
import { applyOverrides, type OverrideOutcome } from '../toil/overrides';
import type { ClusterMember } from '../toil/types';

export interface ClusterStepOptions {
  /** Re-cluster everything even when an incremental assignment would do. */
  full?: boolean;
  mining?: Partial<MiningOptions>;
  onProgress?: (tickets: number) => void;
  now?: () => Date;
}

export interface ClusterStepSummary {
  mode: 'full' | 'incremental';
  reason: string;
  tickets: number;
  clustered: number;
  clusters: number;
  /** Overrides that could not be applied (their cluster or ticket is gone), kept for the user to see. */
  skippedOverrides: OverrideOutcome[];
  invalidOverrides: { id: number; reason: string }[];
  seconds: number;
}

/** New tickets beyond this share of the last full run re-cluster everything: new types may emerge. */
const INCREMENTAL_LIMIT = 0.2;

export async function runClusterStep(
  database: Database,
  options: ClusterStepOptions = {},
): Promise<ClusterStepSummary> {
  const started = options.now?.() ?? new Date();
  const mining: MiningOptions = { ...DEFAULT_MINING_OPTIONS, ...options.mining };
  const settingsKey = miningSettingsKey(mining);
  const last = await getLastClusterRun({ sql: database.sql });
  let reason: string | null = null;
  if (options.full) reason = '--full';
  else if (!last) reason = 'first clustering';
  else if (last.settingsKey !== settingsKey) reason = 'clustering settings changed';
  if (reason === null && last) {
    const incremental = await assignIncrementally(database, mining, last.ingestedThrough, options);
    if (incremental) {
      return {
        ...incremental,
        seconds: ((options.now?.() ?? new Date()).getTime() - started.getTime()) / 1000,
      };
    }
    reason = 'many new tickets since the last full clustering';
  }
  const miner = new RequestTypeMiner(mining);
  let ingestedThrough: string | null = null;
  for await (const page of streamClusterTexts({ sql: database.sql })) {
    for (const t of page) {
      miner.add(t);
      if (ingestedThrough === null || t.ingestedAt > ingestedThrough) ingestedThrough = t.ingestedAt;
    }
    options.onProgress?.(miner.size);
  }
  const previous = await getPreviousClusters({ sql: database.sql });
  const mined = miner.finish(previous);
  const minedClusterOf = new Map(mined.members.map((m) => [m.ticketId, m.clusterId]));
  const { overrides, invalid } = await listClusterOverrides({ sql: database.sql });
  const { result, outcomes } = applyOverrides(mined, overrides);
  const clustered = result.members.filter((m) => m.clusterId !== null).length;
  const finished = options.now?.() ?? new Date();
  await replaceClusters({
    sql: database.sql,
    clusters: result.clusters,
    members: result.members,
    minedClusterOf,
    run: {
      mode: 'full',
      settingsKey,
      startedAt: started,
      finishedAt: finished,
      ingestedThrough,
      tickets: miner.size,
      clustered,
      clusters: result.clusters.length,
    },
  });
  return {
    mode: 'full',
    reason: reason ?? 'full',
    tickets: miner.size,
    clustered,
    clusters: result.clusters.length,
    skippedOverrides: outcomes.filter((o) => o.status !== 'applied'),
    invalidOverrides: invalid,
    seconds: (finished.getTime() - started.getTime()) / 1000,
  };
}

async function assignIncrementally(
  database: Database,
  mining: MiningOptions,
  ingestedAfter: string | null,
  options: ClusterStepOptions,
): Promise<Omit<ClusterStepSummary, 'seconds'> | null> {
  const previous = await getStoredClusters({ sql: database.sql });
  const fresh = [];
  for await (const page of streamClusterTexts({ sql: database.sql, ingestedAfter })) {
    fresh.push(...page);
    if (fresh.length > Math.max(50, previous.members * INCREMENTAL_LIMIT)) return null;
  }
  const assigner = new ClusterAssigner(previous.stored, mining);
  const members: ClusterMember[] = fresh.map((t) => {
    const a = assigner.assign(t);
    return { ...a, key: t.key, createdAt: t.createdAt };
  });
  let ingestedThrough = ingestedAfter;
  for (const t of fresh)
    if (ingestedThrough === null || t.ingestedAt > ingestedThrough) ingestedThrough = t.ingestedAt;
  const clustered = members.filter((m) => m.clusterId !== null).length;
  const now = options.now?.() ?? new Date();
  await addClusterMembers({
    sql: database.sql,
    members,
    run: {
      mode: 'incremental',
      settingsKey: miningSettingsKey(mining),
      startedAt: now,
      finishedAt: now,
      ingestedThrough,
      tickets: fresh.length,
      clustered,
      clusters: previous.stored.length,
    },
  });
  options.onProgress?.(fresh.length);
  return {
    mode: 'incremental',
    reason: `${fresh.length} new tickets assigned to existing request types`,
    tickets: fresh.length,
    clustered,
    clusters: previous.stored.length,
    skippedOverrides: [],
    invalidOverrides: [],
  };
}
