// Throughput check, not part of the test suite: `npx tsx lib/connectors/file/bench.ts [tickets]`.
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readImportFile } from './reader';

function ticket(i: number): string {
  const created = Date.UTC(2025, 0, 1) + i * 60_000;
  const at = (minutes: number) => new Date(created + minutes * 60_000).toISOString();
  return JSON.stringify({
    source: 'bench',
    key: `OPS-${i}`,
    title: `Create repo service-${i % 500} for team payments`,
    description: `Hello, please create the repository service-${i} with the default CI pipeline. Thanks!`,
    type: 'Service Request',
    priority: 'P3',
    labels: ['repo', 'github'],
    team: 'platform',
    requester: `user${i % 300}`,
    assignee: 'bob',
    createdAt: at(0),
    status: 'Done',
    events: [
      { at: at(30), type: 'status', from: 'Open', to: 'In Progress', actor: 'bob' },
      { at: at(31), type: 'assignee', from: null, to: 'bob' },
      { at: at(45), type: 'comment', actor: 'bob', public: true },
      { at: at(120), type: 'status', from: 'In Progress', to: 'Done', actor: 'bob' },
    ],
  });
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 100_000);
  const dir = await mkdtemp(join(tmpdir(), 'toilscope-bench-'));
  try {
    for (const format of ['ndjson', 'json'] as const) {
      const path = join(dir, `tickets.${format}`);
      const out = createWriteStream(path);
      if (format === 'json') out.write('[');
      for (let i = 0; i < count; i++) {
        const line = format === 'json' ? `${i > 0 ? ',\n' : ''}${ticket(i)}` : `${ticket(i)}\n`;
        if (!out.write(line)) await once(out, 'drain');
      }
      out.end(format === 'json' ? ']\n' : '');
      await once(out, 'finish');
      const { size } = await stat(path);
      const started = performance.now();
      let ok = 0;
      let rejected = 0;
      for await (const item of readImportFile(path)) {
        if (item.ok) ok++;
        else rejected++;
      }
      const seconds = (performance.now() - started) / 1000;
      const mb = size / 1024 / 1024;
      console.log(
        `${format}: ${ok} tickets (${rejected} rejected), ${mb.toFixed(1)} MiB in ${seconds.toFixed(2)} s = ` +
          `${Math.round(ok / seconds)} tickets/s, ${(mb / seconds).toFixed(1)} MiB/s, ` +
          `heap ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MiB`,
      );
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
