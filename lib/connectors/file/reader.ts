import { extname } from 'node:path';
import type { Ticket } from '../../domain/ticket';
import { type Chunk, readChunks, sniff } from './byte-source';
import { mapCanonicalTicket } from './canonical';
import { ImportFileError } from './errors';
import { assertTimeZone } from './instant';
import { readJiraCsv } from './jira-csv';
import { splitJsonArray } from './json-array';
import { splitLines } from './ndjson';
import { formatBytes } from './schemas';

export type ImportFormat = 'ndjson' | 'json' | 'jira-csv';

export interface ReadImportOptions {
  /** Source for records that do not name one (canonical: `file`, Jira CSV: `jira`). */
  source?: string;
  /** IANA zone of the wall-clock dates in a Jira CSV export (default UTC). */
  timeZone?: string;
  /** Skip detection. */
  format?: ImportFormat;
  /** Largest NDJSON line / JSON element / CSV record held in memory (default 2 MiB). */
  maxRecordBytes?: number;
}

/**
 * One record of the file. `index` is the 1-based line number (NDJSON), the 0-based array index
 * (JSON array) or the 1-based record number with the header excluded (CSV). `reason` is one line
 * that starts with where the record is: `line 7: createdAt: required`.
 */
export type ImportItem =
  | { ok: true; index: number; ticket: Ticket; raw: unknown }
  | { ok: false; index: number; reason: string };

export const DEFAULT_MAX_RECORD_BYTES = 2 * 1024 * 1024;

interface Parsed {
  index: number;
  where: string;
  result: { ok: true; ticket: Ticket; raw: unknown } | { ok: false; reason: string };
}

/**
 * Streams tickets out of a canonical JSON / NDJSON file or a Jira CSV export in bounded memory.
 * Throws ImportFileError for faults of the whole file (encoding, structure, columns, empty); yields
 * per-record faults, including a repeated (source, key), whose first occurrence is the one kept.
 */
export async function* readImportFile(
  path: string,
  opts: ReadImportOptions = {},
): AsyncGenerator<ImportItem> {
  const timeZone = opts.timeZone ?? 'UTC';
  assertTimeZone(timeZone);
  const maxRecordBytes = opts.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const { firstByte, chunks } = await sniff(readChunks(path));
  try {
    if (firstByte === null) throw new ImportFileError(path, 'empty file');
    const format = opts.format ?? detectFormat(path, firstByte);
    let records: AsyncGenerator<Parsed>;
    if (format === 'jira-csv') {
      records = readJiraCsv(chunks, { file: path, source: opts.source ?? 'jira', timeZone, maxRecordBytes });
    } else if (format === 'json') {
      records = jsonArrayRecords(chunks, path, opts.source ?? 'file', maxRecordBytes);
    } else {
      records = ndjsonRecords(
        chunks,
        path,
        opts.source ?? 'file',
        maxRecordBytes,
        extname(path).toLowerCase() === '.json',
      );
    }
    const firstSeen = new Map<string, string>();
    for await (const { index, where, result } of records) {
      if (!result.ok) {
        yield { ok: false, index, reason: `${where}: ${result.reason}` };
        continue;
      }
      const { source, key } = result.ticket;
      const id = `${source}\u0000${key}`;
      const first = firstSeen.get(id);
      if (first !== undefined) {
        const reason = `${where}: duplicate of ${JSON.stringify(key)} (source ${JSON.stringify(source)}) first seen at ${first}; kept the first`;
        yield { ok: false, index, reason };
        continue;
      }
      firstSeen.set(id, where);
      yield { ok: true, index, ticket: result.ticket, raw: result.raw };
    }
  } finally {
    await chunks.return(undefined);
  }
}

/** Content wins over the extension for JSON (`[` array, `{` NDJSON); `.csv` is always a Jira CSV. */
export function detectFormat(path: string, firstByte: number): ImportFormat {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'jira-csv';
  if (firstByte === 0x5b) return 'json';
  if (firstByte === 0x7b) return 'ndjson';
  if (ext === '.json' || ext === '.ndjson' || ext === '.jsonl') {
    throw new ImportFileError(
      path,
      `not JSON: expected '[' (array) or '{' (NDJSON), found ${describeByte(firstByte)}`,
    );
  }
  if (firstByte === 0x22 || (firstByte >= 0x41 && firstByte <= 0x7a)) return 'jira-csv';
  throw new ImportFileError(
    path,
    `unrecognised format: expected a JSON array, NDJSON or a Jira CSV export (.json, .ndjson, .jsonl, .csv), found ${describeByte(firstByte)}`,
  );
}

function describeByte(b: number): string {
  return b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}'` : `byte 0x${b.toString(16).padStart(2, '0')}`;
}

async function* ndjsonRecords(
  chunks: AsyncIterable<Chunk>,
  file: string,
  source: string,
  maxRecordBytes: number,
  dotJson: boolean,
): AsyncGenerator<Parsed> {
  let firstRecord = true;
  for await (const line of splitLines(chunks, maxRecordBytes)) {
    const where = `line ${line.line}`;
    if ('tooLongBytes' in line) {
      firstRecord = false;
      const reason = `line is ${formatBytes(line.tooLongBytes)}, over the ${formatBytes(maxRecordBytes)} record limit; skipped`;
      yield { index: line.line, where, result: { ok: false, reason } };
      continue;
    }
    const text = line.text.trim();
    if (text === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // A .json file holding one pretty-printed object is not NDJSON; say so instead of N line errors.
      if (firstRecord && dotJson) {
        throw new ImportFileError(
          file,
          'not a JSON array and its first line is not a complete JSON object (NDJSON)',
        );
      }
      firstRecord = false;
      const detail = error instanceof Error ? error.message : String(error);
      yield { index: line.line, where, result: { ok: false, reason: `malformed JSON: ${detail}` } };
      continue;
    }
    firstRecord = false;
    const mapped = mapCanonicalTicket(value, { source });
    yield {
      index: line.line,
      where,
      result: mapped.ok ? { ok: true, ticket: mapped.ticket, raw: value } : mapped,
    };
  }
}

async function* jsonArrayRecords(
  chunks: AsyncIterable<Chunk>,
  file: string,
  source: string,
  maxRecordBytes: number,
): AsyncGenerator<Parsed> {
  for await (const element of splitJsonArray(chunks, file, maxRecordBytes)) {
    const where = `element ${element.index}`;
    if ('tooLongBytes' in element) {
      const reason = `element is ${formatBytes(element.tooLongBytes)}, over the ${formatBytes(maxRecordBytes)} record limit; skipped`;
      yield { index: element.index, where, result: { ok: false, reason } };
      continue;
    }
    const mapped = mapCanonicalTicket(element.value, { source });
    yield {
      index: element.index,
      where,
      result: mapped.ok ? { ok: true, ticket: mapped.ticket, raw: element.value } : mapped,
    };
  }
}

export { ImportFileError } from './errors';
