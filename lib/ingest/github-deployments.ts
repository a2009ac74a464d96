import { sql as dsql } from 'drizzle-orm';
import type { Database } from '../../db/client';
import { instantOf } from '../../db/queries/ticket-history';
import { type Connection, deployments as deploymentsTable } from '../../db/schema';
import type { ToilscopeConfig } from '../config';
import { GithubClient, type GithubRepo, parseRepo } from '../connectors/github/client';
import {
  linkIncidentsToDeployments,
  mapGithubDeployments,
  mapGithubReleases,
} from '../connectors/github/deployments';
import type { GithubCommit, GithubDeployment } from '../connectors/github/schemas';
import { scrubSecrets } from '../connectors/http';
import type { Deployment } from '../domain/ticket';
import type { Env } from '../env';
import { InputError } from '../errors';
import { connectorFetch } from '../security/url-guard';
import type { IngestIo } from './run-ingest';
import { finishSyncRun, startSyncRun } from './ticket-store';

export interface DeploymentsSummary {
  runId: number;
  deployments: number;
  /** True when the repository has no deployments and its releases were loaded instead. */
  fromReleases: boolean;
  linkedIncidents: number;
  retries: number;
}

/**
 * Load a GitHub connection's deployments (each with its statuses and the commits it shipped) into
 * `deployments`, or its releases when it has none, then link incident issues of the same repository to
 * the deployment before them (see `linkIncidentsToDeployments`). Deployments are few, so every run
 * re-reads them all and replaces the stored rows in one transaction.
 */
export async function ingestGithubDeployments(input: {
  database: Database;
  connection: Connection;
  env: Env;
  config: ToilscopeConfig;
  io: IngestIo;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}): Promise<DeploymentsSummary> {
  const { database, connection, config } = input;
  const repoName = String((connection.scope as { repo?: unknown }).repo ?? '');
  const repo = parseRepo(repoName);
  if (connection.kind !== 'github' || !repo) {
    throw new InputError(`connection '${connection.name}' is not a GitHub repository connection`);
  }
  const token = input.env.GITHUB_TOKEN ?? null;
  const client = new GithubClient({
    apiUrl: connection.baseUrl ?? input.env.GITHUB_API_URL,
    token,
    fetch: connectorFetch(input.env.TOILSCOPE_ALLOWED_HOSTS, input.fetch),
  });
  const runId = await startSyncRun(database.db, {
    connectionId: connection.id,
    kind: 'deployments',
    detail: { pid: process.pid },
  });
  try {
    const signal = input.signal;
    const listed = await client.deployments(repo, signal);
    let mapped: Deployment[];
    let fromReleases = false;
    if (listed.length > 0) {
      const withDetail = [];
      const commitTimes = await shippedCommitTimes(client, repo, listed, signal);
      for (const deployment of listed) {
        input.io.progress(`ingest github: deployment statuses ${withDetail.length + 1}/${listed.length}`);
        const statuses = await client.deploymentStatuses(repo, deployment.id, signal);
        withDetail.push({ deployment, statuses, commitTimes: commitTimes.get(deployment.id) ?? [] });
      }
      mapped = mapGithubDeployments(repoName, withDetail);
    } else {
      fromReleases = true;
      const releases = (await client.releases(repo, signal))
        .filter((r) => !r.draft && !r.prerelease && r.published_at)
        .sort((a, b) => Date.parse(a.published_at as string) - Date.parse(b.published_at as string));
      const withCommits = [];
      for (const [i, release] of releases.entries()) {
        const previous = releases[i - 1];
        const commits = await commitsSafely(
          client,
          repo,
          previous?.tag_name ?? null,
          release.tag_name,
          signal,
        );
        withCommits.push({ release, commitTimes: commits });
      }
      mapped = mapGithubReleases(repoName, withCommits);
    }

    const incidents = await incidentTickets(database, connection.id, config.incidentTypes);
    const links = linkIncidentsToDeployments(incidents, mapped, config.github?.incidentWindowHours ?? 24);
    const linked = new Map<string, string[]>();
    for (const link of links)
      linked.set(link.deploymentId, [...(linked.get(link.deploymentId) ?? []), link.incident]);

    const rows = mapped.map((d) => {
      const incidentKeys = linked.get(d.externalId) ?? [];
      return {
        id: `github:${d.externalId}`,
        source: 'github',
        service: d.service,
        environment: d.environment,
        startedAt: d.startedAt,
        finishedAt: d.finishedAt,
        // A deployment an incident followed is a failed change (dora.dev), whatever its own status said.
        status: incidentKeys.length > 0 && d.status === 'success' ? 'failure' : d.status,
        commitTimes: d.commitTimes.map((c) => c.toISOString()),
        isRework: d.isRework,
        linkedIncidents: incidentKeys,
      };
    });
    await database.db.transaction(async (tx) => {
      await tx
        .delete(deploymentsTable)
        .where(dsql`${deploymentsTable.source} = 'github' and ${deploymentsTable.service} = ${repoName}`);
      for (let i = 0; i < rows.length; i += 1000)
        await tx.insert(deploymentsTable).values(rows.slice(i, i + 1000));
      await finishSyncRun(tx, {
        runId,
        status: 'succeeded',
        tickets: 0,
        pages: 0,
        retries: client.transport.retries,
        detail: { pid: process.pid, deployments: rows.length, fromReleases, linkedIncidents: links.length },
      });
    });
    input.io.progress('');
    return {
      runId,
      deployments: rows.length,
      fromReleases,
      linkedIncidents: links.length,
      retries: client.transport.retries,
    };
  } catch (error) {
    input.io.progress('');
    const message = scrubSecrets(
      error instanceof Error ? error.message : String(error),
      token ? [token] : [],
    );
    await finishSyncRun(database.db, {
      runId,
      status: 'failed',
      tickets: 0,
      retries: client.transport.retries,
      error: message,
    });
    if (error instanceof Error) {
      error.message = message;
      throw error;
    }
    throw new Error(message);
  }
}

