// `npx tsx scripts/bench/cluster.ts [--tickets N] [--runs R]`: times request-type mining on demo text
// (tickets generated in the same process; only mining is timed), each run in a fresh process, and
// prints the median and peak RSS for docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { parseArgs } from 'node:util';
import { RequestTypeMiner } from '../../lib/toil/mine';
import { generateDemo } from '../demo-data/generate';

const { values } = parseArgs({
  options: {
    tickets: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
    child: { type: 'boolean', default: false },
  },
});
const tickets = Number(values.tickets);

function once(): void {
  const miner = new RequestTypeMiner();
  let mining = 0;
  for (const r of generateDemo({ tickets, seed: 42, endAt: new Date('2026-01-01T00:00:00Z') })) {
    if (r.kind !== 'ticket') continue;
    const t = r.ticket;
    const started = performance.now();
    miner.add({
      id: `demo:1:${t.key}`,
      key: t.key,
      title: t.title,
      description: t.description,
      createdAt: t.createdAt.toISOString(),
    });
    mining += performance.now() - started;
  }
  const added = mining;
  const started = performance.now();
  const result = miner.finish();
  mining += performance.now() - started;
  const clustered = result.members.filter((m) => m.clusterId !== null).length;
  process.stdout.write(
    `${JSON.stringify({
      seconds: mining / 1000,
      addSeconds: added / 1000,
      tickets: miner.size,
      clusters: result.clusters.length,
      clustered,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
    })}\n`,
  );
}

if (values.child) once();
else {
  const samples = [];
  for (let i = 0; i < Number(values.runs); i++) {
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'scripts/bench/cluster.ts', '--child', '--tickets', String(tickets)],
      { encoding: 'utf8', maxBuffer: 1 << 24 },
    );
    if (child.status !== 0) throw new Error(`run failed: ${child.stderr}`);
    const sample = JSON.parse(child.stdout.trim().split('\n').pop() ?? '{}');
    samples.push(sample);
    process.stderr.write(`run ${i + 1}: ${JSON.stringify(sample)}\n`);
  }
  const sorted = [...samples].sort((a, b) => a.seconds - b.seconds);
  const median = sorted[Math.floor(sorted.length / 2)];
  const rss = Math.max(...samples.map((s) => s.maxRssMb));
  process.stdout.write(
    `| cluster (mine) | ${tickets.toLocaleString('en')} | ${median.seconds.toFixed(1)} s | ${Math.round(median.tickets / median.seconds).toLocaleString('en')}/s | ${Math.round(rss)} MB | ${samples.map((s) => s.seconds.toFixed(1)).join(', ')} | ${median.clusters} clusters, ${((median.clustered / median.tickets) * 100).toFixed(1)} % clustered |\n`,
  );
  process.stdout.write(
    `machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
  );
}
