import type { Chunk } from './byte-source';

export type Line = { line: number; text: string } | { line: number; tooLongBytes: number };

const NEWLINE = 0x0a;
const decoder = new TextDecoder('utf-8');

/**
 * Splits chunks into lines (1-based numbers) without ever holding more than `maxLineBytes` of one
 * line: a longer line is dropped while it streams past and reported with its full size.
 */
export async function* splitLines(chunks: AsyncIterable<Chunk>, maxLineBytes: number): AsyncGenerator<Line> {
  let parts: Uint8Array[] = [];
  let partsBytes = 0;
  let skipping = false;
  let line = 1;

  const finish = (tail: Uint8Array): Line => {
    const total = partsBytes + tail.length;
    let result: Line;
    if (skipping || total > maxLineBytes) result = { line, tooLongBytes: total };
    else {
      const bytes = parts.length === 0 ? tail : Buffer.concat([...parts, tail]);
      result = { line, text: decoder.decode(bytes) };
    }
    parts = [];
    partsBytes = 0;
    skipping = false;
    line++;
    return result;
  };

  for await (const { bytes } of chunks) {
    let pos = 0;
    while (pos <= bytes.length) {
      const nl = bytes.indexOf(NEWLINE, pos);
      if (nl === -1) {
        const rest = bytes.subarray(pos);
        partsBytes += rest.length;
        if (!skipping && partsBytes > maxLineBytes) {
          skipping = true;
          parts = [];
        }
        // Copy: keeping a view would pin the whole 64 KiB chunk for a short tail.
        if (!skipping && rest.length > 0) parts.push(Uint8Array.prototype.slice.call(rest));
        break;
      }
      yield finish(bytes.subarray(pos, nl));
      pos = nl + 1;
    }
  }
  if (partsBytes > 0 || skipping) yield finish(new Uint8Array(0));
}
