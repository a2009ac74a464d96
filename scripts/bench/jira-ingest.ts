// `npx tsx scripts/bench/jira-ingest.ts [--issues N] [--changes C] [--only pglite|postgres]`: a full
// `ingest jira` load from the local fake (N issues, C status changes each) into each database. The fake
// runs in this process; the ingest runs in a fresh worker (scripts/bench/worker.ts), so its peak RSS is
// its own. Prints one markdown row per database for docs/benchmarks.md.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { generateIssues } from '../../test/fakes/jira/dataset';
import { startFakeJira } from '../../test/fakes/jira/server';
import { runWorker } from './async-worker';

const { values } = parseArgs({
  options: {
    issues: { type: 'string', default: '50000' },
    changes: { type: 'string', default: '10' },
    only: { type: 'string' },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const issues = Number(values.issues);
const changes = Number(values.changes);
const TOKEN = 'bench-token';

const fake = await startFakeJira({
  token: TOKEN,
  issues: generateIssues({ count: issues, statusChanges: changes, comments: 1 }),
  pageCap: 100,
  changelogCap: 100,
});

const run = (env: Record<string, string>) =>
  runWorker(['ingest', 'jira', '--base-url', fake.baseUrl, '--jql', 'project = OPS', '--no-analyze'], {
    ...env,
    JIRA_EMAIL: 'bot@acme.example',
    JIRA_API_TOKEN: TOKEN,
    JIRA_PAT: '',
  });

function row(db: string, sample: { seconds: number; maxRssMb: number }) {
  const rate = Math.round(issues / sample.seconds).toLocaleString('en-US');
  return `| ingest jira (no analyze) | ${db} | ${issues.toLocaleString('en-US')} × ${changes} changes | ${sample.seconds.toFixed(1)} s | ${rate}/s | ${Math.round(sample.maxRssMb)} MB |`;
}

try {
  if (values.only !== 'postgres') {
    const dir = mkdtempSync(join(tmpdir(), 'toilscope-bench-jira-'));
    try {
      process.stdout.write(`${row('pglite', await run({ TOILSCOPE_DATA_DIR: dir, DATABASE_URL: '' }))}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (values.only !== 'pglite') {
    const name = `toilscope_bench_jira_${process.pid}`;
    const admin = postgres(values['postgres-url'] ?? '', { max: 1, onnotice: () => undefined });
    await admin.unsafe(`create database ${name}`);
    try {
      const url = new URL(values['postgres-url'] ?? '');
      url.pathname = `/${name}`;
      process.stdout.write(`${row('postgres', await run({ DATABASE_URL: url.toString() }))}\n`);
    } finally {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    }
  }
} finally {
  await fake.close();
}
