import { describe, expect, it } from 'vitest';
import { testDatabases, useTestDatabase } from '../test/support/databases';
import { type BulkColumn, bulkInsert } from './bulk-copy';

const COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'int' },
  { name: 'label', type: 'text' },
  { name: 'ratio', type: 'float' },
  { name: 'flag', type: 'bool' },
  { name: 'at', type: 'timestamptz' },
  { name: 'tags', type: 'text[]' },
  { name: 'doc', type: 'jsonb' },
];

// Every character the COPY text format and array literals treat specially.
const AWKWARD = 'tab\there\nnewline\r\\back"quote,comma{brace} \\N';

describe.each(testDatabases())('bulkInsert on $name', (target) => {
  const database = useTestDatabase(target);

  it('round-trips every type, nulls and awkward text exactly', async () => {
    const { sql, kind } = database();
    await sql`create table bulk_probe (id integer, label text, ratio double precision, flag boolean,
      at timestamptz, tags text[], doc jsonb)`;
    const rows = [
      [
        1,
        AWKWARD,
        0.1 + 0.2,
        true,
        new Date('2026-03-08T07:00:00.123Z'),
        [AWKWARD, null, ''],
        { a: AWKWARD },
      ],
      [2, null, null, false, null, [], null],
      [3, '', -1e-300, null, '2026-01-01T00:00:00Z', ['x'], '{"b":1}'],
    ];
    const written = await bulkInsert(sql, kind, 'bulk_probe', COLUMNS, rows);
    expect(written).toBe(3);
    // array_to_json: postgres-js parses a NULL array element as the string 'NULL'.
    const back = await sql<
      {
        id: number;
        label: string | null;
        ratio: number | null;
        flag: boolean | null;
        at: string | null;
        tags: (string | null)[];
        doc: unknown;
      }[]
    >`select id, label, ratio, flag, at::text as at, array_to_json(tags) as tags, doc from bulk_probe order by id`;
    expect(back.map((r) => ({ ...r, at: r.at === null ? null : new Date(r.at).toISOString() }))).toEqual([
      {
        id: 1,
        label: AWKWARD,
        ratio: 0.1 + 0.2,
        flag: true,
        at: '2026-03-08T07:00:00.123Z',
        tags: [AWKWARD, null, ''],
        doc: { a: AWKWARD },
      },
      { id: 2, label: null, ratio: null, flag: false, at: null, tags: [], doc: null },
      {
        id: 3,
        label: '',
        ratio: -1e-300,
        flag: null,
        at: '2026-01-01T00:00:00.000Z',
        tags: ['x'],
        doc: { b: 1 },
      },
    ]);
  });

  it('is part of the surrounding transaction (a rollback leaves nothing)', async () => {
    const { sql, kind } = database();
    await sql`create table bulk_tx (id integer)`;
    await expect(
      sql.begin(async (tx) => {
        await bulkInsert(tx, kind, 'bulk_tx', [{ name: 'id', type: 'int' }], [[1], [2]]);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from bulk_tx`;
    expect(row?.n).toBe(0);
  });

  it('writes many rows in several statements', async () => {
    const { sql, kind } = database();
    await sql`create table bulk_many (id integer primary key, label text)`;
    const rows = Array.from({ length: 12_345 }, (_, i) => [i, `t${i}`]);
    await bulkInsert(
      sql,
      kind,
      'bulk_many',
      [
        { name: 'id', type: 'int' },
        { name: 'label', type: 'text' },
      ],
      rows,
    );
    const [row] = await sql<
      { n: number; s: number }[]
    >`select count(*)::int as n, sum(id)::int as s from bulk_many`;
    expect(row).toEqual({ n: 12_345, s: (12_344 * 12_345) / 2 });
  });
});
