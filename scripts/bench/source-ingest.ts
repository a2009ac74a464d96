// `npx tsx scripts/bench/source-ingest.ts --source linear|github [--issues N]`: a full `ingest linear`
// or `ingest github` load from the local fake into a fresh PostgreSQL database. The fake runs in this
// process, the ingest in a fresh worker (scripts/bench/worker.ts). Prints one markdown row.
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { generateGithubRepo } from '../../test/fakes/github/dataset';
import { startGithubFake } from '../../test/fakes/github/server';
import { generateLinearIssues, WORKSPACE_LABELS } from '../../test/fakes/linear/dataset';
import { startLinearFake } from '../../test/fakes/linear/server';
import { runWorker } from './async-worker';

const { values } = parseArgs({
  options: {
    source: { type: 'string', default: 'linear' },
    issues: { type: 'string', default: '20000' },
    'postgres-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const issues = Number(values.issues);
const source = values.source === 'github' ? 'github' : 'linear';
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
const sourceEnv: Record<string, string> =
  source === 'linear'
    ? { LINEAR_API_KEY: SECRET, LINEAR_API_URL: fake.apiUrl }
    : { GITHUB_TOKEN: SECRET, GITHUB_API_URL: fake.apiUrl };

const name = `toilscope_bench_${source}_${process.pid}`;
const admin = postgres(values['postgres-url'] ?? '', { max: 1, onnotice: () => undefined });
await admin.unsafe(`create database ${name}`);
try {
  const url = new URL(values['postgres-url'] ?? '');
  url.pathname = `/${name}`;
  const sample = await runWorker(args, { ...sourceEnv, DATABASE_URL: url.toString() });
  const requests = fake.requests.length;
  const rate = Math.round(issues / sample.seconds).toLocaleString('en-US');
  process.stdout.write(
    `| ingest ${source} (no analyze) | postgres | ${issues.toLocaleString('en-US')} issues | ${requests.toLocaleString('en-US')} requests | ${sample.seconds.toFixed(1)} s | ${rate}/s | ${Math.round(sample.maxRssMb)} MB |\n`,
  );
} finally {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  await fake.close();
}
