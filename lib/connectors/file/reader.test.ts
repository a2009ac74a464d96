import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Ticket, TicketEvent } from '../../domain/ticket';
import { ImportFileError } from './errors';
import { type ImportItem, type ReadImportOptions, readImportFile } from './reader';

const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toilscope-file-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let counter = 0;
async function tmpFile(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, `${counter++}-${name}`);
  await writeFile(path, content);
  return path;
}

async function collect(path: string, opts?: ReadImportOptions): Promise<ImportItem[]> {
  const items: ImportItem[] = [];
  for await (const item of readImportFile(path, opts)) items.push(item);
  return items;
}

const ev = (
  at: string,
  seq: number,
  kind: TicketEvent['kind'],
  rest: Partial<TicketEvent> = {},
): TicketEvent => ({
  at: new Date(at),
  seq,
  kind,
  from: null,
  to: null,
  actor: null,
  actorIsBot: false,
  public: null,
  ...rest,
});

const base = {
  description: '',
  type: null,
  priority: null,
  labels: [],
  team: null,
  requester: null,
  requesterTeam: null,
  assignee: null,
  sourceStatusCategory: null,
  url: null,
  events: [],
} satisfies Partial<Ticket>;

const CANONICAL: Ticket[] = [
  {
    ...base,
    source: 'servicedesk',
    key: 'OPS-1',
    title: 'Create repo payments-api',
    description: 'Please create a repo.',
    type: 'Service Request',
    priority: 'P3',
    labels: ['repo'],
    team: 'platform',
    requester: 'alice',
    requesterTeam: 'payments',
    assignee: 'bob',
    createdAt: new Date('2025-03-03T09:00:00Z'),
    status: 'Done',
    url: 'https://sd.example.com/OPS-1',
    // Given out of order in the file: sorted by instant, then by position (seq).
    events: [
      ev('2025-03-03T09:05:00Z', 2, 'assignee', { to: 'bob' }),
      ev('2025-03-03T10:00:00Z', 1, 'status', { from: 'Open', to: 'In Progress', actor: 'bob' }),
      ev('2025-03-03T10:06:00Z', 3, 'comment', { actor: 'bob', public: true }),
      ev('2025-03-03T10:06:00Z', 4, 'comment', { actor: 'ci-bot', public: false, actorIsBot: true }),
      ev('2025-03-03T12:00:00Z', 0, 'status', { from: 'In Progress', to: 'Done', actor: 'bob' }),
    ],
  },
  {
    ...base,
    source: 'file',
    key: 'OPS-2',
    title: 'VPN access for new joiner',
    createdAt: new Date('2025-03-04T13:30:00.250Z'),
    status: 'Waiting for customer', // no status field: the last status event's `to`
    events: [
      ev('2025-03-04T13:00:00Z', 1, 'comment', { actor: 'carol', public: true }),
      ev('2025-03-04T14:00:00Z', 0, 'status', { from: 'Open', to: 'Waiting for customer' }),
    ],
  },
  {
    ...base,
    source: 'file',
    key: 'OPS-3',
    title: 'Add secret to CI',
    createdAt: new Date('2025-03-05T09:00:00Z'),
    status: 'Open',
  },
];

