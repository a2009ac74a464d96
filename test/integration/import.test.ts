import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { analyze } from '../../lib/analysis/analyze';
import { decodeCursor, getTicketExportPage, streamTicketExports } from '../../lib/analysis/export-tickets';
import type { TicketExport } from '../../lib/analysis/ticket-export';
import { defaultConfig } from '../../lib/config';
import { importFile } from '../../lib/ingest/import-file';
import { testDatabases, useTestDatabase } from '../support/databases';

const config = defaultConfig();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'toilscope-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

function ticket(key: string, overrides: Record<string, unknown> = {}) {
  return {
    source: 'sd',
    key,
    title: `Create repo ${key.toLowerCase()}`,
    requester: 'alice',
    createdAt: '2025-03-03T09:00:00Z',
    status: 'Done',
    events: [
      { at: '2025-03-03T10:00:00Z', type: 'status', from: 'Open', to: 'In Progress', actor: 'bob' },
      { at: '2025-03-03T10:05:00Z', type: 'assignee', from: null, to: 'bob' },
      { at: '2025-03-03T10:30:00Z', type: 'comment', actor: 'bob', public: true },
      { at: '2025-03-03T12:00:00Z', type: 'status', from: 'In Progress', to: 'Done', actor: 'bob' },
    ],
    ...overrides,
  };
}

const ndjson = (records: unknown[]) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

async function exportAll(database: ReturnType<ReturnType<typeof useTestDatabase>>): Promise<TicketExport[]> {
  const rows: TicketExport[] = [];
  for await (const page of streamTicketExports(database, {
    config,
    asOf: new Date('2025-06-01T00:00:00Z'),
  })) {
    rows.push(...page);
  }
  return rows;
}

