import { describe, expect, it } from 'vitest';
import type { Deployment } from '../../domain/ticket';
import { linkIncidentsToDeployments, mapGithubDeployments, mapGithubReleases } from './deployments';

const dep = (id: number, sha: string, created: string, environment = 'production') => ({
  id,
  sha,
  ref: 'main',
  environment,
  created_at: created,
});
const status = (id: number, state: string, created: string) => ({ id, state, created_at: created });

describe('mapGithubDeployments', () => {
  it('takes the newest success/failure/error status as the outcome, whatever order the API lists them in', () => {
    const [d] = mapGithubDeployments('acme/widgets', [
      {
        deployment: dep(1700000002, 'abc', '2024-01-16T10:20:00Z'),
        statuses: [
          status(3, 'success', '2024-01-16T10:31:12Z'),
          status(2, 'in_progress', '2024-01-16T10:24:05Z'),
          status(1, 'queued', '2024-01-16T10:20:01Z'),
        ],
        commitTimes: [new Date('2024-01-16T09:55:00Z')],
      },
    ]);
    expect(d).toEqual({
      source: 'github',
      externalId: 'acme/widgets:deployment:1700000002',
      service: 'acme/widgets',
      environment: 'production',
      startedAt: new Date('2024-01-16T10:20:00Z'),
      finishedAt: new Date('2024-01-16T10:31:12Z'),
      status: 'success',
      commitTimes: [new Date('2024-01-16T09:55:00Z')],
      isRework: false,
    });
  });

  it.each([
    [['error'], 'failure'],
    [['failure', 'inactive'], 'failure'],
    [['success', 'inactive'], 'success'],
    [['queued', 'in_progress'], 'in_progress'],
    [[], 'in_progress'],
    [['inactive'], 'canceled'],
  ])('statuses %j → %s', (states, expected) => {
    const statuses = states.map((s, i) => status(i + 1, s, `2024-01-16T10:2${i}:00Z`));
    const [d] = mapGithubDeployments('r', [
      { deployment: dep(1, 'a', '2024-01-16T10:00:00Z'), statuses, commitTimes: [] },
    ]);
    expect(d?.status).toBe(expected);
  });

  it('marks a redeploy of the same sha to the same environment as rework', () => {
    const ok = (id: number) => [status(id, 'success', '2024-01-16T12:00:00Z')];
    const result = mapGithubDeployments('r', [
      { deployment: dep(3, 'aaa', '2024-01-16T11:00:00Z'), statuses: ok(3), commitTimes: [] },
      { deployment: dep(1, 'aaa', '2024-01-16T09:00:00Z'), statuses: ok(1), commitTimes: [] },
      { deployment: dep(2, 'aaa', '2024-01-16T10:00:00Z', 'staging'), statuses: ok(2), commitTimes: [] },
    ]);
    expect(result.map((d) => [d.externalId, d.isRework])).toEqual([
      ['r:deployment:1', false],
      ['r:deployment:2', false],
      ['r:deployment:3', true],
    ]);
  });
});

describe('mapGithubReleases', () => {
  it('keeps published releases only, as successful deployments to `release`', () => {
    const base = { target_commitish: 'main', created_at: '2024-01-16T10:03:55Z', prerelease: false };
    const result = mapGithubReleases('acme/widgets', [
      {
        release: { ...base, id: 1, tag_name: 'v1', draft: false, published_at: '2024-01-16T10:19:40Z' },
        commitTimes: [],
      },
      { release: { ...base, id: 2, tag_name: 'v2', draft: true, published_at: null }, commitTimes: [] },
      {
        release: {
          ...base,
          id: 3,
          tag_name: 'v3-rc',
          draft: false,
          prerelease: true,
          published_at: '2024-01-17T00:00:00Z',
        },
        commitTimes: [],
      },
    ]);
    expect(result.map((d) => [d.externalId, d.environment, d.status, d.finishedAt?.toISOString()])).toEqual([
      ['acme/widgets:release:1', 'release', 'success', '2024-01-16T10:19:40.000Z'],
    ]);
  });
});

describe('linkIncidentsToDeployments', () => {
  const deployment = (
    id: string,
    service: string,
    finished: string,
    status: Deployment['status'] = 'success',
  ): Deployment => ({
    source: 'github',
    externalId: id,
    service,
    environment: 'production',
    startedAt: new Date(Date.parse(finished) - 600_000),
    finishedAt: new Date(finished),
    status,
    commitTimes: [],
    isRework: false,
  });
  const deployments = [
    deployment('d1', 'acme/a', '2024-01-10T10:00:00Z'),
    deployment('d2', 'acme/a', '2024-01-11T10:00:00Z'),
    deployment('d3', 'acme/b', '2024-01-11T11:00:00Z'),
    deployment('d4', 'acme/a', '2024-01-11T12:00:00Z', 'in_progress'),
  ];

  it.each([
    // Latest finished deployment of the same service within the window before the incident.
    ['acme/a', '2024-01-11T13:00:00Z', 'd2'],
    ['acme/a', '2024-01-10T20:00:00Z', 'd1'],
    ['acme/b', '2024-01-11T11:30:00Z', 'd3'],
    // Outside the 24 h window, another service, or before any deployment: no link.
    ['acme/a', '2024-01-12T10:00:01Z', null],
    ['acme/c', '2024-01-11T13:00:00Z', null],
    ['acme/a', '2024-01-10T09:00:00Z', null],
    // Exactly at the window's edge is still inside.
    ['acme/a', '2024-01-12T10:00:00Z', 'd2'],
  ])('%s incident at %s → %s', (service, at, expected) => {
    const links = linkIncidentsToDeployments(
      [{ key: 'INC', service, createdAt: new Date(at) }],
      deployments,
      24,
    );
    expect(links[0]?.deploymentId ?? null).toBe(expected);
  });
});