describe('good files round-trip', () => {
  test('NDJSON: index is the 1-based line number (blank lines count)', async () => {
    const items = await collect(fixture('canonical.ndjson'));
    expect(items.map((i) => i.index)).toEqual([1, 3, 4]);
    expect(items.map((i) => (i.ok ? i.ticket : i.reason))).toEqual(CANONICAL);
  });

  test('JSON array: index is the 0-based element', async () => {
    const items = await collect(fixture('canonical.json'));
    expect(items.map((i) => i.index)).toEqual([0, 1, 2]);
    expect(items.map((i) => (i.ok ? i.ticket : i.reason))).toEqual(CANONICAL);
  });

  test('opts.source is the default source; a record naming its own keeps it', async () => {
    const items = await collect(fixture('canonical.ndjson'), { source: 'legacy-sd' });
    expect(items.map((i) => i.ok && i.ticket.source)).toEqual(['servicedesk', 'legacy-sd', 'legacy-sd']);
  });

  test.each(['canonical.ndjson', 'canonical.json', 'jira-export.csv'])(
    'a consumer may stop early (%s)',
    async (name) => {
      for await (const item of readImportFile(fixture(name))) {
        expect(item.ok).toBe(true);
        break;
      }
    },
  );

  test('the raw record is kept next to the ticket', async () => {
    const [first] = await collect(fixture('canonical.ndjson'));
    expect(first?.ok && first.raw).toMatchObject({ someExtraField: { nested: [1, 2, 3] } });
  });

  test('Jira CSV export (New York wall-clock dates, repeated columns, multi-line fields, BOM)', async () => {
    const items = await collect(fixture('jira-export.csv'), { timeZone: 'America/New_York' });
    const jira = { ...base, source: 'jira', team: 'OPS' };
    expect(items.map((i) => (i.ok ? i.ticket : i.reason))).toEqual([
      {
        ...jira,
        key: 'OPS-101',
        title: 'Create repo payments-api',
        description: 'Please create a repo\nfor the "payments" team, with CI.',
        type: 'Service Request',
        priority: 'Medium',
        labels: ['repo', 'github'],
        requester: 'alice',
        assignee: 'bob',
        createdAt: new Date('2025-03-03T14:00:00Z'),
        status: 'Done',
        sourceStatusCategory: 'done',
        events: [
          ev('2025-03-03T15:06:00Z', 2, 'comment', { actor: 'bob', public: true }),
          ev('2025-03-03T17:29:00Z', 3, 'comment', { actor: 'bob', public: true }),
          ev('2025-03-03T17:30:00Z', 0, 'status', { from: 'Open', to: 'Done' }),
          ev('2025-03-03T17:30:00Z', 1, 'resolution', { to: 'Done' }),
        ],
      },
      {
        ...jira,
        key: 'OPS-102',
        title: 'VPN access for new joiner',
        type: 'Service Request',
        priority: 'High',
        labels: ['vpn'],
        requester: 'dave',
        assignee: 'carol',
        createdAt: new Date('2025-03-05T01:30:00Z'),
        status: 'In Progress',
        sourceStatusCategory: 'active',
      },
      {
        // No Project key: team from the key's prefix. Done category without Resolved: Updated stands in.
        ...jira,
        key: 'OPS-103',
        title: 'Add secret to CI',
        type: 'Task',
        priority: 'Low',
        requester: 'erin',
        createdAt: new Date('2025-03-11T03:45:00Z'),
        status: 'Closed',
        sourceStatusCategory: 'done',
        events: [
          ev('2025-03-11T13:00:00Z', 0, 'status', { from: 'Open', to: 'Closed' }),
          ev('2025-03-11T13:00:00Z', 1, 'resolution', { to: "Won't Do" }),
        ],
      },
      'record 4 (line 8): Created: invalid date "32/Jan/25 9:00 AM" (expected e.g. "15/Jan/24 9:30 AM", "2024-01-15 09:30" or ISO-8601 with an offset)',
      'record 5 (line 9): Summary: required; Comment[0]: expected "date;author;body", got "bad comment without separators"',
    ]);
    expect(items.map((i) => i.index)).toEqual([1, 2, 3, 4, 5]);
    const first = items[0];
    expect(first?.ok && first.raw).toMatchObject({
      Created: '03/Mar/25 9:00 AM',
      Labels: ['repo', 'github'],
    });
  });
});

const GOOD = {
  key: 'K-1',
  title: 'Create repo',
  createdAt: '2025-03-03T09:00:00Z',
  status: 'Open',
  events: [
    { at: '2025-03-03T10:00:00Z', type: 'status', from: 'Open', to: 'In Progress' },
    { at: '2025-03-03T11:00:00Z', type: 'comment', actor: 'bob' },
    { at: '2025-03-03T12:00:00Z', type: 'status', from: 'In Progress', to: 'Open' },
  ],
};
const without = (field: string) => Object.fromEntries(Object.entries(GOOD).filter(([k]) => k !== field));
const withEvent = (i: number, patch: Record<string, unknown>) => ({
  ...GOOD,
  events: GOOD.events.map((e, j) => (j === i ? { ...e, ...patch } : e)),
});

