// One benchmark task in a fresh process, so peak RSS is the task's own. Prints one JSON line.
import { createWriteStream } from 'node:fs';
import { toCanonicalRecord } from '../../lib/connectors/file/canonical-writer';
import { main } from '../cli';
import type { CliIo } from '../cli-kit';
import { generateDemo } from '../demo-data/generate';

const [task, ...args] = process.argv.slice(2);
const quiet: CliIo = {
  out: () => undefined,
  write: () => undefined,
  err: (text) => process.stderr.write(`${text}\n`),
  progress: () => undefined,
};

async function writeNdjson(path: string, tickets: number): Promise<void> {
  const out = createWriteStream(path);
  const endAt = new Date('2026-01-01T00:00:00Z');
  for (const record of generateDemo({ tickets, seed: 7, endAt })) {
    if (record.kind !== 'ticket') continue;
    if (!out.write(`${JSON.stringify(toCanonicalRecord(record.ticket))}\n`)) {
      await new Promise<void>((resolve) => out.once('drain', () => resolve()));
    }
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

const started = performance.now();
let code = 0;
if (task === 'write-ndjson') await writeNdjson(args[0] ?? 'bench.ndjson', Number(args[1] ?? 100_000));
else code = await main([task ?? '--help', ...args], quiet);
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${JSON.stringify({ task, code, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
);
process.exitCode = code;
