import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import type { Db } from '../client';
import { clusters, connections, type NewTicketRow, syncRuns, ticketMetrics, tickets } from '../schema';
import {
  getDataFreshness,
  getOpenTickets,
  getResolvedFlow,
  listFilterOptions,
  listTopRequestTypes,
  listWeeklyVolume,
} from './overview';

const at = (s: string) => new Date(s);

interface Fixture {
  key: string;
  createdAt: string;
  status?: string;
  statusCategory?: string;
  type?: string | null;
  labels?: string[];
  team?: string;
  source?: string;
  deleted?: boolean;
  metrics?: {
    isOpen: boolean;
    firstResolvedAt?: string;
    lead?: number;
    queue: number;
    waiting: number;
    active: number;
    clusterId?: string;
  };
}

// Window under test: Monday 2025-03-03 to Monday 2025-03-24 (three full UTC weeks).
const FIXTURES: Fixture[] = [
  {
    key: 'OPS-1',
    createdAt: '2025-03-03T09:00:00Z',
    type: 'Service Request',
    labels: ['repo'],
    metrics: {
      isOpen: false,
      firstResolvedAt: '2025-03-03T10:00:00Z',
      lead: 1,
      queue: 0.5,
      waiting: 0,
      active: 0.5,
      clusterId: 'c-repo',
    },
  },
  {
    key: 'OPS-2',
    createdAt: '2025-03-04T09:00:00Z',
    type: 'Service Request',
    labels: ['repo'],
    metrics: {
      isOpen: false,
      firstResolvedAt: '2025-03-04T11:00:00Z',
      lead: 2,
      queue: 1,
      waiting: 0,
      active: 1,
      clusterId: 'c-repo',
    },
  },
  {
    key: 'OPS-3',
    createdAt: '2025-03-17T09:00:00Z',
    type: 'Service Request',
    labels: ['repo'],
    metrics: {
      isOpen: false,
      firstResolvedAt: '2025-03-17T12:00:00Z',
      lead: 3,
      queue: 1,
      waiting: 1,
      active: 1,
      clusterId: 'c-repo',
    },
  },
  {
    key: 'OPS-4',
    createdAt: '2025-03-18T09:00:00Z',
    type: 'Service Request',
    labels: ['vpn', 'access'],
    metrics: {
      isOpen: false,
      firstResolvedAt: '2025-03-18T13:00:00Z',
      lead: 4,
      queue: 2,
      waiting: 0,
      active: 2,
    },
  },
  {
    key: 'OPS-5',
    createdAt: '2025-03-19T09:00:00Z',
    type: 'Incident',
    metrics: {
      isOpen: false,
      firstResolvedAt: '2025-03-19T14:00:00Z',
      lead: 5,
      queue: 2,
      waiting: 0.5,
      active: 2.5,
    },
  },
  // Sunday evening in UTC, already Monday in Tokyo: the report time zone decides its week.
  {
    key: 'OPS-6',
    createdAt: '2025-03-09T23:30:00Z',
    type: null,
    labels: ['secrets'],
    metrics: {
      isOpen: false,
      firstResolvedAt: '2025-03-10T09:30:00Z',
      lead: 10,
      queue: 4,
      waiting: 2,
      active: 3,
    },
  },
  {
    key: 'OPS-7',
    createdAt: '2025-03-20T08:00:00Z',
    status: 'In Progress',
    statusCategory: 'active',
    type: 'Service Request',
    labels: ['vpn'],
    metrics: { isOpen: true, queue: 1, waiting: 0, active: 5 },
  },
  // Not analysed yet: open by its status category, so it must still be listed.
  {
    key: 'OPS-8',
    createdAt: '2025-01-15T00:00:00Z',
    status: 'Open',
    statusCategory: 'queue',
    type: 'Service Request',
  },
  { key: 'OPS-9', createdAt: '2025-03-21T10:00:00Z', type: 'Service Request', labels: ['repo'] },
  {
    key: 'DATA-10',
    createdAt: '2025-03-05T10:00:00Z',
    team: 'data',
    source: 'linear',
    type: 'Bug',
    metrics: {
      isOpen: false,
      firstResolvedAt: '2025-03-06T14:00:00Z',
      lead: 100,
      queue: 5,
      waiting: 0,
      active: 1,
    },
  },
  {
    key: 'OPS-11',
    createdAt: '2025-03-30T10:00:00Z',
    type: 'Incident',
    metrics: {
      isOpen: false,
      firstResolvedAt: '2025-04-01T10:00:00Z',
      lead: 7,
      queue: 1,
      waiting: 0,
      active: 6,
    },
  },
  {
    key: 'OPS-12',
    createdAt: '2025-03-04T10:00:00Z',
    status: 'Open',
    statusCategory: 'queue',
    team: 'ghost',
    deleted: true,
  },
  { key: 'OPS-13', createdAt: '2025-03-25T10:00:00Z', status: 'Open', statusCategory: 'queue' },
];

