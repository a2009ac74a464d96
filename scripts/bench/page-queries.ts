// `npx tsx scripts/bench/page-queries.ts [--database-url URL | --tickets N] [--runs R]`: times the SLO and
// Flow page queries (db/queries/slo-page.ts, flow-page.ts) as the pages issue them, one warm-up then R
// timed runs each, and prints a markdown table (median) for docs/benchmarks.md. With --database-url the
// database is only read (an already loaded and analysed one is reused); otherwise a fresh database on the
// local server gets `demo --tickets N` + analyze and is dropped afterwards (--keep keeps it for reuse).
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { type Database, openDatabase, redactUrl } from '../../db/client';
import { type FlowPageFilters, loadFlowPage } from '../../db/queries/flow-page';
import { loadSloPage, type SloPageFilters } from '../../db/queries/slo-page';
import { getConfigInForce } from '../../lib/analysis/config-in-force';
import type { ToilscopeConfig } from '../../lib/config';
import { exitCodeFor, InputError } from '../../lib/errors';
import { intFlag, stringFlag } from '../cli-kit';

const DAY_MS = 86_400_000;
const DEMO_END = '2026-01-01';

interface Scenario {
  name: string;
  days: number | null;
  team: string | null;
}

interface Timing {
  page: 'SLO' | 'Flow';
  scenario: string;
  ms: number[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
};

function parseFlags() {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        'database-url': { type: 'string' },
        tickets: { type: 'string' },
        runs: { type: 'string' },
        keep: { type: 'boolean', default: false },
        'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
      },
      strict: true,
    }));
  } catch (error) {
    throw new InputError(`bench page-queries: ${error instanceof Error ? error.message : 'bad arguments'}`);
  }
  const databaseUrl = stringFlag(values, 'database-url');
  if (databaseUrl !== undefined && values.tickets !== undefined)
    throw new InputError('--tickets: not with --database-url (that database is reused as loaded)');
  for (const [flag, url] of [
    ['database-url', databaseUrl],
    ['postgres-url', stringFlag(values, 'postgres-url')],
  ] as const) {
    if (url !== undefined && !/^postgres(ql)?:\/\//.test(url))
      throw new InputError(`--${flag}: expected a postgres:// URL, got '${redactUrl(url)}'`);
  }
  return {
    databaseUrl,
    tickets: intFlag(values, 'tickets', 1, 10_000_000) ?? 100_000,
    runs: intFlag(values, 'runs', 1, 1000) ?? 5,
    keep: values.keep === true,
    adminUrl: stringFlag(values, 'postgres-url') ?? '',
  };
}

function cli(args: string[], databaseUrl: string): void {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/worker.ts', ...args], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (result.status !== 0) throw new Error(`bench: ${args[0]} failed: ${result.stderr}`);
}

