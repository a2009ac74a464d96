import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Database } from '../../db/client';
import { streamTicketHistories } from '../../db/queries/ticket-history';
import { loadDemo } from '../../scripts/commands/demo';
import { demoConfig } from '../../scripts/demo-data/generate';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import { loadConfig } from '../config';
import { upsertTickets } from '../ingest/ticket-store';
import { analyze } from './analyze';

const END = new Date('2026-01-01T00:00:00Z');
const LATER = new Date('2026-01-08T00:00:00Z');
const MIGRATIONS = join(import.meta.dirname, '../../db/migrations');
const config = loadConfig(JSON.stringify(demoConfig(END)), 'demo config');

/** Every derived row, without the bookkeeping columns that say when and as of what it was written. */
async function snapshot(database: Database) {
  const { sql } = database;
  const intervals = await sql`select * from ticket_intervals order by ticket_id, ordinal`;
  const metrics = await sql`select * from ticket_metrics order by ticket_id`;
  const cycles = await sql`select * from slo_cycles order by ticket_id, policy, cycle`;
  return {
    intervals: [...intervals],
    metrics: metrics.map(({ derived_at, computed_as_of, ...rest }) => rest),
    cycles: [...cycles],
  };
}

async function derivedIdsSince(database: Database, since: Date): Promise<string[]> {
  const rows = await database.sql<{ ticket_id: string }[]>`
    select ticket_id from ticket_metrics where derived_at >= ${since.toISOString()}::timestamptz order by 1`;
  return rows.map((r) => r.ticket_id);
}

describe.each(testDatabases())('incremental analyze on $name', (target) => {
  const db = useTestDatabase(target);

  test('re-derives only changed and as-of-dependent tickets, and ends where a full run does', async () => {
    const database = db();
    await loadDemo(database, { tickets: 300, seed: 11, endAt: END });
    const first = await analyze(database, { config, asOf: END });
    expect(first).toMatchObject({ mode: 'full', reason: 'no earlier analysis' });
    const [{ total } = { total: 0 }] = await database.sql<{ total: number }[]>`
      select count(*)::int as total from tickets`;
    expect(first.tickets).toBe(total);

    // Nothing changed and the same as-of: nothing to do.
    const idle = await analyze(database, { config, asOf: END });
    expect(idle).toMatchObject({ mode: 'incremental', tickets: 0 });

    // Reopen one resolved ticket whose rows no longer depend on the as-of.
    const [candidate] = await database.sql<{ ticket_id: string }[]>`
      select ticket_id from ticket_metrics where not as_of_sensitive and not is_open order by ticket_id limit 1`;
    if (!candidate) throw new Error('the demo has no resolved ticket');
    const [page] = await streamTicketHistories({
      sql: database.sql,
      filter: { ids: [candidate.ticket_id] },
    })
      .next()
      .then((r) => (r.done ? [] : [r.value]));
    const ticket = page?.[0];
    if (!ticket) throw new Error('ticket vanished');
    const seq = Math.max(...ticket.events.map((e) => e.seq)) + 1;
    const reopened = {
      ...ticket,
      status: 'In Progress',
      events: [
        ...ticket.events,
        {
          at: new Date(END.getTime() - 3_600_000),
          seq,
          kind: 'status' as const,
          from: ticket.status,
          to: 'In Progress',
          actor: 'someone',
          actorIsBot: false,
          public: null,
        },
      ],
    };
    const connectionId = Number(ticket.id.split(':')[1]);
    await database.db.transaction((tx) =>
      upsertTickets(tx, { connectionId, tickets: [reopened], statusMap: config.statusMap }),
    );
    const before = new Date();
    const one = await analyze(database, { config, asOf: END });
    expect(one).toMatchObject({ mode: 'incremental', tickets: 1 });
    expect(await derivedIdsSince(database, before)).toEqual([ticket.id]);
    const [metrics] = await database.sql<{ is_open: boolean; as_of_sensitive: boolean }[]>`
      select is_open, as_of_sensitive from ticket_metrics where ticket_id = ${ticket.id}`;
    expect(metrics).toEqual({ is_open: true, as_of_sensitive: true });

    // A later as-of re-derives exactly the tickets whose rows depend on it.
    const sensitive = await database.sql<{ ticket_id: string }[]>`
      select ticket_id from ticket_metrics where as_of_sensitive order by 1`;
    const laterStart = new Date();
    const later = await analyze(database, { config, asOf: LATER });
    expect(later.mode).toBe('incremental');
    expect(await derivedIdsSince(database, laterStart)).toEqual(sensitive.map((r) => r.ticket_id));
    expect(later.tickets).toBeLessThan(total);

    const incremental = await snapshot(database);
    const full = await analyze(database, { config, asOf: LATER, full: true });
    expect(full).toMatchObject({ mode: 'full', tickets: total });
    expect(await snapshot(database)).toEqual(incremental);
  });

  test('falls back to a full run when the config changes or the as-of goes back', async () => {
    const database = db();
    const changed = loadConfig(JSON.stringify({ ...demoConfig(END), botNames: ['someone-else'] }), 'x');
    expect(await analyze(database, { config: changed, asOf: LATER })).toMatchObject({
      mode: 'full',
      reason: 'the config in force changed since the last analysis',
    });
    expect(await analyze(database, { config: changed, asOf: END })).toMatchObject({
      mode: 'full',
      reason: '--as-of is earlier than the last analysis',
    });
  });

  test('drops the derived rows of a ticket marked deleted', async () => {
    const database = db();
    const [victim] = await database.sql<{ id: string }[]>`select id from tickets order by id limit 1`;
    if (!victim) throw new Error('no tickets');
    await database.sql`update tickets set deleted_at = now() where id = ${victim.id}`;
    await analyze(database, { config: loadConfig(JSON.stringify(demoConfig(END)), 'demo'), asOf: LATER });
    const [left] = await database.sql<{ n: number }[]>`
      select (select count(*) from ticket_metrics where ticket_id = ${victim.id})
           + (select count(*) from ticket_intervals where ticket_id = ${victim.id})
           + (select count(*) from slo_cycles where ticket_id = ${victim.id}) as n`;
    expect(Number(left?.n)).toBe(0);
  });
});