async function seed(db: Db): Promise<void> {
  const [connection] = await db
    .insert(connections)
    .values({ kind: 'file', name: 'file:test' })
    .returning({ id: connections.id });
  if (!connection) throw new Error('no connection');
  await db.insert(clusters).values({ id: 'c-repo', label: 'create repo <*>', template: 'create repo <*>' });
  const ticketRows: NewTicketRow[] = FIXTURES.map((f) => ({
    id: `${f.source ?? 'jira'}:${connection.id}:${f.key}`,
    connectionId: connection.id,
    externalId: f.key,
    source: f.source ?? 'jira',
    key: f.key,
    title: `Ticket ${f.key}`,
    type: f.type === undefined ? 'Service Request' : f.type,
    labels: f.labels ?? [],
    team: f.team ?? 'platform',
    status: f.status ?? 'Done',
    statusCategory: f.statusCategory ?? 'done',
    createdAt: at(f.createdAt),
    deletedAt: f.deleted ? at('2025-03-06T00:00:00Z') : null,
  }));
  await db.insert(tickets).values(ticketRows);
  const metricRows: (typeof ticketMetrics.$inferInsert)[] = FIXTURES.flatMap((f, i) => {
    const m = f.metrics;
    const id = ticketRows[i]?.id;
    if (!m || !id) return [];
    return [
      {
        ticketId: id,
        isOpen: m.isOpen,
        firstResolvedAt: m.firstResolvedAt ? at(m.firstResolvedAt) : null,
        resolvedAt: m.firstResolvedAt ? at(m.firstResolvedAt) : null,
        leadTimeFirstHours: m.lead ?? null,
        leadTimeFinalHours: m.lead ?? null,
        cycleTimeHours: null,
        queueHours: m.queue,
        triageHours: 0,
        waitingHours: m.waiting,
        activeHours: m.active,
        doneInterimHours: 0,
        flowEfficiency: null,
        timeToFirstResponseHours: null,
        timeToAssignHours: null,
        timeToTriageHours: null,
        reopenCount: 0,
        clusterId: m.clusterId ?? null,
        computedAsOf: at('2025-03-24T00:00:00Z'),
        settingsVersion: null,
      },
    ];
  });
  await db.insert(ticketMetrics).values(metricRows);
  await db.insert(syncRuns).values([
    {
      connectionId: connection.id,
      kind: 'import',
      startedAt: at('2025-03-20T05:00:00Z'),
      finishedAt: at('2025-03-20T05:01:00Z'),
      status: 'succeeded',
    },
    {
      connectionId: connection.id,
      kind: 'demo',
      startedAt: at('2025-03-24T05:59:00Z'),
      finishedAt: at('2025-03-24T06:00:00Z'),
      status: 'succeeded',
    },
    { connectionId: connection.id, kind: 'import', startedAt: at('2025-03-24T07:00:00Z'), status: 'running' },
  ]);
}

const window = { from: at('2025-03-03T00:00:00Z'), to: at('2025-03-24T00:00:00Z') };

