import { pipeline, Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { compareEvents, type StatusCategory, type Ticket, type TicketEvent } from '../../domain/ticket';
import type { Chunk } from './byte-source';
import { ImportFileError } from './errors';
import { parseJiraDate, quote } from './instant';
import { formatBytes, MAX_DESCRIPTION_BYTES } from './schemas';

/** Columns read from a Jira CSV export; matched case-insensitively, repeated columns allowed. */
export const JIRA_COLUMNS = {
  key: 'Issue key',
  id: 'Issue id',
  summary: 'Summary',
  status: 'Status',
  statusCategory: 'Status Category',
  created: 'Created',
  updated: 'Updated',
  resolved: 'Resolved',
  assignee: 'Assignee',
  reporter: 'Reporter',
  type: 'Issue Type',
  priority: 'Priority',
  labels: 'Labels',
  description: 'Description',
  resolution: 'Resolution',
  components: 'Component/s',
  project: 'Project key',
  comment: 'Comment',
} as const;
type Column = keyof typeof JIRA_COLUMNS;

export const REQUIRED_JIRA_COLUMNS: readonly Column[] = ['key', 'summary', 'status', 'created'];

/**
 * Status a resolved CSV row is assumed to have left: the export has no history, so the stay
 * Created → Resolved is one synthetic `Open` (queue) interval and only lead time is exact.
 */
export const JIRA_CSV_PRIOR_STATUS = 'Open';

const STATUS_CATEGORY: Record<string, StatusCategory> = {
  'to do': 'queue',
  new: 'queue',
  'in progress': 'active',
  indeterminate: 'active',
  done: 'done',
};

export interface JiraRow {
  index: number;
  where: string;
  result:
    | { ok: true; ticket: Ticket; raw: Record<string, string | string[]> }
    | { ok: false; reason: string };
}

type Header = Map<Column, number[]>;

function readHeader(file: string, names: readonly string[]): { header: Header; names: string[] } {
  const byName = new Map<string, Column>();
  for (const [column, name] of Object.entries(JIRA_COLUMNS)) byName.set(name.toLowerCase(), column as Column);
  const header: Header = new Map();
  const trimmed = names.map((n) => n.replace(/^\uFEFF/, '').trim());
  trimmed.forEach((name, i) => {
    const column = byName.get(name.toLowerCase());
    if (column) header.set(column, [...(header.get(column) ?? []), i]);
  });
  if (!header.has('key')) {
    const found = trimmed
      .slice(0, 8)
      .map((n) => quote(n))
      .join(', ');
    throw new ImportFileError(
      file,
      `not a Jira CSV export: no "Issue key" column (first columns: ${found}${trimmed.length > 8 ? ', …' : ''})`,
    );
  }
  const missing = REQUIRED_JIRA_COLUMNS.filter((c) => !header.has(c)).map((c) => `"${JIRA_COLUMNS[c]}"`);
  if (missing.length > 0) {
    throw new ImportFileError(
      file,
      `missing required Jira CSV column${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    );
  }
  return { header, names: trimmed };
}

async function* texts(chunks: AsyncIterable<Chunk>): AsyncGenerator<string> {
  for await (const chunk of chunks) if (chunk.text !== '') yield chunk.text;
}

function isInfoRecord(
  value: unknown,
): value is { record: string[]; info: { lines: number; empty_lines: number } } {
  return typeof value === 'object' && value !== null && 'record' in value && 'info' in value;
}

/**
 * Streams a Jira CSV export. Records are numbered from 1, header excluded. Columns other than
 * JIRA_COLUMNS (custom fields, watchers, sprints…) are ignored; a record too large for `maxRecordBytes`
 * is a file error because a CSV parser cannot resynchronise after an unbounded quoted field.
 */
export async function* readJiraCsv(
  chunks: AsyncIterable<Chunk>,
  ctx: { file: string; source: string; timeZone: string; maxRecordBytes: number },
): AsyncGenerator<JiraRow> {
  const parser = parse({
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    bom: true,
    max_record_size: ctx.maxRecordBytes,
  });
  pipeline(Readable.from(texts(chunks)), parser, () => {});
  let header: Header | null = null;
  let names: string[] = [];
  let index = 0;
  let prevEnd = 0;
  let prevEmpty = 0;
  try {
    for await (const item of parser) {
      if (!isInfoRecord(item)) continue;
      const startLine = prevEnd + 1 + (item.info.empty_lines - prevEmpty);
      const endLine = item.info.lines;
      prevEnd = endLine;
      prevEmpty = item.info.empty_lines;
      if (header === null) {
        ({ header, names } = readHeader(ctx.file, item.record));
        continue;
      }
      index++;
      const where = `record ${index} (line${endLine > startLine ? `s ${startLine}-${endLine}` : ` ${startLine}`})`;
      yield { index, where, result: mapJiraRow(item.record, header, names, ctx) };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const at: unknown = error.lines;
      const line = typeof at === 'number' ? at : prevEnd + 1;
      const problem =
        error.code === 'CSV_MAX_RECORD_SIZE'
          ? `the record at line ${line} is larger than the ${formatBytes(ctx.maxRecordBytes)} record limit`
          : `malformed CSV: ${error.message}`;
      throw new ImportFileError(ctx.file, problem);
    }
    throw error;
  }
  if (header === null) throw new ImportFileError(ctx.file, 'empty file');
}

/** One CSV record → Ticket; problems are named by column (`Created: invalid date …`). */
export function mapJiraRow(
  record: readonly string[],
  header: Header,
  names: readonly string[],
  ctx: { source: string; timeZone: string },
): JiraRow['result'] {
  const all = (column: Column): string[] =>
    (header.get(column) ?? []).map((i) => record[i]?.trim() ?? '').filter((v) => v !== '');
  const one = (column: Column): string | null => all(column)[0] ?? null;
  const problems: string[] = [];
  const date = (column: Column, label: string = JIRA_COLUMNS[column]): Date | null => {
    const text = one(column);
    if (text === null) return null;
    const parsed = parseJiraDate(text, ctx.timeZone);
    if (parsed.ok) return parsed.date;
    problems.push(`${label}: ${parsed.message}`);
    return null;
  };

  const key = one('key');
  const title = one('summary');
  const status = one('status');
  if (key === null) problems.push('Issue key: required');
  if (title === null) problems.push('Summary: required');
  if (status === null) problems.push('Status: required');
  if (one('created') === null) problems.push('Created: required');
  const createdAt = date('created');
  const resolvedAt = date('resolved');
  const updatedAt = date('updated');

  const description =
    (header.get('description') ?? []).map((i) => record[i] ?? '').find((v) => v.trim() !== '') ?? '';
  if (description.length * 3 > MAX_DESCRIPTION_BYTES) {
    const bytes = Buffer.byteLength(description, 'utf8');
    if (bytes > MAX_DESCRIPTION_BYTES)
      problems.push(`Description: ${formatBytes(bytes)} exceeds the 1 MiB limit`);
  }

  const categoryText = one('statusCategory');
  const sourceStatusCategory = categoryText ? (STATUS_CATEGORY[categoryText.toLowerCase()] ?? null) : null;

  // seq: synthetic resolution events first, then comments in column order.
  const events: TicketEvent[] = [];
  const resolution = one('resolution');
  // Done now: by Status Category when exported, else by a Resolved date. A Resolved date on a ticket whose
  // category is not done is stale (reopened); without Resolved, Updated is the best bound on done.
  const isDone = sourceStatusCategory === null ? resolvedAt !== null : sourceStatusCategory === 'done';
  const doneAt = isDone ? (resolvedAt ?? updatedAt) : null;
  if (doneAt !== null && status !== null) {
    events.push(event(doneAt, events.length, 'status', JIRA_CSV_PRIOR_STATUS, status, null));
    if (resolution !== null) events.push(event(doneAt, events.length, 'resolution', null, resolution, null));
  }
  all('comment').forEach((cell, i) => {
    const first = cell.indexOf(';');
    const second = first === -1 ? -1 : cell.indexOf(';', first + 1);
    if (second === -1) {
      problems.push(`Comment[${i}]: expected "date;author;body", got ${quote(cell)}`);
      return;
    }
    const at = parseJiraDate(cell.slice(0, first), ctx.timeZone);
    if (!at.ok) {
      problems.push(`Comment[${i}]: ${at.message}`);
      return;
    }
    const author = cell.slice(first + 1, second).trim();
    const e = event(at.date, events.length, 'comment', null, null, author === '' ? null : author);
    events.push({ ...e, public: true });
  });

  if (problems.length > 0 || key === null || title === null || status === null || createdAt === null) {
    const more = problems.length > 3 ? ` (+${problems.length - 3} more)` : '';
    return { ok: false, reason: `${problems.slice(0, 3).join('; ')}${more}` };
  }
  events.sort(compareEvents);

  const raw: Record<string, string | string[]> = {};
  names.forEach((name, i) => {
    const value = record[i];
    if (value === undefined || value === '' || name === '') return;
    const prev = raw[name];
    raw[name] = prev === undefined ? value : [...(Array.isArray(prev) ? prev : [prev]), value];
  });

  return {
    ok: true,
    raw,
    ticket: {
      source: ctx.source,
      key,
      title,
      description,
      type: one('type'),
      priority: one('priority'),
      // Jira labels cannot contain spaces, so one cell may safely hold several.
      labels: all('labels').flatMap((cell) => cell.split(/\s+/)),
      team: one('project') ?? one('components') ?? /^([A-Za-z][A-Za-z0-9_]*)-\d+$/.exec(key)?.[1] ?? null,
      requester: one('reporter'),
      requesterTeam: null,
      assignee: one('assignee'),
      createdAt,
      status,
      sourceStatusCategory,
      url: null,
      events,
    },
  };
}

function event(
  at: Date,
  seq: number,
  kind: TicketEvent['kind'],
  from: string | null,
  to: string | null,
  actor: string | null,
): TicketEvent {
  return { at, seq, kind, from, to, actor, actorIsBot: false, public: null };
}
