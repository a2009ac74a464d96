import { createReadStream } from 'node:fs';
import { ImportFileError } from './errors';

/** A piece of the file, already checked to be UTF-8; `offset` is the file byte offset of `bytes[0]`. */
export interface Chunk {
  bytes: Uint8Array;
  text: string;
  offset: number;
}

const CHUNK_BYTES = 64 * 1024;

function describeOpenError(error: unknown): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'is a directory, not a file';
  if (code === 'EACCES') return 'permission denied';
  return `cannot read: ${error instanceof Error ? error.message : String(error)}`;
}

/**
 * The file in 64 KiB chunks, each decoded with a fatal streaming TextDecoder so a bad byte aborts the
 * whole import (reported with its exact byte offset and line). A leading BOM is dropped.
 */
export async function* readChunks(path: string): AsyncGenerator<Chunk> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  let offset = 0;
  let first = true;
  try {
    for await (const data of stream) {
      if (!(data instanceof Uint8Array)) continue;
      let bytes: Uint8Array = data;
      let text: string;
      try {
        text = decoder.decode(bytes, { stream: true });
      } catch {
        throw await invalidUtf8Error(path);
      }
      if (first && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
        bytes = bytes.subarray(3);
        offset = 3;
      }
      first = false;
      yield { bytes, text, offset };
      offset += bytes.length;
    }
  } catch (error) {
    if (error instanceof ImportFileError) throw error;
    throw new ImportFileError(path, describeOpenError(error));
  }
  try {
    decoder.decode();
  } catch {
    throw await invalidUtf8Error(path);
  }
}

/** Only on the error path: rescan from the start to name the first invalid byte and its line. */
async function invalidUtf8Error(path: string): Promise<ImportFileError> {
  const scanner = new Utf8Scanner();
  for await (const data of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    if (!(data instanceof Uint8Array)) continue;
    const found = scanner.push(data);
    if (found) return utf8Error(path, found);
  }
  const found = scanner.end();
  return found ? utf8Error(path, found) : new ImportFileError(path, 'not valid UTF-8');
}

function utf8Error(
  path: string,
  found: { offset: number; byte: number | null; line: number },
): ImportFileError {
  const what =
    found.byte === null
      ? 'the file ends inside a multi-byte character'
      : `invalid byte 0x${found.byte.toString(16).padStart(2, '0')} at byte offset ${found.offset}`;
  return new ImportFileError(path, `not UTF-8: ${what} (line ${found.line}); re-save the file as UTF-8`);
}

/** A UTF-8 validator (Unicode 15 table 3-7) that reports where a sequence first goes wrong. */
export class Utf8Scanner {
  private offset = 0;
  private line = 1;
  private need = 0;
  private lower = 0x80;
  private upper = 0xbf;
  private start = 0;
  private startLine = 1;
  private lead = 0;

  push(bytes: Uint8Array): { offset: number; byte: number; line: number } | null {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] ?? 0;
      const at = this.offset + i;
      if (this.need === 0) {
        if (b < 0x80) {
          if (b === 0x0a) this.line++;
          continue;
        }
        this.start = at;
        this.startLine = this.line;
        this.lead = b;
        this.lower = 0x80;
        this.upper = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) this.need = 1;
        else if (b >= 0xe0 && b <= 0xef) {
          this.need = 2;
          if (b === 0xe0) this.lower = 0xa0;
          if (b === 0xed) this.upper = 0x9f;
        } else if (b >= 0xf0 && b <= 0xf4) {
          this.need = 3;
          if (b === 0xf0) this.lower = 0x90;
          if (b === 0xf4) this.upper = 0x8f;
        } else return { offset: at, byte: b, line: this.line };
      } else {
        // Name the lead byte: a Latin-1 "é" (0xe9) is what the person needs to find, not what follows.
        if (b < this.lower || b > this.upper)
          return { offset: this.start, byte: this.lead, line: this.startLine };
        this.lower = 0x80;
        this.upper = 0xbf;
        this.need--;
      }
    }
    this.offset += bytes.length;
    return null;
  }

  end(): { offset: number; byte: null; line: number } | null {
    return this.need > 0 ? { offset: this.start, byte: null, line: this.startLine } : null;
  }
}

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

export interface Sniffed {
  /** First byte that is not JSON whitespace, or null for an empty / blank file. */
  firstByte: number | null;
  /** Every chunk, starting with those read while sniffing. */
  chunks: AsyncGenerator<Chunk>;
}

/** Reads just enough to see the first significant byte, then replays those chunks. */
export async function sniff(source: AsyncGenerator<Chunk>): Promise<Sniffed> {
  const seen: Chunk[] = [];
  let firstByte: number | null = null;
  while (firstByte === null) {
    const next = await source.next();
    if (next.done) break;
    seen.push(next.value);
    for (const b of next.value.bytes) {
      if (!WHITESPACE.has(b)) {
        firstByte = b;
        break;
      }
    }
  }
  async function* replay(): AsyncGenerator<Chunk> {
    try {
      yield* seen.splice(0);
      yield* source;
    } finally {
      await source.return(undefined);
    }
  }
  return { firstByte, chunks: replay() };
}