/**
 * Commits each deployment shipped: those after the previous deployment's sha to the same environment
 * (compare API), or for the first one the deployed commit itself. A redeploy ships nothing new.
 */
async function shippedCommitTimes(
  client: GithubClient,
  repo: GithubRepo,
  listed: readonly GithubDeployment[],
  signal?: AbortSignal,
): Promise<Map<number, Date[]>> {
  const ordered = [...listed].sort(
    (a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id - b.id,
  );
  const previousSha = new Map<string, string>();
  const out = new Map<number, Date[]>();
  const cache = new Map<string, Date[]>();
  for (const deployment of ordered) {
    const base = previousSha.get(deployment.environment) ?? null;
    previousSha.set(deployment.environment, deployment.sha);
    if (base === deployment.sha) {
      out.set(deployment.id, []);
      continue;
    }
    const key = `${base}...${deployment.sha}`;
    const cached = cache.get(key);
    const times = cached ?? (await commitsSafely(client, repo, base, deployment.sha, signal));
    cache.set(key, times);
    out.set(deployment.id, times);
  }
  return out;
}

/** Commit instants of base...head (or of head alone); a history rewritten since gives what it can. */
async function commitsSafely(
  client: GithubClient,
  repo: GithubRepo,
  base: string | null,
  head: string,
  signal?: AbortSignal,
): Promise<Date[]> {
  const timeOf = (c: GithubCommit) => c.commit.committer?.date ?? c.commit.author?.date ?? null;
  const dates = (commits: GithubCommit[]) =>
    commits
      .map(timeOf)
      .filter((d): d is string => d !== null)
      .map((d) => new Date(d));
  if (base) {
    try {
      return dates(await client.commitsBetween(repo, base, head, signal));
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  try {
    return dates([await client.commit(repo, head, signal)]);
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && (error as { status?: unknown }).status === 404;
}

/** Incident issues of the connection: type, or a label, named in `incidentTypes` (case-insensitive). */
async function incidentTickets(database: Database, connectionId: number, incidentTypes: readonly string[]) {
  const names = incidentTypes.map((t) => t.toLowerCase());
  if (names.length === 0) return [];
  const rows = await database.sql<{ key: string; team: string | null; created_at: string | Date }[]>`
    select key, team, created_at from tickets
    where connection_id = ${connectionId} and deleted_at is null
      and (lower(coalesce(type, '')) = any(${names}::text[])
           or exists (select 1 from unnest(labels) as l(name) where lower(l.name) = any(${names}::text[])))`;
  return rows.map((r) => ({ key: r.key, service: r.team ?? '', createdAt: instantOf(r.created_at) }));
}
