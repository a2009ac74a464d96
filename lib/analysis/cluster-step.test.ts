import { describe, expect, test } from 'vitest';
import { generateDemo } from '../../scripts/demo-data/generate';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import { defaultConfig } from '../config';
import type { Ticket } from '../domain/ticket';
import { ensureFileConnection, upsertTickets } from '../ingest/ticket-store';
import { runClusterStep } from './cluster-step';

const END = new Date('2026-01-01T00:00:00Z');
const demoTickets: Ticket[] = [];
for (const r of generateDemo({ tickets: 1200, seed: 7, endAt: END }))
  if (r.kind === 'ticket') demoTickets.push(r.ticket);

describe.each(testDatabases())('cluster step on $name', (target) => {
  const db = useTestDatabase(target);
  const load = async (tickets: Ticket[]) => {
    const connectionId = await ensureFileConnection(db().db, 'demo');
    await upsertTickets(db().db, { connectionId, tickets, statusMap: defaultConfig().statusMap });
  };
  const clusters = () =>
    db().sql<{ id: string; label: string; tickets: number; excluded: boolean }[]>`
      select id, label, tickets, excluded from clusters order by tickets desc, id`;
  const memberOf = async (key: string) => {
    const [row] = await db().sql<{ cluster_id: string }[]>`
      select m.cluster_id from cluster_members m join tickets t on t.id = m.ticket_id where t.key = ${key}`;
    return row?.cluster_id ?? null;
  };

  test('clusters, re-clusters with the same ids, assigns new tickets incrementally, re-applies overrides', async () => {
    await load(demoTickets.slice(0, 1100));
    const first = await runClusterStep(db());
    expect(first).toMatchObject({ mode: 'full', reason: 'first clustering', tickets: 1100 });
    const before = await clusters();
    expect(before.length).toBeGreaterThan(10);
    expect(before.reduce((s, c) => s + c.tickets, 0)).toBe(first.clustered);

    // Nothing new: an incremental run with no work.
    expect(await runClusterStep(db())).toMatchObject({ mode: 'incremental', tickets: 0 });

    // A few new tickets join existing request types without a re-cluster.
    await load(demoTickets.slice(1100, 1130));
    const incremental = await runClusterStep(db());
    expect(incremental).toMatchObject({ mode: 'incremental', tickets: 30 });
    expect(incremental.clustered).toBeGreaterThan(20);
    const after = await clusters();
    expect(after.map((c) => c.id).sort()).toEqual(before.map((c) => c.id).sort());
    expect(after.reduce((s, c) => s + c.tickets, 0)).toBe(first.clustered + incremental.clustered);

    // Ingest instants with microseconds (the server's now()): a run takes them once, the next none.
    await db().sql`
      update tickets set ingested_at = now() + interval '1 second' + interval '123 microseconds'
      where key in (select key from tickets order by key limit 3)`;
    expect(await runClusterStep(db())).toMatchObject({ mode: 'incremental', tickets: 3 });
    expect(await runClusterStep(db())).toMatchObject({ mode: 'incremental', tickets: 0 });

    // Overrides survive a full re-cluster; one naming a vanished cluster is reported, not fatal.
    const a = before[0];
    const b = before[1];
    if (!a || !b) throw new Error('expected at least two clusters');
    const opsOne = await memberOf('OPS-1');
    await db().sql`
      insert into cluster_overrides (action, cluster_id, payload, created_at) values
        ('rename', ${a.id}, ${JSON.stringify({ label: 'Big one' })}::jsonb, '2026-01-02T00:00:00Z'),
        ('exclude', ${b.id}, ${JSON.stringify({ excluded: true })}::jsonb, '2026-01-02T00:00:01Z'),
        ('rename', 'c-0000000000', ${JSON.stringify({ label: 'gone' })}::jsonb, '2026-01-02T00:00:02Z')`;
    const full = await runClusterStep(db(), { full: true });
    expect(full).toMatchObject({ mode: 'full', reason: '--full', tickets: 1130 });
    expect(full.skippedOverrides.map((o) => o.override.clusterId)).toEqual(['c-0000000000']);
    const rerun = await clusters();
    expect(rerun.find((c) => c.id === a.id)?.label).toBe('Big one');
    expect(rerun.find((c) => c.id === b.id)?.excluded).toBe(true);
    expect(await memberOf('OPS-1')).toBe(opsOne);
    // Ids of the established request types survive the re-cluster.
    for (const c of before.filter((x) => x.tickets >= 40)) expect(rerun.map((r) => r.id)).toContain(c.id);
  });
});
