import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Chunk } from './byte-source';
import { splitJsonArray } from './json-array';
import { splitLines } from './ndjson';

const encoder = new TextEncoder();

/** Cuts `bytes` at the given points (anywhere, even inside a multi-byte character or an escape). */
async function* chunked(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Chunk> {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let start = 0;
  for (const end of [...points, bytes.length]) {
    if (end > start) yield { bytes: bytes.subarray(start, end), text: '', offset: start };
    start = end;
  }
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

const value = fc.oneof(
  fc.record({ key: fc.string({ unit: 'binary' }), title: fc.string({ unit: 'binary' }), n: fc.integer() }),
  fc.jsonValue(),
);
const cuts = fc.array(fc.nat(), { maxLength: 12 });

describe('splitters keep records intact across arbitrary chunk boundaries', () => {
  test('JSON array elements', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(value, { maxLength: 6 }), fc.boolean(), cuts, async (values, pretty, at) => {
        const text = JSON.stringify(values, null, pretty ? 2 : undefined);
        const elements = await collect(splitJsonArray(chunked(encoder.encode(text), at), 'f.json', 1 << 20));
        expect(elements).toEqual(values.map((v, index) => ({ index, value: JSON.parse(JSON.stringify(v)) })));
      }),
      { numRuns: 300 },
    );
  });

  test('NDJSON lines', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(value, { maxLength: 6 }), fc.boolean(), cuts, async (values, crlf, at) => {
        const text = values.map((v) => JSON.stringify(v)).join(crlf ? '\r\n' : '\n');
        const lines = await collect(splitLines(chunked(encoder.encode(text), at), 1 << 20));
        const parsed = lines.flatMap((l) =>
          'text' in l && l.text.trim() !== '' ? [JSON.parse(l.text)] : [],
        );
        expect(parsed).toEqual(values.map((v) => JSON.parse(JSON.stringify(v))));
      }),
      { numRuns: 300 },
    );
  });

  test('a line over the limit is reported with its full size, across chunks', async () => {
    const text = `a\n${'b'.repeat(100)}\nc`;
    const lines = await collect(splitLines(chunked(encoder.encode(text), [5, 30, 31, 90]), 50));
    expect(lines).toEqual([
      { line: 1, text: 'a' },
      { line: 2, tooLongBytes: 100 },
      { line: 3, text: 'c' },
    ]);
  });
});
