// `npm run bench [-- --tickets N --runs R --only NAME]`: times the heavy paths on both databases, each
// run in a fresh process, and prints a markdown table (median of the runs, peak RSS) for
// docs/benchmarks.md. Uses only this machine: a temp PGlite dir and fresh databases on 127.0.0.1.
// `--only pages [--database-url URL]` times the SLO and Flow page queries (scripts/bench/page-queries.ts),
// on an already loaded database when one is given.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    'database-url': { type: 'string' },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const tickets = Number(values.tickets);
const runs = Number(values.runs);
const adminUrl = values['postgres-url'] ?? '';

interface Sample {
  seconds: number;
  maxRssMb: number;
}

function worker(args: string[], env: Record<string, string>): Sample {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bench/worker.ts', ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const line = result.stdout.trim().split('\n').pop() ?? '';
  const parsed = JSON.parse(line) as Sample & { code: number };
  if (result.status !== 0 || parsed.code !== 0)
    throw new Error(`bench ${args.join(' ')} failed: ${result.stderr}`);
  return parsed;
}

async function withTarget<T>(
  kind: 'pglite' | 'postgres',
  fn: (env: Record<string, string>) => T,
): Promise<T> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'toilscope-bench-'));
    try {
      return fn({ TOILSCOPE_DATA_DIR: dir, DATABASE_URL: '' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const name = `toilscope_bench_${process.pid}_${Date.now()}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  try {
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return fn({ DATABASE_URL: url.toString() });
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? Number.NaN;
};

const rows: string[] = [];
function record(name: string, db: string, samples: Sample[], unit: number) {
  const secs = median(samples.map((s) => s.seconds));
  const rss = Math.max(...samples.map((s) => s.maxRssMb));
  const rate = Math.round(unit / secs).toLocaleString('en-US');
  const row = `| ${name} | ${db} | ${tickets.toLocaleString('en-US')} | ${secs.toFixed(1)} s | ${rate}/s | ${Math.round(rss)} MB | ${samples.map((s) => s.seconds.toFixed(1)).join(', ')} |`;
  rows.push(row);
  process.stderr.write(`${row}\n`);
}

const wants = (name: string) => !values.only || values.only.split(',').includes(name);
const work = mkdtempSync(join(tmpdir(), 'toilscope-bench-files-'));
const file = join(work, 'tickets.ndjson');
try {
  if (wants('import')) {
    worker(['write-ndjson', file, String(tickets)], {});
    process.stderr.write(`bench file: ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB of NDJSON\n`);
  }
  for (const db of ['pglite', 'postgres'] as const) {
    if (wants('import')) {
      const samples: Sample[] = [];
      for (let i = 0; i < runs; i++) {
        samples.push(await withTarget(db, (env) => worker(['import', file, '--no-analyze'], env)));
      }
      record('import NDJSON (no analyze)', db, samples, tickets);
    }
    if (wants('demo') || wants('analyze')) {
      const demo: Sample[] = [];
      const analyze: Sample[] = [];
      for (let i = 0; i < runs; i++) {
        await withTarget(db, (env) => {
          demo.push(
            worker(['demo', '--tickets', String(tickets), '--no-analyze', '--end-at', '2026-01-01'], env),
          );
          analyze.push(worker(['analyze', '--as-of', '2026-01-01T00:00:00Z'], env));
        });
      }
      if (wants('demo')) record('demo load (no analyze)', db, demo, tickets);
      if (wants('analyze')) record('analyze', db, analyze, tickets);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

let pages = '';
if (wants('pages')) {
  const reuse = values['database-url'];
  const result = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      'scripts/bench/page-queries.ts',
      ...(reuse ? ['--database-url', reuse] : ['--tickets', String(tickets), '--postgres-url', adminUrl]),
      '--runs',
      String(Math.max(runs, 5)),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 24 },
  );
  if (result.status !== 0) throw new Error(`bench pages failed (exit ${result.status})`);
  pages = result.stdout;
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
process.stdout.write(
  [
    `Machine: ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}; ${runs} runs each, median shown.`,
    '',
    '| benchmark | database | tickets | median time | rate | peak RSS | runs |',
    '|---|---|---|---|---|---|---|',
    ...rows,
    '',
    pages,
  ].join('\n'),
);
