import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { type ImportItem, readImportFile } from './reader';

const MiB = 1024 * 1024;
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toilscope-file-mem-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeStreamed(path: string, pieces: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const piece of pieces) if (!out.write(piece)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

const ticket = (key: string, description = '') =>
  JSON.stringify({
    key,
    title: `Create repo ${key}`,
    description,
    createdAt: '2025-03-03T09:00:00Z',
    status: 'Open',
  });

test.each([
  ['NDJSON', 'huge.ndjson', 'line 2: line is 100.0 MiB', 2],
  ['JSON array', 'huge.json', 'element 1: element is 100.0 MiB', 1],
])('%s: a 100 MB description is skipped in bounded memory', async (_name, file, reason, badIndex) => {
  const path = join(dir, file);
  const array = file.endsWith('.json');
  const head = ticket('BIG-1').slice(0, -1).replace('"description":""', '"description":"');
  const chunk = 'x'.repeat(MiB);
  function* pieces(): Generator<string> {
    yield array ? `[${ticket('OK-1')},\n` : `${ticket('OK-1')}\n`;
    yield head;
    for (let i = 0; i < 100; i++) yield chunk;
    // head ends inside the description string; close it and the object
    yield array ? `"}\n,${ticket('OK-2')}]\n` : `"}\n${ticket('OK-2')}\n`;
  }
  await writeStreamed(path, pieces());

  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  let peakBuffers = before.arrayBuffers;
  const sample = () => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    peakBuffers = Math.max(peakBuffers, m.arrayBuffers);
  };
  const timer = setInterval(sample, 1);
  const items: ImportItem[] = [];
  try {
    for await (const item of readImportFile(path)) {
      sample();
      items.push(item);
    }
  } finally {
    clearInterval(timer);
  }
  expect(items.map((i) => (i.ok ? i.ticket.key : i.reason.slice(0, reason.length)))).toEqual([
    'OK-1',
    reason,
    'OK-2',
  ]);
  expect(items[1]?.index).toBe(badIndex);
  expect((peakHeap - before.heapUsed) / MiB).toBeLessThan(64);
  expect((peakBuffers - before.arrayBuffers) / MiB).toBeLessThan(64);
});
