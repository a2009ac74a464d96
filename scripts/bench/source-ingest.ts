// `npx tsx scripts/bench/source-ingest.ts --source linear|github [--issues N] [--runs R]`: a full
// `ingest linear` or `ingest github` load from the local fake into a fresh PostgreSQL database per run.
// The fake runs in this process, the ingest in a fresh worker (scripts/bench/worker.ts). Prints one row.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { generateGithubRepo } from '../../test/fakes/github/dataset';
import { startGithubFake } from '../../test/fakes/github/server';
import { generateLinearIssues, WORKSPACE_LABELS } from '../../test/fakes/linear/dataset';
import { startLinearFake } from '../../test/fakes/linear/server';

const { values } = parseArgs({
  options: {
    source: { type: 'string', default: 'linear' },
    issues: { type: 'string', default: '20000' },
    runs: { type: 'string', default: '1' },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const issues = Number(values.issues);
const runs = Number(values.runs);
const source = values.source;
function usage(message: string): never {
  process.stderr.write(`source-ingest: ${message}\n`);
  process.exit(2);
}
if (source !== 'linear' && source !== 'github') usage(`--source must be linear or github, not '${source}'`);
if (!Number.isInteger(issues) || issues < 1)
  usage(`--issues must be a positive integer, not '${values.issues}'`);
if (!Number.isInteger(runs) || runs < 1) usage(`--runs must be a positive integer, not '${values.runs}'`);
const SECRET = 'bench-secret-0042';

const fake =
  source === 'linear'
    ? await startLinearFake({
        apiKey: SECRET,
        issues: generateLinearIssues({ count: issues, longEvery: 50 }).issues,
        workspaceLabels: WORKSPACE_LABELS,
      })
    : await startGithubFake({ token: SECRET, repo: generateGithubRepo({ count: issues }).repo });
const args =
  source === 'linear'
    ? ['ingest', 'linear', '--team', 'OPS', '--no-analyze']
    : ['ingest', 'github', '--repo', 'acme/ops', '--no-analyze'];
const sourceEnv =
  source === 'linear'
    ? { LINEAR_API_KEY: SECRET, LINEAR_API_URL: fake.apiUrl }
    : { GITHUB_TOKEN: SECRET, GITHUB_API_URL: fake.apiUrl };

interface Sample {
  seconds: number;
  maxRssMb: number;
  requests: number;
  load: [number, number];
}

// Asynchronous on purpose: a spawnSync would block this event loop, so the in-process fake could
// never answer the worker and the ingest hung on its first request.
async function worker(
  env: Record<string, string>,
): Promise<{ code: number; seconds: number; maxRssMb: number }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/worker.ts', ...args], {
    // The bench fakes listen on loopback, which the SSRF guard refuses unless allowed.
    env: { ...process.env, TOILSCOPE_ALLOWED_HOSTS: '127.0.0.1', ...sourceEnv, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  const status = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  const line = stdout.trim().split('\n').pop() ?? '';
  const parsed = line.startsWith('{')
    ? (JSON.parse(line) as { code: number; seconds: number; maxRssMb: number })
    : null;
  if (status !== 0 || !parsed || parsed.code !== 0)
    throw new Error(`ingest ${source} failed (exit ${status}): ${stderr}`);
  return parsed;
}

async function run(i: number): Promise<Sample> {
  const name = `toilscope_bench_${source}_${process.pid}_${i}`;
  const admin = postgres(values['postgres-url'] ?? '', { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database ${name}`);
  try {
    const url = new URL(values['postgres-url'] ?? '');
    url.pathname = `/${name}`;
    const before = fake.requests.length;
    const loadBefore = loadavg()[0] ?? 0;
    const sample = await worker({ DATABASE_URL: url.toString() });
    const loadAfter = loadavg()[0] ?? 0;
    return { ...sample, requests: fake.requests.length - before, load: [loadBefore, loadAfter] };
  } finally {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

const samples: Sample[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const sample = await run(i);
    samples.push(sample);
    process.stderr.write(
      `run ${i + 1}: ${sample.seconds.toFixed(1)} s, ${Math.round(sample.maxRssMb)} MB, ${sample.requests} requests, load ${sample.load[0].toFixed(1)} → ${sample.load[1].toFixed(1)}\n`,
    );
  }
} finally {
  await fake.close();
}

const sorted = samples.map((s) => s.seconds).sort((a, b) => a - b);
const median = sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
const rss = Math.max(...samples.map((s) => s.maxRssMb));
const requests = [...new Set(samples.map((s) => s.requests))]
  .map((n) => n.toLocaleString('en-US'))
  .join(' / ');
const loads = samples.flatMap((s) => s.load);
process.stdout.write(
  `| ingest ${source} (no analyze) | postgres | ${issues.toLocaleString('en-US')} | ${requests} | ${median.toFixed(1)} s | ${Math.round(issues / median).toLocaleString('en-US')}/s | ${Math.round(rss)} MB | ${samples.map((s) => s.seconds.toFixed(1)).join(', ')} | ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} |\n`,
);