/** A fresh database on the local server holding `tickets` demo tickets, analysed. */
async function loadFresh(adminUrl: string, tickets: number, keep: boolean) {
  const name = `toilscope_pages_${tickets}_${process.pid}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  process.stderr.write(`loading ${tickets.toLocaleString('en-US')} demo tickets into ${name}…\n`);
  try {
    cli(['demo', '--tickets', String(tickets), '--no-analyze', '--end-at', DEMO_END], url.toString());
    cli(['analyze', '--as-of', `${DEMO_END}T00:00:00Z`], url.toString());
  } catch (error) {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    throw error;
  }
  return {
    url: url.toString(),
    drop: async () => {
      if (keep) process.stderr.write(`kept: --database-url ${url.toString()}\n`);
      else await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

async function time(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  await fn(); // warm-up: plans and buffers, as on a page that has been opened before
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  return ms;
}

async function measure(database: Database, runs: number): Promise<{ timings: Timing[]; facts: string }> {
  const { sql } = database;
  const [facts] = await sql<{ tickets: number; cycles: number; size: string; as_of: string | null }[]>`
    select (select count(*)::int from tickets) as tickets, (select count(*)::int from slo_cycles) as cycles,
           pg_size_pretty(pg_database_size(current_database())) as size,
           (select max(computed_as_of)::text from ticket_metrics) as as_of`;
  if (!facts?.as_of)
    throw new InputError('--database-url: the database holds no analysis (run analyze first)');
  const { config } = await getConfigInForce({ db: database.db });
  // The page's "now" is the analysis instant, so the default window holds the newest data.
  const asOf = new Date(facts.as_of);
  const [team] = await sql<{ team: string }[]>`
    select team from tickets where team is not null group by team order by count(*) desc limit 1`;
  const scenarios: Scenario[] = [
    { name: '90 days (default)', days: 90, team: null },
    { name: '12 months', days: 365, team: null },
    { name: `90 days, team ${team?.team ?? '—'}`, days: 90, team: team?.team ?? null },
  ];
  const timings: Timing[] = [];
  for (const s of scenarios) {
    const from = s.days === null ? null : new Date(asOf.getTime() - s.days * DAY_MS);
    timings.push({
      page: 'SLO',
      scenario: s.name,
      ms: await time(() => slo(database, config, from, asOf, s), runs),
    });
    timings.push({
      page: 'Flow',
      scenario: s.name,
      ms: await time(() => flow(database, config, from, asOf, s), runs),
    });
    for (const t of timings.slice(-2))
      process.stderr.write(`${t.page} ${t.scenario}: ${t.ms.map((m) => m.toFixed(0)).join(', ')} ms\n`);
  }
  const line = `${facts.tickets.toLocaleString('en-US')} tickets, ${facts.cycles.toLocaleString('en-US')} SLO cycles, database ${facts.size}, analysis as of ${facts.as_of}`;
  return { timings, facts: line };
}

function slo(database: Database, config: ToilscopeConfig, from: Date | null, asOf: Date, s: Scenario) {
  const filters: SloPageFilters = {
    from,
    to: asOf,
    asOf,
    team: s.team,
    source: null,
    cluster: null,
    policy: null,
    timeZone: config.reportTimeZone,
  };
  return loadSloPage({
    sql: database.sql,
    filters,
    policies: config.slos.map((p) => ({ name: p.name, target: p.target })),
    calendars: config.calendars,
  });
}

function flow(database: Database, config: ToilscopeConfig, from: Date | null, asOf: Date, s: Scenario) {
  const filters: FlowPageFilters = {
    from,
    to: asOf,
    asOf,
    team: s.team,
    source: null,
    cluster: null,
    method: 'nearest-rank',
    timeZone: config.reportTimeZone,
    reopenWindowDays: config.reopenWindowDays,
    incidentTypes: config.incidentTypes,
  };
  return loadFlowPage({ sql: database.sql, filters });
}

async function main(): Promise<void> {
  const flags = parseFlags();
  const fresh = flags.databaseUrl ? null : await loadFresh(flags.adminUrl, flags.tickets, flags.keep);
  const url = flags.databaseUrl ?? fresh?.url ?? '';
  // migrate: false: a reused database is only read, never altered.
  const database = await openDatabase({ databaseUrl: url, migrate: false });
  try {
    const { timings, facts } = await measure(database, flags.runs);
    const cpu = cpus()[0]?.model ?? 'unknown CPU';
    process.stdout.write(
      [
        `Machine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; PostgreSQL ${redactUrl(url)}.`,
        `Data: ${facts}. One warm-up, then ${flags.runs} timed runs each; median shown.`,
        '',
        '| page query | window and filters | median | runs (ms) |',
        '|---|---|---|---|',
        ...timings.map(
          (t) =>
            `| ${t.page} | ${t.scenario} | ${median(t.ms).toFixed(0)} ms | ${t.ms.map((m) => m.toFixed(0)).join(', ')} |`,
        ),
        '',
      ].join('\n'),
    );
  } finally {
    await database.close();
    await fresh?.drop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = exitCodeFor(error);
});
