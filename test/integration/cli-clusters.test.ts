import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../db/client';
import { resetEnvCache } from '../../lib/env';
import { main } from '../../scripts/cli';
import type { CliIo } from '../../scripts/cli-kit';
import { insertClusters } from '../support/cluster-factory';

// `export clusters|candidates` through the CLI on a throwaway embedded database: exact field names
// and order, CSV columns, filters and usage errors.
let dir: string;
const saved = { dataDir: process.env.TOILSCOPE_DATA_DIR, databaseUrl: process.env.DATABASE_URL };

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (t) => {
      stdout += t.endsWith('\n') ? t : `${t}\n`;
    },
    write: (t) => {
      stdout += t;
    },
    err: (t) => {
      stderr += t.endsWith('\n') ? t : `${t}\n`;
    },
    progress: () => undefined,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

const status = (at: string, from: string, to: string) => ({ at, type: 'status', from, to, actor: 'ann' });
const TICKETS = [
  {
    key: 'OPS-1',
    title: 'Add secret NPM_TOKEN to payments-api',
    team: 'platform',
    assignee: 'ann',
    createdAt: '2025-03-03T09:00:00Z',
    status: 'Done',
    events: [
      status('2025-03-03T13:00:00Z', 'Open', 'In Progress'),
      status('2025-03-03T14:00:00Z', 'In Progress', 'Done'),
    ],
  },
  {
    key: 'OPS-2',
    title: 'Add secret SENTRY_DSN to checkout',
    team: 'platform',
    assignee: 'bob',
    createdAt: '2025-03-10T09:00:00Z',
    status: 'Done',
    events: [
      status('2025-03-10T11:00:00Z', 'Open', 'In Progress'),
      status('2025-03-10T14:00:00Z', 'In Progress', 'Done'),
    ],
  },
  {
    key: 'OPS-3',
    title: 'Create repo search-indexer',
    team: 'platform',
    createdAt: '2025-03-12T09:00:00Z',
    status: 'Done',
    events: [status('2025-03-12T10:00:00Z', 'Open', 'Done')],
  },
  { key: 'OPS-4', title: 'Laptop broken', team: 'it', createdAt: '2025-03-13T09:00:00Z', status: 'Open' },
].map((t) => ({ source: 'cli', ...t }));

const window = ['--from', '2025-03-01', '--to', '2025-03-31', '--as-of', '2025-04-01T00:00:00Z'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toilscope-cli-clusters-'));
  process.env.TOILSCOPE_DATA_DIR = join(dir, 'data');
  delete process.env.DATABASE_URL;
  resetEnvCache();
  const file = join(dir, 'tickets.ndjson');
  await writeFile(file, TICKETS.map((t) => JSON.stringify(t)).join('\n'));
  expect((await run('import', file, '--no-analyze')).code).toBe(0);
  const database = await openDatabase({ dataDir: join(dir, 'data') });
  try {
    await insertClusters(database, [
      {
        id: 'c-secret',
        label: 'add ci secret',
        template: 'add secret <*> to <*>',
        examples: ['OPS-1'],
        members: [
          { key: 'OPS-1', templateId: 't1' },
          { key: 'OPS-2', templateId: 't1' },
        ],
      },
      { id: 'c-repo', label: 'create repo', template: 'create repo <*>', members: [{ key: 'OPS-3' }] },
    ]);
  } finally {
    await database.close();
  }
  expect((await run('analyze', '--as-of', '2025-04-01T00:00:00Z')).code).toBe(0);
});

afterAll(async () => {
  process.env.TOILSCOPE_DATA_DIR = saved.dataDir;
  if (saved.databaseUrl !== undefined) process.env.DATABASE_URL = saved.databaseUrl;
  resetEnvCache();
  await rm(dir, { recursive: true, force: true });
});

describe('export clusters', () => {
  test('prints exactly the contract fields, largest first', async () => {
    const { code, stdout } = await run('export', 'clusters', ...window);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.id)).toEqual(['c-secret', 'c-repo']);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'id',
      'label',
      'template',
      'tickets',
      'share',
      'firstSeen',
      'lastSeen',
      'leadTimeHours',
      'queueHours',
      'activeHours',
      'examples',
      'resolved',
      'excluded',
      'sloMisses',
      'series',
    ]);
    // OPS-1: queue 4 h, active 1 h, lead 5 h; OPS-2: queue 2 h, active 3 h, lead 5 h. 4 tickets in scope.
    expect(rows[0]).toMatchObject({
      label: 'add ci secret',
      template: 'add secret <*> to <*>',
      tickets: 2,
      share: 0.5,
      firstSeen: '2025-03-03T09:00:00.000Z',
      lastSeen: '2025-03-10T09:00:00.000Z',
      leadTimeHours: { n: 2, method: 'nearest-rank', p50: 5, p85: 5, p95: 5, mean: 5 },
      queueHours: { n: 2, method: 'nearest-rank', p50: 2, p85: 4, p95: 4, mean: 3 },
      activeHours: { n: 2, method: 'nearest-rank', p50: 1, p85: 3, p95: 3, mean: 2 },
      examples: ['OPS-1', 'OPS-2'],
      resolved: 2,
      excluded: false,
    });
  });

  test('--percentile linear, --team and --cluster filter as documented', async () => {
    const linear = JSON.parse((await run('export', 'clusters', ...window, '--percentile', 'linear')).stdout);
    expect(linear[0].queueHours).toMatchObject({ method: 'linear', p50: 3, p85: 3.7 });
    const team = JSON.parse((await run('export', 'clusters', ...window, '--team', 'platform')).stdout);
    expect(team.map((r: { id: string; share: number }) => [r.id, r.share])).toEqual([
      ['c-secret', 0.666666667],
      ['c-repo', 0.333333333],
    ]);
    const one = JSON.parse((await run('export', 'clusters', ...window, '--cluster', 'c-repo')).stdout);
    expect(one.map((r: { id: string }) => r.id)).toEqual(['c-repo']);
  });

  test('CSV: one row per cluster, distributions as dotted columns', async () => {
    const { code, stdout } = await run('export', 'clusters', ...window, '--format', 'csv');
    expect(code).toBe(0);
    const lines = stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'id,label,template,tickets,share,firstSeen,lastSeen,' +
        'leadTimeHours.n,leadTimeHours.method,leadTimeHours.p50,leadTimeHours.p85,leadTimeHours.p95,leadTimeHours.mean,' +
        'queueHours.n,queueHours.method,queueHours.p50,queueHours.p85,queueHours.p95,queueHours.mean,' +
        'activeHours.n,activeHours.method,activeHours.p50,activeHours.p85,activeHours.p95,activeHours.mean,' +
        'examples,resolved,excluded,sloMisses,series',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      /^c-secret,add ci secret,add secret <\*> to <\*>,2,0\.5,2025-03-03T09:00:00\.000Z,2025-03-10T09:00:00\.000Z,2,nearest-rank,5,5,5,5,2,nearest-rank,2,4,4,3,/,
    );
    expect(lines[1]).toContain(',"[""OPS-1"",""OPS-2""]",2,false,0,');
  });
});

