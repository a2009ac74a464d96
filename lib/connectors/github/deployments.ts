// GitHub deployments (or, failing those, releases) → canonical deployments for the dora.dev metrics,
// and the rule that links incident issues to the deployment that preceded them. Pure.
import type { Deployment } from '../../domain/ticket';
import type { GithubDeployment, GithubDeploymentStatus, GithubRelease } from './schemas';

const TERMINAL: Readonly<Record<string, Deployment['status']>> = {
  success: 'success',
  failure: 'failure',
  error: 'failure',
};
const RUNNING = new Set(['pending', 'queued', 'in_progress']);

export interface DeploymentInput {
  deployment: GithubDeployment;
  statuses: readonly GithubDeploymentStatus[];
  /** Commit instants shipped by this deployment (since the previous one to the same environment). */
  commitTimes: readonly Date[];
}

/**
 * A deployment's outcome is its newest success/failure/error status (REST deployments have no state of
 * their own; `inactive` only marks one superseded later). Without one it is still running, or, when
 * only `inactive` was ever reported, canceled. Rework: the same sha deployed again to the same environment.
 */
export function mapGithubDeployments(repo: string, inputs: readonly DeploymentInput[]): Deployment[] {
  const ordered = [...inputs].sort(
    (a, b) =>
      Date.parse(a.deployment.created_at) - Date.parse(b.deployment.created_at) ||
      a.deployment.id - b.deployment.id,
  );
  const shipped = new Set<string>();
  return ordered.map(({ deployment, statuses, commitTimes }) => {
    const sorted = [...statuses].sort(
      (a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id,
    );
    const terminal = sorted.filter((s) => TERMINAL[s.state]).at(-1);
    const status: Deployment['status'] = terminal
      ? (TERMINAL[terminal.state] as Deployment['status'])
      : sorted.some((s) => RUNNING.has(s.state)) || sorted.length === 0
        ? 'in_progress'
        : 'canceled';
    const target = JSON.stringify([deployment.environment, deployment.sha]);
    const isRework = shipped.has(target);
    if (status === 'success' || status === 'failure') shipped.add(target);
    return {
      source: 'github',
      externalId: `${repo}:deployment:${deployment.id}`,
      service: repo,
      environment: deployment.environment,
      startedAt: new Date(deployment.created_at),
      finishedAt: terminal ? new Date(terminal.created_at) : null,
      status,
      commitTimes: [...commitTimes],
      isRework,
    };
  });
}

/** Published, non-draft, non-prerelease releases as successful deployments to `release`. */
export function mapGithubReleases(
  repo: string,
  releases: ReadonlyArray<{ release: GithubRelease; commitTimes: readonly Date[] }>,
): Deployment[] {
  return releases
    .filter(({ release }) => !release.draft && !release.prerelease && release.published_at)
    .map(({ release, commitTimes }) => {
      const published = new Date(release.published_at as string);
      return {
        source: 'github',
        externalId: `${repo}:release:${release.id}`,
        service: repo,
        environment: 'release',
        startedAt: new Date(release.created_at),
        finishedAt: published,
        status: 'success' as const,
        commitTimes: [...commitTimes],
        isRework: false,
      };
    })
    .sort((a, b) => (a.finishedAt?.getTime() ?? 0) - (b.finishedAt?.getTime() ?? 0));
}

export interface IncidentTicket {
  key: string;
  /** The service the incident is about: the repository for GitHub issues (the ticket's team). */
  service: string;
  createdAt: Date;
}

export interface IncidentLink {
  incident: string;
  deploymentId: string;
}

/**
 * The deployment an incident is blamed on: the latest finished deployment (success or failure) of the
 * same service whose finish lies within `windowHours` before the incident was opened. An incident with
 * no such deployment is linked to none; several incidents may point at one deployment.
 */
export function linkIncidentsToDeployments(
  incidents: readonly IncidentTicket[],
  deployments: readonly Deployment[],
  windowHours: number,
): IncidentLink[] {
  const windowMs = windowHours * 3_600_000;
  const finished = deployments
    .filter((d) => d.status === 'success' || d.status === 'failure')
    .map((d) => ({ d, at: (d.finishedAt ?? d.startedAt).getTime() }))
    .sort((a, b) => b.at - a.at);
  const links: IncidentLink[] = [];
  for (const incident of incidents) {
    const opened = incident.createdAt.getTime();
    const blamed = finished.find(
      ({ d, at }) => d.service === incident.service && at <= opened && opened - at <= windowMs,
    );
    if (blamed) links.push({ incident: incident.key, deploymentId: blamed.d.externalId });
  }
  return links;
}
