import type { Deployment } from '../domain/ticket';
import type { TicketFlow } from './flow';
import { type Distribution, distribution, type PercentileMethod } from './percentiles';
import type { TimeWindow } from './throughput';

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

export type RequestRow = Pick<
  TicketFlow,
  'firstResolvedAt' | 'firstReopenedAt' | 'leadTimeFirstHours' | 'reopenCount'
>;

export interface RateOf {
  reopened: number;
  cohort: number;
  rate: number | null;
}

export interface RequestMetrics {
  /** Created → first resolution, for tickets first resolved in the window. */
  requestLeadTimeHours: Distribution;
  requestThroughput: { count: number; perWeek: number | null };
  reopenRate: RateOf & { windowDays: number };
  /** Share of the same cohort reopened at any time up to asOf. */
  everReopenedRate: number | null;
  /** Created → first resolution of incidents first resolved in the window; p50 is the median. */
  incidentTimeToRestoreHours: Distribution;
}

export interface RequestMetricsOptions<T> {
  window: TimeWindow;
  /** Default 14 (CONTRACT `reopenWindowDays`). */
  reopenWindowDays?: number;
  isIncident: (row: T) => boolean;
  method?: PercentileMethod;
}

/**
 * DORA-style analogues for a ticket queue. The cohort is the tickets first resolved in [from, to).
 * A reopen counts within N days (inclusive) of first resolution; resolutions fewer than N days before
 * asOf have not had their full N days yet, so the latest rate can still rise.
 */
export function doraRequestMetrics<T extends RequestRow>(
  rows: readonly T[],
  options: RequestMetricsOptions<T>,
): RequestMetrics {
  const { window, isIncident, method = 'nearest-rank' } = options;
  const windowDays = options.reopenWindowDays ?? 14;
  const cohort = rows.filter((r) => r.firstResolvedAt !== null && inWindow(r.firstResolvedAt, window));
  const reopenedWithin = cohort.filter(
    (r) =>
      r.firstResolvedAt !== null &&
      r.firstReopenedAt !== null &&
      r.firstReopenedAt.getTime() - r.firstResolvedAt.getTime() <= windowDays * DAY_MS,
  ).length;
  const everReopened = cohort.filter((r) => r.reopenCount > 0).length;
  const weeks = windowWeeks(window);

  return {
    requestLeadTimeHours: distribution(
      cohort.map((r) => r.leadTimeFirstHours),
      method,
    ),
    requestThroughput: { count: cohort.length, perWeek: weeks > 0 ? cohort.length / weeks : null },
    reopenRate: {
      windowDays,
      reopened: reopenedWithin,
      cohort: cohort.length,
      rate: ratio(reopenedWithin, cohort.length),
    },
    everReopenedRate: ratio(everReopened, cohort.length),
    incidentTimeToRestoreHours: distribution(
      cohort.filter(isIncident).map((r) => r.leadTimeFirstHours),
      method,
    ),
  };
}

export interface DeploymentMetrics {
  /** Finished success + failure deployments in the window (in-progress and canceled are left out). */
  deployments: number;
  successful: number;
  failed: number;
  rework: number;
  /** Successful deployments per week. */
  frequency: number | null;
  /** Commit → successful deployment finished, one value per commit. */
  changeLeadTimeHours: Distribution;
  changeFailRate: number | null;
  /** First failure of a run → next successful deployment of the same service and environment. */
  failedDeploymentRecoveryHours: Distribution;
  /** Failure runs starting in the window with no later success yet. */
  unrecoveredFailures: number;
  reworkRate: number | null;
}

/**
 * The five dora.dev metrics over deployments finished in [from, to) (finishedAt, else startedAt).
 * Null when there is no deployment data at all. Consecutive failures are one outage, measured from the
 * first; commits dated after their deployment (clock skew) are dropped.
 */
export function doraDeploymentMetrics(
  deployments: readonly Deployment[],
  options: { window: TimeWindow; method?: PercentileMethod },
): DeploymentMetrics | null {
  if (deployments.length === 0) return null;
  const { window, method = 'nearest-rank' } = options;
  const completed = deployments
    .filter((d) => d.status === 'success' || d.status === 'failure')
    .sort((a, b) => finishMs(a) - finishMs(b));
  const inRange = completed.filter((d) => inWindow(new Date(finishMs(d)), window));
  const successes = inRange.filter((d) => d.status === 'success');
  const failed = inRange.length - successes.length;
  const rework = inRange.filter((d) => d.isRework).length;
  const weeks = windowWeeks(window);

  const leadTimes = successes.flatMap((d) =>
    d.commitTimes.map((c) => (finishMs(d) - c.getTime()) / HOUR_MS).filter((h) => h >= 0),
  );

  const recoveries: number[] = [];
  let unrecoveredFailures = 0;
  const lastStatus = new Map<string, Deployment['status']>();
  for (const [i, d] of completed.entries()) {
    const target = targetOf(d);
    const previous = lastStatus.get(target);
    lastStatus.set(target, d.status);
    if (d.status !== 'failure' || previous === 'failure' || !inWindow(new Date(finishMs(d)), window))
      continue;
    const recovery = completed.slice(i + 1).find((n) => n.status === 'success' && targetOf(n) === target);
    if (recovery) recoveries.push((finishMs(recovery) - finishMs(d)) / HOUR_MS);
    else unrecoveredFailures++;
  }

  return {
    deployments: inRange.length,
    successful: successes.length,
    failed,
    rework,
    frequency: weeks > 0 ? successes.length / weeks : null,
    changeLeadTimeHours: distribution(leadTimes, method),
    changeFailRate: ratio(failed, inRange.length),
    failedDeploymentRecoveryHours: distribution(recoveries, method),
    unrecoveredFailures,
    reworkRate: ratio(rework, inRange.length),
  };
}

function finishMs(d: Deployment): number {
  return (d.finishedAt ?? d.startedAt).getTime();
}

function targetOf(d: Deployment): string {
  return JSON.stringify([d.service, d.environment]);
}

function inWindow(instant: Date, window: TimeWindow): boolean {
  const t = instant.getTime();
  return t >= window.from.getTime() && t < window.to.getTime();
}

function windowWeeks(window: TimeWindow): number {
  return Math.max(0, window.to.getTime() - window.from.getTime()) / WEEK_MS;
}

function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}