describe('per-record faults: reported with their line, the good records still load', () => {
  test.each<[string, string, RegExp]>([
    ['malformed JSON', '{"key": "K-1", "title": ', /^line 2: malformed JSON: /],
    ['not an object', '[1, 2]', /^line 2: expected a JSON object, got an array$/],
    ['missing createdAt', JSON.stringify(without('createdAt')), /^line 2: createdAt: required$/],
    ['missing key', JSON.stringify(without('key')), /^line 2: key: required$/],
    ['missing title', JSON.stringify(without('title')), /^line 2: title: required$/],
    ['blank title', JSON.stringify({ ...GOOD, title: '  ' }), /^line 2: title: must not be empty$/],
    ['key not a string', JSON.stringify({ ...GOOD, key: 7 }), /^line 2: key: expected string, got number 7$/],
    [
      'impossible date',
      JSON.stringify({ ...GOOD, createdAt: '2025-13-40' }),
      /^line 2: createdAt: invalid date "2025-13-40"/,
    ],
    [
      '"yesterday"',
      JSON.stringify({ ...GOOD, createdAt: 'yesterday' }),
      /^line 2: createdAt: invalid date "yesterday"/,
    ],
    [
      'date without an offset',
      JSON.stringify({ ...GOOD, createdAt: '2025-03-03T09:00:00' }),
      /^line 2: createdAt: date "2025-03-03T09:00:00" has no UTC offset/,
    ],
    [
      'invalid event date',
      JSON.stringify(withEvent(2, { at: '2025-02-30T10:00:00Z' })),
      /^line 2: events\[2\]\.at: invalid date "2025-02-30T10:00:00Z"/,
    ],
    [
      'unknown event type',
      JSON.stringify(withEvent(1, { type: 'reaction' })),
      /^line 2: events\[1\]\.type: unknown event type "reaction" \(expected status\|assignee\|comment\|label\|priority\|resolution\|link\)$/,
    ],
    [
      'status event without to',
      JSON.stringify(withEvent(0, { to: null })),
      /^line 2: events\[0\]\.to: required for a status event$/,
    ],
    [
      'label not a string',
      JSON.stringify({ ...GOOD, labels: ['a', 3] }),
      /^line 2: labels\[1\]: expected string, got number 3$/,
    ],
    [
      'no status anywhere',
      JSON.stringify({ ...without('status'), events: [] }),
      /^line 2: status: required \(no status field and no status events\)$/,
    ],
    [
      'description over 1 MiB',
      JSON.stringify({ ...GOOD, description: 'x'.repeat(1.5 * 1024 * 1024) }),
      /^line 2: description: 1\.5 MiB \(1572864 bytes\) exceeds the 1 MiB limit$/,
    ],
    [
      'several faults in one line',
      JSON.stringify({ title: 5, createdAt: 'soon', events: 'none', labels: {} }),
      /^line 2: key: required; title: expected string, got number 5; labels: expected array, got an object \(\+2 more\)$/,
    ],
  ])('%s', async (_name, badLine, reason) => {
    const good2 = JSON.stringify({ ...GOOD, key: 'K-2' });
    const path = await tmpFile('bad.ndjson', `${JSON.stringify(GOOD)}\n${badLine}\n${good2}\n`);
    const items = await collect(path);
    expect(items.map((i) => i.ok)).toEqual([true, false, true]);
    const bad = items[1];
    expect(bad?.index).toBe(2);
    expect(bad && !bad.ok && bad.reason).toMatch(reason);
  });

  test('unknown fields are ignored, whatever their names', async () => {
    const line = `{"__proto__":{"polluted":1},"constructor":null,"events":null,"x":[{}],${JSON.stringify(GOOD).slice(1)}`;
    const [item] = await collect(await tmpFile('extra.ndjson', line));
    expect(item?.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test('a repeated (source, key) is reported against the first, which is kept', async () => {
    const lines = [
      { ...GOOD, title: 'first' },
      { ...GOOD, key: 'K-2' },
      { ...GOOD, title: 'second' },
      { ...GOOD, source: 'other', title: 'other source' },
    ];
    const items = await collect(await tmpFile('dup.ndjson', lines.map((l) => JSON.stringify(l)).join('\n')));
    expect(items.map((i) => (i.ok ? i.ticket.title : i.reason))).toEqual([
      'first',
      'Create repo',
      'line 3: duplicate of "K-1" (source "file") first seen at line 1; kept the first',
      'other source',
    ]);
  });

  test('duplicates in a JSON array name the element', async () => {
    const items = await collect(await tmpFile('dup.json', JSON.stringify([GOOD, GOOD])));
    expect(items[1]).toEqual({
      ok: false,
      index: 1,
      reason: 'element 1: duplicate of "K-1" (source "file") first seen at element 0; kept the first',
    });
  });

  test('an oversized JSON array element is skipped and the rest still load', async () => {
    const big = { ...GOOD, key: 'K-2', description: 'y'.repeat(5000) };
    const path = await tmpFile('big.json', JSON.stringify([GOOD, big, { ...GOOD, key: 'K-3' }, 42]));
    const items = await collect(path, { maxRecordBytes: 4096 });
    expect(items.map((i) => (i.ok ? i.ticket.key : i.reason))).toEqual([
      'K-1',
      expect.stringMatching(
        /^element 1: element is 0\.0 MiB \(5\d{3} bytes\), over the 0\.0 MiB \(4096 bytes\) record limit; skipped$/,
      ),
      'K-3',
      'element 3: expected a JSON object, got number',
    ]);
  });

  test('a JSON array with nested brackets and escapes inside strings', async () => {
    const tricky = { ...GOOD, title: 'a ] } [ { " \\ , title', description: '\\"]' };
    const items = await collect(
      await tmpFile(
        'tricky.json',
        ` \n[\n${JSON.stringify(tricky)} , ${JSON.stringify({ ...GOOD, key: 'K-2' })}]\n`,
      ),
    );
    expect(items.map((i) => i.ok && i.ticket.title)).toEqual([tricky.title, 'Create repo']);
  });

  test('CSV rows with faults name the record and column', async () => {
    const csv = [
      'Issue key,Summary,Status,Created,Resolved,Comment',
      'A-1,ok,Open,2024-01-15 09:30,,',
      ',no key,Open,2024-01-15 09:30,,',
      'A-3,bad resolved,Done,2024-01-15 09:30,tomorrow,',
      'A-4,bad comment date,Open,2024-01-15 09:30,,"someday;bob;hi"',
    ].join('\r\n');
    const items = await collect(await tmpFile('rows.csv', csv));
    expect(items.map((i) => (i.ok ? i.ticket.key : i.reason))).toEqual([
      'A-1',
      'record 2 (line 3): Issue key: required',
      expect.stringMatching(/^record 3 \(line 4\): Resolved: invalid date "tomorrow"/),
      expect.stringMatching(/^record 4 \(line 5\): Comment\[0\]: invalid date "someday"/),
    ]);
  });
});

describe('file-level faults abort the import', () => {
  const ndjson = `${JSON.stringify(GOOD)}\n`;
  test.each<[string, string, string | Uint8Array, RegExp]>([
    ['empty file', 'empty.ndjson', '', /: empty file$/],
    ['blank file', 'blank.json', ' \n\r\n\t', /: empty file$/],
    ['BOM only', 'bom.csv', new Uint8Array([0xef, 0xbb, 0xbf]), /: empty file$/],
    [
      'non-UTF-8 byte',
      'latin1.ndjson',
      Buffer.concat([
        Buffer.from(ndjson),
        Buffer.from('{"key":"caf'),
        Buffer.from([0xe9]),
        Buffer.from('"}\n'),
      ]),
      new RegExp(
        `: not UTF-8: invalid byte 0xe9 at byte offset ${ndjson.length + 11} \\(line 2\\); re-save the file as UTF-8$`,
      ),
    ],
    [
      'truncated UTF-8 at the end',
      'cut.ndjson',
      Buffer.concat([Buffer.from(ndjson), Buffer.from([0xe2, 0x82])]),
      /: not UTF-8: the file ends inside a multi-byte character \(line 2\)/,
    ],
    [
      'overlong encoding',
      'overlong.csv',
      Buffer.from([0x41, 0xc0, 0xaf]),
      /invalid byte 0xc0 at byte offset 1 \(line 1\)/,
    ],
    [
      'missing comma in array',
      'a.json',
      '[{"key":"a"} {"key":"b"}]',
      /: malformed JSON array: expected ',' or ']' after element 0 at byte offset 13 \(line 1\), found '\{'$/,
    ],
    [
      'trailing comma',
      'a.json',
      '[{"key":"a"},\n]',
      /: malformed JSON array: expected an element at byte offset 14 \(line 2\), found '\]'$/,
    ],
    [
      'bad element syntax',
      'a.json',
      '[{"key":"a"},\n {"key": tru}]',
      /: malformed JSON array: element 1 \(byte offset 15, line 2\): /,
    ],
    [
      'truncated array',
      'a.json',
      '[{"key":"a"},{"key":',
      /: truncated JSON array: the file ends inside element 1 \(starting at byte offset 13, line 1\)/,
    ],
    [
      'array without its ]',
      'a.json',
      '[{"key":"a"}\n',
      /: truncated JSON array: the file ends after element 0 without the closing '\]'$/,
    ],
    [
      'data after the array',
      'a.json',
      '[]\n[]',
      /: malformed JSON array: unexpected '\[' after the closing '\]' at byte offset 3 \(line 2\)$/,
    ],
    [
      'one pretty-printed object in .json',
      'one.json',
      '{\n  "key": "a"\n}\n',
      /: not a JSON array and its first line is not a complete JSON object \(NDJSON\)$/,
    ],
    ['not JSON', 'x.json', 'key,title', /: not JSON: expected '\[' \(array\) or '\{' \(NDJSON\), found 'k'$/],
    [
      'unrecognised',
      'x.bin',
      '\u0001\u0002',
      /: unrecognised format: expected a JSON array, NDJSON or a Jira CSV export/,
    ],
    [
      'CSV without Issue key',
      'people.csv',
      'name,age\nbob,3\n',
      /: not a Jira CSV export: no "Issue key" column \(first columns: "name", "age"\)$/,
    ],
    [
      'CSV missing required columns',
      'jira.csv',
      'Issue key,Summary,Custom field (Team)\nA-1,x,y\n',
      /: missing required Jira CSV columns: "Status", "Created"$/,
    ],
    [
      'CSV with an unclosed quote',
      'q.csv',
      'Issue key,Summary,Status,Created\nA-1,"never closed,Open,2024-01-15 09:30\n',
      /: malformed CSV: Quote Not Closed: .* at line 2$/,
    ],
  ])('%s', async (_name, name, content, message) => {
    const path = await tmpFile(name, content);
    const error = await collect(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportFileError);
    expect(error instanceof ImportFileError && error.file).toBe(path);
    expect(error instanceof Error && error.message).toMatch(message);
    expect(error instanceof Error && error.message.startsWith(`${path}: `)).toBe(true);
  });

  test('a missing file', async () => {
    await expect(collect(join(dir, 'nope.ndjson'))).rejects.toThrow(/nope\.ndjson: no such file$/);
  });

  test('an oversized CSV record', async () => {
    const csv = `Issue key,Summary,Status,Created\nA-1,"${'z'.repeat(10_000)}",Open,2024-01-15 09:30\n`;
    await expect(collect(await tmpFile('huge.csv', csv), { maxRecordBytes: 4096 })).rejects.toThrow(
      /huge\.csv: the record at line 2 is larger than the 0\.0 MiB \(4096 bytes\) record limit$/,
    );
  });

  test('an unknown time zone is rejected before reading', async () => {
    await expect(collect(fixture('jira-export.csv'), { timeZone: 'Mars/Olympus' })).rejects.toThrow(
      'timeZone: unknown IANA time zone "Mars/Olympus"',
    );
  });

  test.each([
    ['Resolved, no Status Category', 'Done,,2024-01-16 10:00', [['status', 'Open', 'Done']]],
    ['Resolved on a reopened ticket', 'Reopened,To Do,2024-01-16 10:00', []],
    ['done without Resolved: Updated', 'Closed,Done,', [['status', 'Open', 'Closed']]],
    ['open', 'Open,To Do,', []],
  ])('CSV synthetic status event: %s', async (_name, cells, expected) => {
    const csv = `Issue key,Summary,Created,Updated,Status,Status Category,Resolved\nA-1,x,2024-01-15 09:30,2024-01-17 08:00,${cells}\n`;
    const [item] = await collect(await tmpFile('resolved.csv', csv));
    expect(item?.ok && item.ticket.events.map((e) => [e.kind, e.from, e.to])).toEqual(expected);
  });

  test('extra unknown CSV columns are ignored', async () => {
    const csv =
      'Sprint,Issue key,Summary,Status,Created,Custom field (X),Sprint\n1,A-1,x,Open,2024-01-15 09:30,y,2\n';
    const [item] = await collect(await tmpFile('extra.csv', csv));
    expect(item?.ok && item.ticket.key).toBe('A-1');
  });
});
