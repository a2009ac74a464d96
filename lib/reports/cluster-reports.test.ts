import { beforeAll, describe, expect, test } from 'vitest';
import { insertClusters } from '../../test/support/cluster-factory';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import { analyze } from '../analysis/analyze';
import { defaultConfig, parseConfig } from '../config';
import type { Ticket, TicketEvent } from '../domain/ticket';
import { NotFoundError } from '../errors';
import { ensureFileConnection, upsertTickets } from '../ingest/ticket-store';
import { MONTH_MS } from '../toil/candidates';
import { candidatesReport } from './candidates';
import { clusterDetail, clustersReport } from './clusters';

// A hand-worked month (window 1–31 March 2025, 30 days): every figure below is computed in the comments.
const ASOF = new Date('2025-03-31T00:00:00Z');
const FROM = new Date('2025-03-01T00:00:00Z');
const H = 3_600_000;
const day = (d: number) => new Date(Date.UTC(2025, 2, d));
const plus = (d: Date, hours: number) => new Date(d.getTime() + hours * H);
/** Shares are exported to 1e-9. */
const share = (n: number, of: number) => Math.round((n / of) * 1e9) / 1e9;

function move(at: Date, from: string, to: string, seq: number): TicketEvent {
  return { at, seq, kind: 'status', from, to, actor: 'agent', actorIsBot: false, public: null };
}

function ticket(
  key: string,
  createdAt: Date,
  moves: Array<[number, string, string]>,
  extra: Partial<Ticket> = {},
) {
  const events = moves.map(([h, from, to], i) => move(plus(createdAt, h), from, to, i + 1));
  return {
    source: 'test',
    key,
    title: key,
    description: '',
    type: 'Service Request',
    priority: 'P3',
    labels: [],
    team: 'platform',
    requester: 'req',
    requesterTeam: null,
    assignee: 'ann',
    createdAt,
    status: events.at(-1)?.to ?? 'Open',
    sourceStatusCategory: null,
    url: null,
    events,
    ...extra,
  } satisfies Ticket;
}

const TICKETS: Ticket[] = [
  // c-secret: S-1 queue 4, active 1, lead 5; S-2 queue 10, active 2, waiting 2, lead 14 (breaches 8 h);
  // S-3 still active at asOf (open: counted, not averaged; its ongoing SLO cycle is breached).
  ticket('S-1', day(2), [
    [4, 'Open', 'In Progress'],
    [5, 'In Progress', 'Done'],
  ]),
  ticket(
    'S-2',
    day(10),
    [
      [10, 'Open', 'In Progress'],
      [11, 'In Progress', 'Waiting for customer'],
      [13, 'Waiting for customer', 'In Progress'],
      [14, 'In Progress', 'Done'],
    ],
    { assignee: 'bob' },
  ),
  ticket('S-3', day(20), [[1, 'Open', 'In Progress']]),
  // c-repo: R-1 queue 2, lead 2; O-1 (team other) queue 6, lead 6; R-0 created before the window.
  ticket('R-1', day(5), [[2, 'Open', 'Done']]),
  ticket('O-1', day(8), [[6, 'Open', 'Done']], { team: 'other', assignee: null }),
  ticket('R-0', new Date('2025-02-20T00:00:00Z'), [[3, 'Open', 'Done']]),
  // c-noise is excluded; U-1 belongs to no cluster but counts in every share's denominator.
  ticket('N-1', day(6), [[1, 'Open', 'Done']]),
  ticket('U-1', day(7), [[1, 'Open', 'Done']]),
];

const CONFIG = parseConfig(
  {
    slos: [{ name: 'resolution', start: ['created'], stop: ['done'], goals: [{ hours: 8 }] }],
  },
  'test config',
);