describe.each(testDatabases())('overview queries on $name', (target) => {
  const database = useTestDatabase(target);
  const db = () => database().db;

  beforeAll(async () => {
    await seed(db());
  });

  describe('listWeeklyVolume', () => {
    it('counts tickets per Monday-start UTC week and zero-fills empty weeks', async () => {
      const rows = await listWeeklyVolume({ db: db(), ...window, timeZone: 'UTC' });
      expect(rows).toEqual([
        { weekStart: '2025-03-03', tickets: 4, partial: false },
        { weekStart: '2025-03-10', tickets: 0, partial: false },
        { weekStart: '2025-03-17', tickets: 5, partial: false },
      ]);
    });

    it('applies the team filter', async () => {
      const rows = await listWeeklyVolume({ db: db(), ...window, timeZone: 'UTC', team: 'platform' });
      expect(rows.map((r) => r.tickets)).toEqual([3, 0, 5]);
    });

    it('buckets in the report time zone and flags partly covered weeks', async () => {
      const rows = await listWeeklyVolume({ db: db(), ...window, timeZone: 'Asia/Tokyo' });
      expect(rows).toEqual([
        { weekStart: '2025-03-03', tickets: 3, partial: true },
        { weekStart: '2025-03-10', tickets: 1, partial: false },
        { weekStart: '2025-03-17', tickets: 5, partial: false },
        { weekStart: '2025-03-24', tickets: 0, partial: true },
      ]);
    });

    it('starts an unbounded window at the first ticket', async () => {
      const rows = await listWeeklyVolume({
        db: db(),
        from: null,
        to: window.to,
        timeZone: 'UTC',
        team: 'platform',
      });
      expect(rows[0]).toEqual({ weekStart: '2025-01-13', tickets: 1, partial: true });
      expect(rows).toHaveLength(10);
      expect(rows.reduce((sum, r) => sum + r.tickets, 0)).toBe(9);
    });
  });

  describe('getResolvedFlow', () => {
    it('gives nearest-rank p50/p85 and the pooled waiting share over tickets first resolved in the window', async () => {
      const flow = await getResolvedFlow({ db: db(), ...window, team: 'platform' });
      expect(flow.resolved).toBe(6);
      expect(flow.leadTimeHours).toEqual({ n: 6, method: 'nearest-rank', p50: 3, p85: 10, values: null });
      expect(flow.queueHours).toEqual({ n: 6, method: 'nearest-rank', p50: 1, p85: 4, values: null });
      expect(flow.totals).toEqual({ queueHours: 10.5, waitingHours: 3.5, activeHours: 10 });
      expect(flow.waitingShare).toBeCloseTo(14 / 24, 12);
      expect(flow.flowEfficiencyPooled).toBeCloseTo(10 / 24, 12);
      expect(flow.timeShares?.queue).toBeCloseTo(10.5 / 24, 12);
      expect(flow.timeShares?.waiting).toBeCloseTo(3.5 / 24, 12);
    });

    it('includes every team without a filter', async () => {
      const flow = await getResolvedFlow({ db: db(), ...window });
      expect(flow.leadTimeHours).toMatchObject({ n: 7, p50: 4, p85: 10 });
    });

    it('lists the values instead of percentiles when n < 5', async () => {
      const flow = await getResolvedFlow({ db: db(), from: at('2025-03-17T00:00:00Z'), to: window.to });
      expect(flow.leadTimeHours).toEqual({
        n: 3,
        method: 'nearest-rank',
        p50: null,
        p85: null,
        values: [3, 4, 5],
      });
    });

    it('returns empty distributions and no share for an empty window', async () => {
      const flow = await getResolvedFlow({
        db: db(),
        from: at('2024-01-01T00:00:00Z'),
        to: at('2024-02-01T00:00:00Z'),
      });
      expect(flow.resolved).toBe(0);
      expect(flow.leadTimeHours).toEqual({ n: 0, method: 'nearest-rank', p50: null, p85: null, values: [] });
      expect(flow.waitingShare).toBeNull();
      expect(flow.flowEfficiencyPooled).toBeNull();
      expect(flow.timeShares).toBeNull();
    });
  });

  describe('listTopRequestTypes', () => {
    it('groups by cluster when analysed, else by type and first label, largest first', async () => {
      const rows = await listTopRequestTypes({ db: db(), ...window, team: 'platform' });
      expect(rows).toEqual([
        {
          kind: 'cluster',
          clusterId: 'c-repo',
          label: 'create repo <*>',
          tickets: 3,
          share: 3 / 8,
          resolved: 3,
          medianLeadTimeHours: 2,
        },
        {
          kind: 'type',
          clusterId: null,
          label: 'Service Request · vpn',
          tickets: 2,
          share: 2 / 8,
          resolved: 1,
          medianLeadTimeHours: 4,
        },
        {
          kind: 'type',
          clusterId: null,
          label: 'Incident',
          tickets: 1,
          share: 1 / 8,
          resolved: 1,
          medianLeadTimeHours: 5,
        },
        {
          kind: 'type',
          clusterId: null,
          label: 'Service Request · repo',
          tickets: 1,
          share: 1 / 8,
          resolved: 0,
          medianLeadTimeHours: null,
        },
        {
          kind: 'type',
          clusterId: null,
          label: 'untyped · secrets',
          tickets: 1,
          share: 1 / 8,
          resolved: 1,
          medianLeadTimeHours: 10,
        },
      ]);
    });

    it('honours the limit', async () => {
      const rows = await listTopRequestTypes({ db: db(), ...window, limit: 2 });
      expect(rows.map((r) => r.label)).toEqual(['create repo <*>', 'Service Request · vpn']);
    });
  });

  describe('getOpenTickets', () => {
    it('counts open tickets by category, keeping unanalysed ones, oldest first with their age at asOf', async () => {
      const open = await getOpenTickets({ db: db(), asOf: at('2025-03-24T00:00:00Z'), team: 'platform' });
      expect(open.total).toBe(2);
      expect(open.byCategory).toEqual([
        { category: 'active', tickets: 1 },
        { category: 'queue', tickets: 1 },
      ]);
      expect(open.oldest.map((r) => [r.key, r.status, r.createdAt, r.ageHours])).toEqual([
        ['OPS-8', 'Open', '2025-01-15T00:00:00.000Z', 68 * 24],
        ['OPS-7', 'In Progress', '2025-03-20T08:00:00.000Z', 88],
      ]);
    });

    it('counts tickets created by a later asOf', async () => {
      const open = await getOpenTickets({ db: db(), asOf: at('2025-04-01T00:00:00Z'), limit: 1 });
      expect(open.total).toBe(3);
      expect(open.oldest.map((r) => r.key)).toEqual(['OPS-8']);
    });
  });

  describe('header data', () => {
    it('reports the latest finished run', async () => {
      expect(await getDataFreshness({ db: db() })).toEqual({
        lastSyncFinishedAt: '2025-03-24T06:00:00.000Z',
        lastSyncKind: 'demo',
        analysis: null,
      });
    });

    it('lists filter values without deleted tickets', async () => {
      expect(await listFilterOptions({ db: db() })).toEqual({
        teams: ['data', 'platform'],
        sources: ['jira', 'linear'],
      });
    });
  });
});
