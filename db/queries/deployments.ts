import type postgres from 'postgres';
import type { Deployment } from '../../lib/domain/ticket';
import { instantOf } from './ticket-history';

interface DeploymentRowRaw {
  source: string;
  id: string;
  service: string;
  environment: string;
  started_at: Date | string;
  finished_at: Date | string | null;
  status: Deployment['status'];
  commit_times: string[];
  is_rework: boolean;
}

/**
 * Deployments as they stood at `asOf`: started by then, and one still running at asOf (finished later)
 * is in progress. Deployment counts are small next to tickets (a few a day), so they are read whole.
 */
export async function listDeploymentsAsOf({
  sql,
  asOf,
}: {
  sql: postgres.Sql;
  asOf: Date;
}): Promise<Deployment[]> {
  const rows = await sql<DeploymentRowRaw[]>`
    select source, id, service, environment, started_at, finished_at, status, commit_times, is_rework
    from deployments
    where started_at <= ${asOf.toISOString()}::timestamptz
    order by started_at, id`;
  return rows.map((r) => {
    const finishedAt = r.finished_at === null ? null : instantOf(r.finished_at);
    const running = finishedAt !== null && finishedAt.getTime() > asOf.getTime();
    return {
      source: r.source,
      externalId: r.id,
      service: r.service,
      environment: r.environment,
      startedAt: instantOf(r.started_at),
      finishedAt: running ? null : finishedAt,
      status: running ? 'in_progress' : r.status,
      commitTimes: r.commit_times.map((c) => new Date(c)),
      isRework: r.is_rework,
    };
  });
}