describe.each(testDatabases())('migration 0010 on $name', (target) => {
  const db = useTestDatabase(target);
  const added = {
    ticket_metrics: ['source', 'team', 'type', 'created_at', 'first_reopened_at'],
    slo_cycles: ['source', 'team', 'cluster_id', 'previous_started_at', 'previous_breached_started_at'],
  };

  // Databases analysed before migration 0010 get its new columns from its backfill; it must agree with
  // what the derivation writes, or upgraded figures would differ from re-analysed ones.
  test('its backfill of the derived scope columns equals what analyze writes', async () => {
    const database = db();
    await loadDemo(database, { tickets: 400, seed: 5, endAt: END });
    await analyze(database, { config, asOf: END });
    const read = async () => ({
      metrics: [
        ...(await database.sql.unsafe(
          `select ticket_id, ${added.ticket_metrics.join(', ')} from ticket_metrics order by ticket_id`,
        )),
      ],
      cycles: [
        ...(await database.sql.unsafe(
          `select ticket_id, policy, cycle, ${added.slo_cycles.join(', ')} from slo_cycles order by 1, 2, 3`,
        )),
      ],
    });
    const written = await read();
    expect(written.metrics.filter((r) => r.first_reopened_at !== null).length).toBeGreaterThan(5);
    expect(written.cycles.filter((r) => r.previous_breached_started_at !== null).length).toBeGreaterThan(0);
    for (const [table, columns] of Object.entries(added))
      await database.sql.unsafe(`update ${table} set ${columns.map((c) => `${c} = null`).join(', ')}`);
    const migration = readFileSync(join(MIGRATIONS, '0010_derived-scope.sql'), 'utf8');
    const backfills = migration
      .split('--> statement-breakpoint')
      .filter((s) => /^\s*(--.*\n)*\s*UPDATE/.test(s));
    expect(backfills).toHaveLength(2);
    for (const statement of backfills) await database.sql.unsafe(statement);
    expect(await read()).toEqual(written);
  });
});
