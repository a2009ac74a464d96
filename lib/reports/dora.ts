import type { Database } from '../../db/client';
import { listDeploymentsAsOf } from '../../db/queries/deployments';
import { prepareDerivation } from '../analysis/derive-ticket';
import { streamDerivedTickets } from '../analysis/derived-tickets';
import { type Distribution, doraDeploymentMetrics, doraRequestMetrics, type RequestRow } from '../metrics';
import type { ReportQuery } from './flow';
import { type ReportWindow, reportWindow, roundDistribution, windowContains } from './window';

export interface DeploymentFigures {
  /** Successful deployments per week. */
  frequency: number | null;
  changeLeadTimeHours: Distribution;
  changeFailRate: number | null;
  failedDeploymentRecoveryHours: Distribution;
  reworkRate: number | null;
  /** Finished (success + failure) deployments in the window, and their split. */
  deployments: number;
  successful: number;
  failed: number;
  rework: number;
  /** Failures in the window with no later success yet (not in the recovery distribution). */
  unrecoveredFailures: number;
}

/** `export dora` / `GET /api/v1/dora` (CONTRACT "Other exports"), plus window, asOf. No benchmark tiers. */
export interface DoraReport {
  window: ReportWindow;
  asOf: string;
  requestLeadTimeHours: Distribution;
  requestThroughput: { count: number; perWeek: number | null };
  reopenRate: { windowDays: number; reopened: number; cohort: number; rate: number | null };
  everReopenedRate: number | null;
  incidentTimeToRestoreHours: Distribution;
  /** The five dora.dev metrics; null when no deployment finished in the window. */
  deployments: DeploymentFigures | null;
}

type CohortRow = RequestRow & { incident: boolean };

export async function buildDoraReport(database: Database, query: ReportQuery): Promise<DoraReport> {
  const { config, asOf } = query;
  const method = query.method ?? 'nearest-rank';
  const window = reportWindow(query.from, query.to, asOf);
  const incidentTypes = new Set(config.incidentTypes);

  // Only the cohort (first resolved in the window) is kept, as slim rows.
  const cohort: CohortRow[] = [];
  for await (const page of streamDerivedTickets(database, {
    derivation: prepareDerivation(config, { withSlo: false }),
    asOf,
    filter: { ...query.filter, createdTo: new Date(asOf.getTime() + 1) },
    pageSize: query.pageSize,
  })) {
    for (const { ticket, derived } of page) {
      const f = derived.flow;
      if (f.firstResolvedAt === null || !windowContains(window, f.firstResolvedAt)) continue;
      cohort.push({
        firstResolvedAt: f.firstResolvedAt,
        firstReopenedAt: f.firstReopenedAt,
        leadTimeFirstHours: f.leadTimeFirstHours,
        reopenCount: f.reopenCount,
        incident: ticket.type !== null && incidentTypes.has(ticket.type),
      });
    }
  }

  const deployments = await listDeploymentsAsOf({ sql: database.sql, asOf });
  // An open-ended window starts at the earliest record it covers, so per-week rates stay meaningful.
  const from =
    window.from ?? earliest([...cohort.map((r) => r.firstResolvedAt), ...deployments.map(finishOf)]);
  const metricsWindow = { from: from ?? window.to, to: window.to };

  const request = doraRequestMetrics(cohort, {
    window: metricsWindow,
    reopenWindowDays: config.reopenWindowDays,
    isIncident: (r) => r.incident,
    method,
  });
  const deployment = doraDeploymentMetrics(deployments, { window: metricsWindow, method });

  return {
    window: window.json,
    asOf: asOf.toISOString(),
    requestLeadTimeHours: roundDistribution(request.requestLeadTimeHours),
    requestThroughput: request.requestThroughput,
    reopenRate: request.reopenRate,
    everReopenedRate: request.everReopenedRate,
    incidentTimeToRestoreHours: roundDistribution(request.incidentTimeToRestoreHours),
    deployments:
      deployment === null || deployment.deployments === 0
        ? null
        : {
            frequency: deployment.frequency,
            changeLeadTimeHours: roundDistribution(deployment.changeLeadTimeHours),
            changeFailRate: deployment.changeFailRate,
            failedDeploymentRecoveryHours: roundDistribution(deployment.failedDeploymentRecoveryHours),
            reworkRate: deployment.reworkRate,
            deployments: deployment.deployments,
            successful: deployment.successful,
            failed: deployment.failed,
            rework: deployment.rework,
            unrecoveredFailures: deployment.unrecoveredFailures,
          },
  };
}

const finishOf = (d: { finishedAt: Date | null; startedAt: Date }) => d.finishedAt ?? d.startedAt;

function earliest(instants: readonly (Date | null)[]): Date | null {
  let min: Date | null = null;
  for (const d of instants) if (d !== null && (min === null || d < min)) min = d;
  return min;
}