describe.each(testDatabases())('clusters and candidates reports on $name', (target) => {
  const database = useTestDatabase(target);

  beforeAll(async () => {
    const db = database().db;
    await db.transaction(async (tx) => {
      const connectionId = await ensureFileConnection(tx, 'test');
      await upsertTickets(tx, { connectionId, tickets: TICKETS, statusMap: {} });
    });
    await insertClusters(database(), [
      {
        id: 'c-secret',
        label: 'add ci secret',
        template: 'add secret <*>',
        templates: [
          { id: 't-a', text: 'add secret <*>', tickets: 2 },
          { id: 't-b', text: 'new secret for <*>', tickets: 1 },
        ],
        parameters: [{ slot: 0, values: ['NPM_TOKEN'], distinct: 1 }],
        examples: ['S-2', 'S-1'],
        members: [
          { key: 'S-1', templateId: 't-a' },
          { key: 'S-2', templateId: 't-a' },
          { key: 'S-3', templateId: 't-b' },
        ],
      },
      {
        id: 'c-repo',
        label: 'create repo',
        template: 'create repo <*>',
        members: [
          { key: 'R-1', templateId: 't-r' },
          { key: 'O-1', templateId: 't-r' },
          { key: 'R-0', templateId: 't-r' },
        ],
      },
      { id: 'c-noise', label: 'misc', excluded: true, members: [{ key: 'N-1' }] },
      { id: 'c-empty', label: 'nothing lately', members: [] },
    ]);
    await analyze(database(), { config: CONFIG, asOf: ASOF });
  });

  const scope = { asOf: ASOF, from: FROM };

  test('clusters: every figure worked by hand, largest first', async () => {
    const rows = await clustersReport(database(), scope);
    expect(rows.map((r) => r.id)).toEqual(['c-secret', 'c-repo', 'c-noise']);
    const [secret, repo, noise] = rows;
    expect(secret).toEqual({
      id: 'c-secret',
      label: 'add ci secret',
      template: 'add secret <*>',
      tickets: 3,
      share: share(3, 7),
      firstSeen: '2025-03-02T00:00:00.000Z',
      lastSeen: '2025-03-20T00:00:00.000Z',
      leadTimeHours: { n: 2, method: 'nearest-rank', p50: 5, p85: 14, p95: 14, mean: 9.5, values: [5, 14] },
      queueHours: { n: 2, method: 'nearest-rank', p50: 4, p85: 10, p95: 10, mean: 7, values: [4, 10] },
      activeHours: { n: 2, method: 'nearest-rank', p50: 1, p85: 2, p95: 2, mean: 1.5, values: [1, 2] },
      examples: ['S-2', 'S-1', 'S-3'],
      resolved: 2,
      excluded: false,
      sloMisses: 2,
      series: expect.any(Array),
    });
    // 30-day window in 12 slices of 2.5 days: 2 Mar → 0, 10 Mar → 3, 20 Mar → 7.
    expect(secret?.series).toEqual([1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0]);
    expect(repo).toMatchObject({ tickets: 2, share: share(2, 7), examples: ['O-1', 'R-1'], sloMisses: 0 });
    expect(repo?.queueHours).toMatchObject({ n: 2, p50: 2, p85: 6, mean: 4 });
    expect(noise).toMatchObject({ tickets: 1, excluded: true });
  });

  test.each([
    // team: O-1 leaves c-repo and the denominator (6 tickets)
    [
      { team: 'platform' },
      [
        ['c-secret', 3, share(3, 6)],
        ['c-repo', 1, share(1, 6)],
        ['c-noise', 1, share(1, 6)],
      ],
    ],
    // one cluster: its share stays of every ticket in scope
    [{ cluster: 'c-repo' }, [['c-repo', 2, share(2, 7)]]],
    // a wider window takes R-0 in (8 tickets)
    [
      { from: new Date('2025-02-01T00:00:00Z') },
      [
        ['c-secret', 3, share(3, 8)],
        ['c-repo', 3, share(3, 8)],
        ['c-noise', 1, share(1, 8)],
      ],
    ],
    [{ source: 'elsewhere' }, []],
  ])('clusters with %j', async (filter, expected) => {
    const rows = await clustersReport(database(), { ...scope, ...filter });
    expect(rows.map((r) => [r.id, r.tickets, r.share])).toEqual(expected);
  });

  test('clusters: linear percentiles on request', async () => {
    const [secret] = await clustersReport(database(), { ...scope, percentile: 'linear' });
    expect(secret?.leadTimeHours).toMatchObject({ method: 'linear', p50: 9.5, p85: 12.65 });
  });

  test('candidates: the cost model worked by hand, excluded clusters left out', async () => {
    const rows = await candidatesReport(database(), { ...scope, config: defaultConfig() });
    expect(rows.map((r) => [r.rank, r.clusterId])).toEqual([
      [1, 'c-secret'],
      [2, 'c-repo'],
    ]);
    const months = (30 * 24 * H) / MONTH_MS; // 0.985647
    const [secret, repo] = rows;
    // c-secret: 3 tickets; resolved waits 4 and 12 (mean 8), active 1 and 2 (mean 1.5).
    // cost = 3/months × (100·8 + 120·1.5) = 3/months × 980; build 80 × 120 = 9600.
    // templates t-a 2 of 3; paths (Open→In Progress→Done) and (…→Waiting for customer→…) → 1/2.
    expect(secret?.ticketsPerMonth).toBeCloseTo(3 / months, 6);
    expect(secret?.requesterWaitHoursPerMonth).toBeCloseTo((3 / months) * 8, 5);
    expect(secret?.handlingHoursPerMonth).toBeCloseTo((3 / months) * 1.5, 5);
    expect(secret?.monthlyCost).toBeCloseTo((3 / months) * 980, 5);
    expect(secret?.buildCost).toBe(9600);
    expect(secret?.paybackMonths).toBeCloseTo(9600 / ((3 / months) * 980), 5);
    expect(secret?.repetitiveness).toBeCloseTo(7 / 12, 6);
    // routine share 1 − 1.5/80 = 0.98125 (hands-on time against the 80 h build).
    expect(secret?.routineShare).toBeCloseTo(0.98125, 6);
    expect(secret?.score).toBeCloseTo((3 / months) * 980 * (7 / 12) * 0.98125, 4);
    expect(secret).toMatchObject({ tickets: 3, resolved: 2, sloMisses: 2, distinctAssignees: 2 });
    expect(secret?.why).toMatch(/^3 tickets a month \(3 in the window\)\. Requesters wait 8 h per ticket/);
    // c-repo: waits 2 and 6 (mean 4), no active time, one template and one path.
    expect(repo?.monthlyCost).toBeCloseTo((2 / months) * 400, 5);
    expect(repo?.repetitiveness).toBe(1);
    expect(Object.keys(secret ?? {}).slice(0, 14)).toEqual([
      'rank',
      'clusterId',
      'label',
      'tickets',
      'ticketsPerMonth',
      'requesterWaitHoursPerMonth',
      'handlingHoursPerMonth',
      'monthlyCost',
      'buildCost',
      'paybackMonths',
      'repetitiveness',
      'score',
      'confidence',
      'why',
    ]);
  });

  test('candidates: a request type an automation already replaces is no longer ranked', async () => {
    // Config automations[] name the cluster by a member ticket's key; the automations table by id.
    const config = {
      ...defaultConfig(),
      automations: [{ name: 'secret-bot', clusters: ['S-1'], launchedAt: '2025-03-15' }],
    };
    const rows = await candidatesReport(database(), { ...scope, config });
    expect(rows.map((r) => [r.rank, r.clusterId])).toEqual([[1, 'c-repo']]);
    await database().sql`insert into automations (name, clusters, launched_at)
      values ('repo-bot', ${JSON.stringify(['c-repo'])}::jsonb, '2025-03-15T00:00:00Z')`;
    try {
      expect(await candidatesReport(database(), { ...scope, config })).toEqual([]);
      const withoutConfig = await candidatesReport(database(), { ...scope, config: defaultConfig() });
      expect(withoutConfig.map((r) => [r.rank, r.clusterId])).toEqual([[1, 'c-secret']]);
    } finally {
      await database().sql`delete from automations where name = 'repo-bot'`;
    }
  });

  test('candidates: configured handling minutes replace the measured active time', async () => {
    const costModel = { ...defaultConfig().costModel, handlingMinutesPerTicket: 30 };
    const [secret] = await candidatesReport(database(), {
      ...scope,
      config: { ...defaultConfig(), costModel },
    });
    const months = (30 * 24 * H) / MONTH_MS;
    expect(secret?.handlingHoursPerMonth).toBeCloseTo((3 / months) * 0.5, 5);
    expect(secret?.handlingBasis).toBe('configured');
  });

  test('cluster detail: figures, stored templates and parameters, and a page of tickets', async () => {
    const detail = await clusterDetail(database(), {
      ...scope,
      id: 'c-secret',
      config: CONFIG,
      limit: 2,
    });
    expect(detail.cluster).toMatchObject({ id: 'c-secret', tickets: 3, ticketsAllTime: 3 });
    expect(detail.cluster.templates).toEqual([
      { id: 't-a', text: 'add secret <*>', tickets: 2, ticketsInWindow: 2 },
      { id: 't-b', text: 'new secret for <*>', tickets: 1, ticketsInWindow: 1 },
    ]);
    expect(detail.cluster.parameters).toEqual([{ slot: 0, values: ['NPM_TOKEN'], distinct: 1 }]);
    expect(detail.tickets.total).toBe(3);
    expect(detail.tickets.items.map((t) => t.key)).toHaveLength(2);
    expect(detail.tickets.items[0]).toMatchObject({ clusterId: 'c-secret', clusterLabel: 'add ci secret' });
    expect(detail.tickets.nextCursor).toEqual(expect.any(String));

    const empty = await clusterDetail(database(), { ...scope, id: 'c-empty', config: CONFIG, limit: 10 });
    expect(empty.cluster).toMatchObject({ tickets: 0, share: 0, firstSeen: null });
    expect(empty.cluster.leadTimeHours).toEqual({
      n: 0,
      method: 'nearest-rank',
      p50: null,
      p85: null,
      p95: null,
      mean: null,
    });
    await expect(
      clusterDetail(database(), { ...scope, id: 'c-nope', config: CONFIG, limit: 10 }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  test('an empty scope gives empty reports', async () => {
    const before = { asOf: new Date('2024-01-01T00:00:00Z') };
    expect(await clustersReport(database(), before)).toEqual([]);
    expect(await candidatesReport(database(), { ...before, config: defaultConfig() })).toEqual([]);
  });
});