describe('export candidates', () => {
  test('prints the contract fields in order, best first, with the cost model worked by hand', async () => {
    const { code, stdout } = await run('export', 'candidates', ...window);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Array<Record<string, unknown>>;
    expect(Object.keys(rows[0] ?? {})).toEqual([
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
      'template',
      'resolved',
      'waitHoursPerTicket',
      'handlingHoursPerTicket',
      'handlingBasis',
      'trendPerMonth',
      'topTemplateShare',
      'topPathShare',
      'routineShare',
      'pathEntropyBits',
      'distinctAssignees',
      'sloMisses',
    ]);
    expect(Object.keys(rows[0]?.confidence as object)).toEqual([
      'level',
      'method',
      'monthlyCostLow',
      'monthlyCostHigh',
      'paybackMonthsLow',
      'paybackMonthsHigh',
      'scoreLow',
      'scoreHigh',
    ]);
    // 30-day window = 0.985647 months. c-secret: 2 tickets, wait mean 3 h, active mean 2 h:
    // 100·3 + 120·2 = 540 per ticket → 1095.71 a month; repetitiveness (1 + 1)/2 = 1.
    // c-repo: 1 ticket, wait 1 h, active 0 → 100 per ticket → 101.46 a month.
    expect(rows.map((r) => [r.rank, r.clusterId])).toEqual([
      [1, 'c-secret'],
      [2, 'c-repo'],
    ]);
    const months = 30 / (365.2425 / 12);
    expect(rows[0]?.monthlyCost).toBeCloseTo((2 / months) * 540, 5);
    expect(rows[0]?.paybackMonths).toBeCloseTo(9600 / ((2 / months) * 540), 5);
    expect(rows[1]?.monthlyCost).toBeCloseTo((1 / months) * 100, 5);
    expect(rows[0]?.why).toEqual(expect.stringMatching(/^2 tickets a month \(2 in the window\)\./));
  });

  test('the cost model comes from --config', async () => {
    const config = join(dir, 'cost.config.json');
    await writeFile(
      config,
      JSON.stringify({ costModel: { requesterHourly: 0, teamHourly: 60, handlingMinutesPerTicket: 30 } }),
    );
    const rows = JSON.parse((await run('export', 'candidates', ...window, '--config', config)).stdout);
    const months = 30 / (365.2425 / 12);
    expect(rows[0]).toMatchObject({ handlingBasis: 'configured', buildCost: 80 * 60 });
    expect(rows[0].monthlyCost).toBeCloseTo((2 / months) * 30, 5);
  });

  test('CSV flattens the confidence range into columns', async () => {
    const { stdout } = await run('export', 'candidates', ...window, '--format', 'csv');
    const header = stdout.split('\r\n')[0] ?? '';
    expect(header).toBe(
      'rank,clusterId,label,tickets,ticketsPerMonth,requesterWaitHoursPerMonth,handlingHoursPerMonth,' +
        'monthlyCost,buildCost,paybackMonths,repetitiveness,score,confidence.level,confidence.method,' +
        'confidence.monthlyCostLow,confidence.monthlyCostHigh,confidence.paybackMonthsLow,' +
        'confidence.paybackMonthsHigh,confidence.scoreLow,confidence.scoreHigh,why,template,resolved,' +
        'waitHoursPerTicket,handlingHoursPerTicket,handlingBasis,trendPerMonth,topTemplateShare,topPathShare,' +
        'routineShare,pathEntropyBits,distinctAssignees,sloMisses',
    );
    expect(stdout.trimEnd().split('\r\n')).toHaveLength(3);
  });

  test.each([
    [['export', 'candidates', '--percentile', 'median'], /--percentile: expected nearest-rank or linear/],
    [['export', 'clusters', '--from', 'March'], /--from: expected an ISO-8601/],
    [['export', 'candidates', '--team'], /--team/],
  ])('%j exits 2 with a one-line error', async (argv, message) => {
    const { code, stderr } = await run(...argv);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });
});
