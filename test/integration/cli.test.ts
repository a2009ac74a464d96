import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDatabase } from '../../db/client';
import { getDataFreshness } from '../../db/queries/overview';
import { resetEnvCache } from '../../lib/env';
import { main } from '../../scripts/cli';
import type { CliIo } from '../../scripts/cli-kit';

// The CLI in-process on a throwaway embedded database: exit codes, one-line errors, stdout vs stderr.
let dir: string;
const saved = { dataDir: process.env.TOILSCOPE_DATA_DIR, databaseUrl: process.env.DATABASE_URL };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toilscope-cli-'));
  process.env.TOILSCOPE_DATA_DIR = join(dir, 'data');
  delete process.env.DATABASE_URL;
  resetEnvCache();
});
afterAll(async () => {
  process.env.TOILSCOPE_DATA_DIR = saved.dataDir;
  if (saved.databaseUrl !== undefined) process.env.DATABASE_URL = saved.databaseUrl;
  resetEnvCache();
  await rm(dir, { recursive: true, force: true });
});

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

describe('usage errors exit 2 with a one-line message naming the culprit', () => {
  test.each([
    [[], /Usage: toilscope <command>/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['import'], /missing argument/],
    [['import', 'nope.ndjson'], /nope\.ndjson: no such file/],
    [['import', 'a.ndjson', '--bogus'], /--bogus/],
    [['demo', '--tickets', 'many'], /--tickets: expected a whole number/],
    [['export', 'tickets', '--from', 'yesterday'], /--from: expected an ISO-8601/],
    [['export', 'tickets', '--format', 'xml'], /--format: expected json or csv/],
    [['export', 'tickets', '--from', '2025-02-01', '--to', '2025-01-01'], /--from must be before --to/],
    [['export', 'widgets'], /unknown report 'widgets'/],
    [['export', 'flow', '--percentile', 'median'], /--percentile: expected nearest-rank or linear/],
    [['export', 'dora', '--to', 'soon'], /--to: expected an ISO-8601/],
    [['analyze', '--as-of', '2025-01-01T10:00'], /--as-of/],
  ])('%j', async (argv, message) => {
    const { code, stdout, stderr } = await run(...(argv as string[]));
    expect(code).toBe(2);
    expect(`${stdout}${stderr}`).toMatch(message);
    expect(stderr.trim().split('\n').length).toBeLessThanOrEqual(argv.length === 0 ? 1 : 1);
  });

  test('an invalid config file names the file and the field', async () => {
    const config = join(dir, 'bad.config.json');
    await writeFile(config, JSON.stringify({ reopenWindowDays: -3 }));
    const { code, stderr } = await run('analyze', '--config', config);
    expect(code).toBe(2);
    expect(stderr).toContain('bad.config.json');
    expect(stderr).toContain('reopenWindowDays');
  });

  test.each(['demo', 'import', 'analyze', 'export'])('%s --help exits 0', async (command) => {
    const { code, stdout } = await run(command, '--help');
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: toilscope ${command}`);
  });
});

describe('demo, import and export end to end', () => {
  test('demo is deterministic by seed and exports the contract fields', async () => {
    const asOf = '2026-01-01T00:00:00Z';
    const end = '2025-12-31T00:00:00Z';
    expect(
      (await run('demo', '--tickets', '400', '--seed', '7', '--end-at', end, '--as-of', asOf)).code,
    ).toBe(0);
    const first = await run('export', 'tickets', '--as-of', asOf);
    expect(first.code).toBe(0);
    const rows = JSON.parse(first.stdout) as Array<Record<string, unknown>>;
    expect(rows.length).toBeGreaterThan(380);
    expect(Object.keys(rows[0] ?? {})).toEqual([
      'source',
      'key',
      'title',
      'team',
      'type',
      'priority',
      'status',
      'statusCategory',
      'createdAt',
      'firstResolvedAt',
      'resolvedAt',
      'clusterId',
      'clusterLabel',
      'leadTimeFirstHours',
      'leadTimeFinalHours',
      'cycleTimeHours',
      'queueHours',
      'waitingHours',
      'activeHours',
      'flowEfficiency',
      'timeToFirstResponseHours',
      'timeToAssignHours',
      'timeToTriageHours',
      'reopenCount',
      'slo',
    ]);
    expect(
      (await run('demo', '--tickets', '400', '--seed', '7', '--end-at', end, '--as-of', asOf)).code,
    ).toBe(0);
    expect((await run('export', 'tickets', '--as-of', asOf)).stdout).toBe(first.stdout);

    const csv = await run('export', 'tickets', '--format', 'csv', '--as-of', asOf);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^source,key,title,team,type,priority,status,statusCategory,createdAt,/);
    expect(lines.length).toBeGreaterThan(rows.length); // multi-line titles are quoted, never fewer lines
  });

  test('export flow and dora print exactly the contract fields (plus documented additions)', async () => {
    const asOf = '2026-01-01T00:00:00Z';
    const window = ['--from', '2025-10-01', '--to', '2025-12-31', '--as-of', asOf];
    const flow = await run('export', 'flow', ...window, '--percentile', 'linear');
    expect(flow.code).toBe(0);
    const report = JSON.parse(flow.stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual([
      'window',
      'asOf',
      'reportTimeZone',
      'resolved',
      'open',
      'leadTimeHours',
      'leadTimeFinalHours',
      'cycleTimeHours',
      'queueHours',
      'waitingHours',
      'activeHours',
      'timeToFirstResponseHours',
      'timeToAssignHours',
      'timeToTriageHours',
      'flowEfficiencyPooled',
      'flowEfficiencyMeanOfRatios',
      'leadTimeKaplanMeier',
      'throughput',
      'agingWip',
      'unmappedStatuses',
    ]);
    expect(report.window).toEqual({ from: '2025-10-01T00:00:00.000Z', to: '2025-12-31T00:00:00.000Z' });
    expect(Object.keys(report.leadTimeHours as object)).toEqual(['n', 'method', 'p50', 'p85', 'p95', 'mean']);
    expect(report.leadTimeHours).toMatchObject({ method: 'linear', n: expect.any(Number) });
    expect(Object.keys(report.leadTimeKaplanMeier as object)).toEqual(
      expect.arrayContaining(['p50', 'p85', 'p50Above', 'p85Above']),
    );
    expect((report.throughput as unknown[])[0]).toEqual({
      period: expect.any(String),
      count: expect.any(Number),
    });
    expect((report.agingWip as unknown[])[0]).toMatchObject({
      key: expect.any(String),
      ageHours: expect.any(Number),
    });

    const dora = await run('export', 'dora', ...window);
    expect(dora.code).toBe(0);
    const doraReport = JSON.parse(dora.stdout) as Record<string, Record<string, unknown>>;
    expect(Object.keys(doraReport)).toEqual([
      'window',
      'asOf',
      'requestLeadTimeHours',
      'requestThroughput',
      'reopenRate',
      'everReopenedRate',
      'incidentTimeToRestoreHours',
      'deployments',
    ]);
    expect(Object.keys(doraReport.reopenRate ?? {})).toEqual(['windowDays', 'reopened', 'cohort', 'rate']);
    expect(Object.keys(doraReport.deployments ?? {})).toEqual(
      expect.arrayContaining([
        'frequency',
        'changeLeadTimeHours',
        'changeFailRate',
        'failedDeploymentRecoveryHours',
        'reworkRate',
      ]),
    );
    expect(dora.stdout).not.toMatch(/elite|medium/i);

    const csv = await run('export', 'flow', ...window, '--format', 'csv');
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe('metric,n,method,p50,p85,p95,mean,value');
    expect(lines).toContainEqual(expect.stringMatching(/^leadTimeHours,\d+,nearest-rank,/));
    expect(lines).toContainEqual(expect.stringMatching(/^flowEfficiencyPooled,,,,,,,0\.\d+$/));
  });

  test('export slo: one object per policy with the contract fields; CSV one row per policy', async () => {
    const asOf = '2026-01-01T00:00:00Z';
    const json = await run('export', 'slo', '--as-of', asOf, '--from', '2025-10-01');
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(rows.map((r) => r.name)).toEqual(['first-response', 'time-to-resolution', 'triage']);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual([
        'name',
        'calendar',
        'cycles',
        'met',
        'breached',
        'ongoing',
        'ongoingBreached',
        'attainment',
        'ticketsEverBreached',
        'ticketsTotal',
        'atRisk',
        'calendarVersion',
        'target',
        'window',
        'asOf',
      ]);
      const n = row as { cycles: number; met: number; breached: number; ongoing: number };
      expect(n.met + n.breached + n.ongoing).toBe(n.cycles);
      expect(row.window).toEqual({ from: '2025-10-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' });
    }
    expect((rows[1] as { cycles: number }).cycles).toBeGreaterThan(0);

    const csv = await run('export', 'slo', '--format', 'csv', '--as-of', asOf);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'name,calendar,calendarVersion,target,cycles,met,breached,ongoing,ongoingBreached,attainment,' +
        'ticketsEverBreached,ticketsTotal,atRiskCount,nextDueAt,windowFrom,windowTo,asOf',
    );
    expect(lines).toHaveLength(4);
    expect(lines[2]).toMatch(/^time-to-resolution,business,business@[0-9a-f]{12},0\.95,\d+,/);
  });

  test('import with bad records loads the good ones, lists the bad ones and exits 2', async () => {
    const file = join(dir, 'mixed.ndjson');
    const good = { key: 'IMP-1', title: 'Add CI secret', createdAt: '2020-05-01T10:00:00Z', status: 'Open' };
    await writeFile(file, `${JSON.stringify(good)}\n{"key":"IMP-2","title":"x"}\n`);
    const { code, stderr } = await run('import', file, '--no-analyze');
    expect(code).toBe(2);
    expect(stderr).toMatch(/mixed\.ndjson: line 2: createdAt/);
    const exported = await run('export', 'tickets', '--from', '2020-05-01', '--to', '2020-05-02');
    expect((JSON.parse(exported.stdout) as Array<{ key: string }>).map((t) => t.key)).toEqual(['IMP-1']);
  });

  test('each analysis records the settings version behind it: saved settings give it, a config file none', async () => {
    const latestRun = async () => {
      const database = await openDatabase({ dataDir: process.env.TOILSCOPE_DATA_DIR });
      try {
        return (await getDataFreshness({ db: database.db })).analysis;
      } finally {
        await database.close();
      }
    };
    expect((await run('analyze', '--as-of', '2026-01-01T00:00:00Z')).code).toBe(0);
    const saved = await latestRun();
    // The demo saved its settings as a version; the plain analyze ran with them.
    expect(saved?.settingsVersion).toBeGreaterThanOrEqual(1);

    const file = join(dir, 'analyze-config.json');
    await writeFile(file, JSON.stringify({ reportTimeZone: 'UTC' }));
    expect((await run('analyze', '--config', file, '--as-of', '2026-01-01T00:00:00Z')).code).toBe(0);
    expect((await latestRun())?.settingsVersion).toBeNull();
  });
});
