import type postgres from 'postgres';

/** Column types the bulk writer understands; each is sent as text and cast by the server. */
export type BulkType = 'text' | 'int' | 'float' | 'bool' | 'timestamptz' | 'text[]' | 'jsonb';

export interface BulkColumn {
  name: string;
  type: BulkType;
}

export type BulkValue =
  | string
  | number
  | boolean
  | Date
  | null
  | undefined
  | readonly (string | null)[]
  | object;

type AnySql = postgres.Sql | postgres.TransactionSql | postgres.ReservedSql;

// Rows per unnest statement on PGlite: big enough to amortise the round trip, small enough that the
// parameter text stays a few MB.
const UNNEST_ROWS = 5000;

/**
 * Append rows to a table as fast as the database allows: COPY … FROM STDIN on PostgreSQL, one
 * `insert … select from unnest(text arrays)` per few thousand rows on PGlite (its socket server does
 * not speak the COPY sub-protocol). Runs on the given connection, so inside a transaction it is part of it.
 */
export async function bulkInsert(
  sql: AnySql,
  kind: 'pglite' | 'postgres',
  table: string,
  columns: readonly BulkColumn[],
  rows: Iterable<readonly BulkValue[]>,
): Promise<number> {
  return kind === 'postgres' ? copyInto(sql, table, columns, rows) : unnestInto(sql, table, columns, rows);
}

async function copyInto(
  sql: AnySql,
  table: string,
  columns: readonly BulkColumn[],
  rows: Iterable<readonly BulkValue[]>,
): Promise<number> {
  const names = columns.map((c) => c.name);
  const stream = await sql`copy ${sql(table)} (${sql(names)}) from stdin`.writable();
  let count = 0;
  let chunk = '';
  const flush = async () => {
    if (chunk.length === 0) return;
    const ok = stream.write(chunk);
    chunk = '';
    if (!ok) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  };
  try {
    for (const row of rows) {
      let line = '';
      for (let i = 0; i < columns.length; i++) {
        if (i > 0) line += '\t';
        line += copyField(row[i], (columns[i] as BulkColumn).type);
      }
      chunk += `${line}\n`;
      count++;
      if (chunk.length > 1 << 18) await flush();
    }
    await flush();
  } catch (error) {
    stream.destroy(error as Error);
    throw error;
  }
  await new Promise<void>((resolve, reject) => {
    stream.once('error', reject);
    stream.once('finish', () => resolve());
    stream.end();
  });
  return count;
}

async function unnestInto(
  sql: AnySql,
  table: string,
  columns: readonly BulkColumn[],
  rows: Iterable<readonly BulkValue[]>,
): Promise<number> {
  const plan = unnestPlan(table, columns);
  const statement = `${plan.head}${columns.map((_, i) => `$${i + 1}::text[]`).join(', ')}${plan.tail}`;
  let count = 0;
  for (const params of unnestChunks(columns, rows, UNNEST_ROWS)) {
    await sql.unsafe(statement, params);
    count += params.rows;
  }
  return count;
}

/**
 * `insert into t (cols) select casts from unnest(` + one `text[]` parameter per column + `) as u(…)`:
 * the caller puts the parameters between head and tail (and may append an ON CONFLICT clause).
 */
export function unnestPlan(table: string, columns: readonly BulkColumn[]): { head: string; tail: string } {
  const names = columns.map((c) => quoteIdent(c.name)).join(', ');
  const casts = columns.map((c, i) => `u.c${i}::${SQL_TYPE[c.type]}`).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  return {
    head: `insert into ${quoteIdent(table)} (${names}) select ${casts} from unnest(`,
    tail: `) as u(${aliases})`,
  };
}

const SQL_TYPE: Record<BulkType, string> = {
  text: 'text',
  int: 'integer',
  float: 'double precision',
  bool: 'boolean',
  timestamptz: 'timestamptz',
  'text[]': 'text[]',
  jsonb: 'jsonb',
};

/** Rows regrouped per column as text-array literals, `size` rows at a time. */
export function* unnestChunks(
  columns: readonly BulkColumn[],
  rows: Iterable<readonly BulkValue[]>,
  size: number,
): Generator<string[] & { rows: number }> {
  let buffers: (string | null)[][] = columns.map(() => []);
  let n = 0;
  const emit = () => {
    const params = Object.assign(buffers.map(pgArrayLiteral), { rows: n });
    buffers = columns.map(() => []);
    n = 0;
    return params;
  };
  for (const row of rows) {
    for (let i = 0; i < columns.length; i++) {
      (buffers[i] as (string | null)[]).push(textOf(row[i], (columns[i] as BulkColumn).type));
    }
    n++;
    if (n >= size) yield emit();
  }
  if (n > 0) yield emit();
}

function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A value's text form as the server's input function reads it (null stays null). */
function textOf(value: BulkValue, type: BulkType): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (type === 'bool') return value ? 't' : 'f';
  if (type === 'text[]') return pgArrayLiteral(value as readonly (string | null)[]);
  if (type === 'jsonb') return typeof value === 'string' ? value : JSON.stringify(value);
  return String(value);
}

const COPY_SPECIALS = /[\\\n\r\t]/;

function copyField(value: BulkValue, type: BulkType): string {
  const text = textOf(value, type);
  if (text === null) return '\\N';
  if (!COPY_SPECIALS.test(text)) return text;
  return text.replace(/[\\\n\r\t]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t',
  );
}

/** `{"a","b",NULL}`: every element quoted, so commas, braces and spaces need no special cases. */
function pgArrayLiteral(values: readonly (string | null)[]): string {
  return `{${values.map((v) => (v === null ? 'NULL' : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`)).join(',')}}`;
}

/**
 * The postgres-js connection under a drizzle database or transaction, so bulk writes join the
 * transaction drizzle opened. drizzle keeps it as `session.client`.
 */
export function rawClientOf(db: object): postgres.Sql | postgres.TransactionSql {
  const client = (db as { session?: { client?: unknown } }).session?.client;
  if (typeof client !== 'function' || typeof (client as { unsafe?: unknown }).unsafe !== 'function') {
    throw new Error('rawClientOf: not a drizzle postgres-js database or transaction');
  }
  return client as postgres.TransactionSql;
}
