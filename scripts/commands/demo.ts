import { eq } from 'drizzle-orm';
import { rawClientOf } from '../../db/bulk-copy';
import type { Database } from '../../db/client';
import { saveSettings } from '../../db/queries/settings';
import { automationRuns, automations, connections, deployments } from '../../db/schema';
import { loadConfig } from '../../lib/config';
import type { AutomationRun, Deployment, Ticket } from '../../lib/domain/ticket';
import {
  appendNewTickets,
  ensureFileConnection,
  finishSyncRun,
  startSyncRun,
} from '../../lib/ingest/ticket-store';
import { type CommandSpec, instantFlag, intFlag, resolveConfig, withDatabase } from '../cli-kit';
import { DEMO_AUTOMATION, demoConfig, generateDemo } from '../demo-data/generate';
import { progressReporter } from '../progress';
import { runAnalysis } from './analyze';

const BATCH = 5000;

export interface DemoOptions {
  tickets: number;
  seed: number;
  endAt: Date;
  onProgress?: (tickets: number) => void;
}

/** UTC midnight today: the demo's year ends "now" so dashboards look current, yet stays reproducible per day. */
export function defaultDemoEnd(now = new Date()): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/**
 * Replace the demo data set in one transaction: its tickets, deployments, self-service runs, the
 * automation it launched and the settings (status map, calendars, SLOs) the demo world uses.
 */
export async function loadDemo(database: Database, options: DemoOptions): Promise<{ tickets: number }> {
  const { db } = database;
  const settings = demoConfig(options.endAt);
  const config = loadConfig(JSON.stringify(settings), 'demo config');
  const startedAt = new Date();
  let count = 0;
  let connectionId = 0;
  await db.transaction(async (tx) => {
    // The same transaction's connection, for COPY of tickets and events.
    const rawTx = rawClientOf(tx);
    await tx.delete(connections).where(eq(connections.name, 'file:demo'));
    await tx.delete(deployments).where(eq(deployments.source, 'demo'));
    await tx.delete(automationRuns).where(eq(automationRuns.automation, DEMO_AUTOMATION.name));
    await tx.delete(automations).where(eq(automations.name, DEMO_AUTOMATION.name));
    connectionId = await ensureFileConnection(tx, 'demo');

    let ticketBatch: Ticket[] = [];
    let deploymentBatch: Deployment[] = [];
    let runBatch: AutomationRun[] = [];
    const flushTickets = async () => {
      await appendNewTickets(rawTx, database.kind, {
        connectionId,
        tickets: ticketBatch,
        statusMap: config.statusMap,
      });
      count += ticketBatch.length;
      ticketBatch = [];
      options.onProgress?.(count);
    };
    const flushDeployments = async () => {
      if (deploymentBatch.length === 0) return;
      await tx.insert(deployments).values(
        deploymentBatch.map((d) => ({
          id: `${d.source}:${d.externalId}`,
          source: d.source,
          service: d.service,
          environment: d.environment,
          startedAt: d.startedAt,
          finishedAt: d.finishedAt,
          status: d.status,
          commitTimes: d.commitTimes.map((c) => c.toISOString()),
          isRework: d.isRework,
        })),
      );
      deploymentBatch = [];
    };
    const flushRuns = async () => {
      if (runBatch.length === 0) return;
      await tx
        .insert(automationRuns)
        .values(runBatch.map((r) => ({ ...r })))
        .onConflictDoNothing();
      runBatch = [];
    };
    for (const record of generateDemo({
      tickets: options.tickets,
      seed: options.seed,
      endAt: options.endAt,
    })) {
      if (record.kind === 'ticket') {
        ticketBatch.push(record.ticket);
        if (ticketBatch.length >= BATCH) await flushTickets();
      } else if (record.kind === 'deployment') {
        deploymentBatch.push(record.deployment);
        if (deploymentBatch.length >= BATCH) await flushDeployments();
      } else {
        runBatch.push(record.run);
        if (runBatch.length >= BATCH) await flushRuns();
      }
    }
    await flushTickets();
    await flushDeployments();
    await flushRuns();
    await tx.insert(automations).values({
      name: DEMO_AUTOMATION.name,
      clusters: [...DEMO_AUTOMATION.clusters],
      launchedAt: DEMO_AUTOMATION.launchedAt(options.endAt),
      buildCostHours: DEMO_AUTOMATION.buildCostHours,
    });
  });
  await saveSettings({ db, settings: { ...settings }, savedBy: 'demo' });
  const runId = await startSyncRun(db, {
    connectionId,
    kind: 'demo',
    startedAt,
    detail: { seed: options.seed },
  });
  await finishSyncRun(db, { runId, status: 'succeeded', tickets: count });
  return { tickets: count };
}

export const demoCommand: CommandSpec = {
  name: 'demo',
  summary: 'load the deterministic demo data set (platform-team queue, ~1 year)',
  usage: 'demo [--tickets N] [--seed S] [--end-at ISO] [--no-analyze]',
  details: [
    'Replaces any earlier demo data. The same --seed and --end-at give the same data set.',
    '',
    '  --tickets N     number of tickets (default 5000; up to 2,000,000)',
    '  --seed S        random seed (default 42)',
    '  --end-at ISO    the instant the demo year ends (default: today 00:00 UTC)',
    '  --no-analyze    skip recomputing metrics afterwards',
  ].join('\n'),
  options: {
    tickets: { type: 'string' },
    seed: { type: 'string' },
    'end-at': { type: 'string' },
    'no-analyze': { type: 'boolean' },
  },
  async run({ values, io }) {
    const tickets = intFlag(values, 'tickets', 1, 2_000_000) ?? 5000;
    const seed = intFlag(values, 'seed', 0, 2 ** 31 - 1) ?? 42;
    const endAt = instantFlag(values, 'end-at') ?? defaultDemoEnd();
    await withDatabase(async (database) => {
      const progress = progressReporter('demo', tickets, io.progress);
      const result = await loadDemo(database, {
        tickets,
        seed,
        endAt,
        onProgress: (n) => progress.update(n),
      });
      const seconds = progress.done();
      io.err(`loaded ${result.tickets} demo tickets (seed ${seed}) in ${seconds.toFixed(1)} s`);
      if (!values['no-analyze'])
        await runAnalysis(database, { values, io, config: await resolveConfig(values, database) });
    });
  },
};