describe.each(testDatabases())('import on $name', (target) => {
  const db = useTestDatabase(target);
  const counts = async () => {
    const [row] = await db().sql<{ tickets: number; events: number }[]>`
      select (select count(*)::int from tickets) as tickets, (select count(*)::int from ticket_events) as events`;
    return row;
  };

  test('loads canonical NDJSON and derives exact metrics', async () => {
    const path = await file(
      'good.ndjson',
      ndjson([ticket('OPS-1'), ticket('OPS-2', { status: 'In Progress' })]),
    );
    // OPS-2 claims status "In Progress" but its history ends in Done; history wins for metrics.
    const summary = await importFile(db(), { path, statusMap: config.statusMap });
    expect(summary).toMatchObject({ loaded: 2, rejectedTotal: 0 });
    expect(await counts()).toEqual({ tickets: 2, events: 8 });
    await analyze(db(), { config, asOf: new Date('2025-06-01T00:00:00Z') });
    const [one] = (await exportAll(db())).filter((t) => t.key === 'OPS-1');
    // created 09:00, In Progress 10:00, Done 12:00: lead 3 h, queue 1 h, active 2 h, efficiency 2/3.
    expect(one).toMatchObject({
      source: 'sd',
      key: 'OPS-1',
      status: 'Done',
      statusCategory: 'done',
      createdAt: '2025-03-03T09:00:00.000Z',
      firstResolvedAt: '2025-03-03T12:00:00.000Z',
      resolvedAt: '2025-03-03T12:00:00.000Z',
      leadTimeFirstHours: 3,
      leadTimeFinalHours: 3,
      cycleTimeHours: 2,
      queueHours: 1,
      waitingHours: 0,
      activeHours: 2,
      timeToFirstResponseHours: 1.5,
      timeToAssignHours: 1.083333333, // 65 min
      timeToTriageHours: null,
      reopenCount: 0,
      clusterId: null,
      slo: [],
    });
    expect(one?.flowEfficiency).toBeCloseTo(2 / 3, 9);
    const [metrics] = await db().sql<{ n: number }[]>`select count(*)::int as n from ticket_metrics`;
    expect(metrics?.n).toBe(2);
  });

  test('re-importing a ticket replaces it and its history, never duplicates', async () => {
    const path = await file(
      'again.ndjson',
      ndjson([ticket('OPS-1', { title: 'Create repo payments-api (renamed)', events: [], status: 'Open' })]),
    );
    await importFile(db(), { path, statusMap: config.statusMap });
    expect(await counts()).toEqual({ tickets: 2, events: 4 });
    const [row] = await db().sql<
      { title: string; status: string }[]
    >`select title, status from tickets where key = 'OPS-1'`;
    expect(row).toEqual({ title: 'Create repo payments-api (renamed)', status: 'Open' });
  });

  test('bad records are reported with their line while the good ones load', async () => {
    const lines = [
      JSON.stringify(ticket('OPS-10')),
      '{"key": "OPS-11", "title": broken json',
      JSON.stringify(ticket('OPS-12', { createdAt: undefined })),
      JSON.stringify(ticket('OPS-13', { createdAt: '2025-13-40T00:00:00Z' })),
      JSON.stringify(ticket('OPS-10')),
      JSON.stringify(ticket('OPS-14')),
    ];
    const path = await file('mixed.ndjson', `${lines.join('\n')}\n`);
    const summary = await importFile(db(), { path, statusMap: config.statusMap });
    expect(summary.loaded).toBe(2);
    expect(summary.rejected.map((r) => r.index)).toEqual([2, 3, 4, 5]);
    expect(summary.rejected[1]?.reason).toMatch(/createdAt/);
    expect(summary.rejected[2]?.reason).toMatch(/invalid date/);
    expect(summary.rejected[3]?.reason).toMatch(/duplicate/);
    const keys = await db().sql<{ key: string }[]>`select key from tickets order by key`;
    expect(keys.map((k) => k.key)).toEqual(['OPS-1', 'OPS-10', 'OPS-14', 'OPS-2']);
  });

  test.each([
    ['a malformed JSON array', 'broken.json', `[${JSON.stringify(ticket('OPS-20'))}, {"key": ]`],
    [
      'non-UTF-8 bytes',
      'latin1.ndjson',
      Buffer.concat([Buffer.from(ndjson([ticket('OPS-21')])), Buffer.from([0x7b, 0xe9, 0x7d, 0x0a])]),
    ],
    ['a CSV that is not a Jira export', 'other.csv', 'Name,Value\nx,1\n'],
    ['an empty file', 'empty.ndjson', ''],
  ])('%s fails the whole file and keeps what was stored', async (_label, name, content) => {
    const before = await db().sql`select id, title, status from tickets order by id`;
    const eventsBefore = await counts();
    const path = await file(name, content);
    await expect(importFile(db(), { path, statusMap: config.statusMap })).rejects.toThrow(name);
    expect(await db().sql`select id, title, status from tickets order by id`).toEqual(before);
    expect(await counts()).toEqual(eventsBefore);
    const [run] = await db().sql<{ status: string; error: string }[]>`
      select status, error from sync_runs order by id desc limit 1`;
    expect(run?.status).toBe('failed');
    expect(run?.error).toContain(name);
  });

  test('a Jira CSV export loads with lead time from Created to Resolved', async () => {
    const csv = [
      'Summary,Issue key,Issue id,Issue Type,Status,Priority,Assignee,Reporter,Created,Resolved,Labels,Labels',
      'Add CI secret for payments,SUP-7,10007,Service Request,Done,P3,bob,alice,03/Mar/25 9:00 AM,03/Mar/25 3:30 PM,ci,secrets',
      'Provision Postgres for search,SUP-8,10008,Service Request,In Progress,P2,carol,dan,04/Mar/25 10:00 AM,,db,',
    ].join('\n');
    const path = await file('jira.csv', `${csv}\n`);
    const summary = await importFile(db(), { path, statusMap: config.statusMap });
    expect(summary).toMatchObject({ loaded: 2, rejectedTotal: 0 });
    await analyze(db(), { config, asOf: new Date('2025-03-05T10:00:00Z') });
    const rows = (await exportAll(db())).filter((t) => t.source === 'jira');
    const done = rows.find((t) => t.key === 'SUP-7');
    const open = rows.find((t) => t.key === 'SUP-8');
    expect(done).toMatchObject({ statusCategory: 'done', leadTimeFirstHours: 6.5 });
    expect(open).toMatchObject({ statusCategory: 'active', leadTimeFirstHours: null, resolvedAt: null });
    const [labels] = await db().sql<{ labels: string[] }[]>`select labels from tickets where key = 'SUP-7'`;
    expect(labels?.labels).toEqual(['ci', 'secrets']);
  });

  test('the API page walks every ticket once with a stable cursor and filters', async () => {
    const asOf = new Date('2025-06-01T00:00:00Z');
    const all = await exportAll(db());
    const seen: string[] = [];
    let afterId: string | undefined;
    for (let guard = 0; guard < 20; guard++) {
      const page = await getTicketExportPage(db(), { config, asOf, limit: 2, afterId });
      expect(page.total).toBe(all.length);
      seen.push(...page.items.map((t) => t.key));
      if (!page.nextCursor) break;
      afterId = decodeCursor(page.nextCursor) ?? undefined;
    }
    expect(seen.sort()).toEqual(all.map((t) => t.key).sort());
    const jira = await getTicketExportPage(db(), { config, asOf, limit: 100, filter: { source: 'jira' } });
    expect(jira.items.map((t) => t.key).sort()).toEqual(['SUP-7', 'SUP-8']);
    expect(jira).toMatchObject({ total: 2, nextCursor: null });
  });
});
