import type { Chunk } from './byte-source';
import { ImportFileError } from './errors';

export type ArrayElement = { index: number; value: unknown } | { index: number; tooLongBytes: number };

const decoder = new TextDecoder('utf-8');
const [OPEN_ARRAY, CLOSE_ARRAY, OPEN_OBJECT, CLOSE_OBJECT, QUOTE, BACKSLASH, COMMA, NEWLINE] = [
  0x5b, 0x5d, 0x7b, 0x7d, 0x22, 0x5c, 0x2c, 0x0a,
];

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

function show(b: number): string {
  return b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16).padStart(2, '0')}`;
}

function indexOrEnd(bytes: Uint8Array, byte: number, from: number): number {
  const at = bytes.indexOf(byte, from);
  return at === -1 ? bytes.length : at;
}

type State = 'start' | 'first' | 'next' | 'value' | 'after' | 'end';

/**
 * Streams the elements of a top-level JSON array (0-based indexes) by tracking strings and nesting at
 * the byte level, so neither the file nor an oversized element is ever held whole. Any syntax fault is
 * a file error: a malformed or truncated array cannot be trusted past that point.
 */
export async function* splitJsonArray(
  chunks: AsyncIterable<Chunk>,
  file: string,
  maxElementBytes: number,
): AsyncGenerator<ArrayElement> {
  let state: State = 'start';
  let index = 0;
  let line = 1;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let container = false;
  let parts: Uint8Array[] = [];
  let size = 0;
  let startOffset = 0;
  let startLine = 1;

  const fail = (problem: string): ImportFileError =>
    new ImportFileError(file, `malformed JSON array: ${problem}`);
  const complete = (): ArrayElement => {
    const element = index++;
    const bytes = parts.length === 1 && parts[0] ? parts[0] : Buffer.concat(parts);
    parts = [];
    if (size > maxElementBytes) return { index: element, tooLongBytes: size };
    const text = decoder.decode(bytes);
    try {
      return { index: element, value: JSON.parse(text) };
    } catch (error) {
      const detail = error instanceof Error ? error.message : String(error);
      throw fail(`element ${element} (byte offset ${startOffset}, line ${startLine}): ${detail}`);
    }
  };

  for await (const { bytes, offset } of chunks) {
    let from = -1; // where the current element's bytes start in this chunk
    let nextQuote = -1;
    let nextBackslash = -1;
    let i = 0;
    while (i < bytes.length) {
      const b = bytes[i] ?? 0;
      if (state === 'value') {
        if (from === -1) from = i;
        if (inString && !escaped) {
          // Fast path through long strings: jump to the next quote or backslash (positions cached so
          // repeated searches stay linear).
          if (nextQuote < i) nextQuote = indexOrEnd(bytes, QUOTE, i);
          if (nextBackslash < i) nextBackslash = indexOrEnd(bytes, BACKSLASH, i);
          const jump = Math.min(nextQuote, nextBackslash);
          if (jump > i) {
            i = jump;
            continue;
          }
        }
        let done = false;
        if (inString) {
          if (escaped) escaped = false;
          else if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) {
            inString = false;
            done = !container;
          }
        } else if (b === QUOTE) inString = true;
        else if (container && (b === OPEN_ARRAY || b === OPEN_OBJECT)) depth++;
        else if (container && (b === CLOSE_ARRAY || b === CLOSE_OBJECT)) done = --depth === 0;
        else if (!container && (b === COMMA || b === CLOSE_ARRAY || isSpace(b))) {
          // A bare number/literal ends before its terminator, which the 'after' state then reads.
          keep(bytes.subarray(from, i));
          from = -1;
          state = 'after';
          yield complete();
          continue;
        }
        if (b === NEWLINE) line++;
        i++;
        if (done) {
          keep(bytes.subarray(from, i));
          from = -1;
          state = 'after';
          yield complete();
        }
        continue;
      }
      if (b === NEWLINE) line++;
      if (isSpace(b)) {
        i++;
        continue;
      }
      const at = `at byte offset ${offset + i} (line ${line})`;
      if (state === 'start') {
        if (b !== OPEN_ARRAY) throw fail(`expected '[' ${at}, found ${show(b)}`);
        state = 'first';
      } else if (state === 'first' || state === 'next') {
        if (b === CLOSE_ARRAY && state === 'first') state = 'end';
        else if (b === CLOSE_ARRAY || b === COMMA) throw fail(`expected an element ${at}, found ${show(b)}`);
        else {
          state = 'value';
          container = b === OPEN_ARRAY || b === OPEN_OBJECT;
          inString = false;
          escaped = false;
          depth = 0;
          size = 0;
          startOffset = offset + i;
          startLine = line;
          continue; // reprocess this byte as the element's first
        }
      } else if (state === 'after') {
        if (b === COMMA) state = 'next';
        else if (b === CLOSE_ARRAY) state = 'end';
        else throw fail(`expected ',' or ']' after element ${index - 1} ${at}, found ${show(b)}`);
      } else {
        throw fail(`unexpected ${show(b)} after the closing ']' ${at}`);
      }
      i++;
    }
    if (from !== -1) keep(bytes.subarray(from));
  }
  if (state === 'value' && !container && !inString) {
    state = 'after';
    yield complete();
  }
  if (state !== 'end') {
    const where =
      state === 'value'
        ? `inside element ${index} (starting at byte offset ${startOffset}, line ${startLine})`
        : `after element ${index - 1}`;
    throw new ImportFileError(file, `truncated JSON array: the file ends ${where} without the closing ']'`);
  }

  function keep(piece: Uint8Array): void {
    size += piece.length;
    // Past the limit only the size is tracked; copies avoid pinning whole 64 KiB chunks.
    if (size <= maxElementBytes) parts.push(Uint8Array.prototype.slice.call(piece));
    else parts = [];
  }
}
