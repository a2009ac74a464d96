import { describe, expect, test } from 'vitest';
import {
  deleteClusterOverride,
  insertClusterOverride,
  listTicketsByKey,
} from '../../db/queries/cluster-overrides';
import { loadDemo } from '../../scripts/commands/demo';
import { demoConfig } from '../../scripts/demo-data/generate';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import { loadConfig } from '../config';
import { candidatesReport } from '../reports/candidates';
import { splitClusterId } from '../toil/overrides';
import { analyze } from './analyze';
import { runClusterStep } from './cluster-step';
import { reapplyClusterOverrides } from './reapply-overrides';

const END = new Date('2026-01-01T00:00:00Z');
const config = loadConfig(JSON.stringify(demoConfig(END)), 'demo config');

describe.each(testDatabases())('re-applying overrides from the app on $name', (target) => {
  const db = useTestDatabase(target);
  const clusters = () =>
    db().sql<{ id: string; label: string; tickets: number; excluded: boolean }[]>`
      select id, label, tickets, excluded from clusters order by tickets desc, id`;
  const metricCluster = async (ticketId: string) => {
    const [row] = await db().sql<{ cluster_id: string | null }[]>`
      select cluster_id from ticket_metrics where ticket_id = ${ticketId}`;
    return row?.cluster_id ?? null;
  };
  const save = (override: Parameters<typeof insertClusterOverride>[0]['override'], at: string) =>
    insertClusterOverride({ sql: db().sql, override, createdBy: 'ann@example.com', createdAt: new Date(at) });

  test('rename, exclude, split by ticket and assign take effect at once, and undo reverts them', async () => {
    const database = db();
    await loadDemo(database, { tickets: 400, seed: 5, endAt: END });
    await runClusterStep(database);
    await analyze(database, { config, asOf: END });
    const [big, second] = await clusters();
    if (!big || !second) throw new Error('expected two clusters');

    // A ticket of the biggest cluster, to split off alone and then to move into the second one.
    const [member] = await database.sql<{ ticket_id: string; key: string }[]>`
      select m.ticket_id, t.key from cluster_members m join tickets t on t.id = m.ticket_id
      where m.cluster_id = ${big.id} order by t.key limit 1`;
    if (!member) throw new Error('expected a member');
    expect(await listTicketsByKey({ sql: database.sql, keys: [member.key] })).toEqual([
      expect.objectContaining({ id: member.ticket_id, key: member.key }),
    ]);

    const renameId = await save(
      { action: 'rename', clusterId: big.id, payload: { label: 'Big one' } },
      '2026-01-02T00:00:00Z',
    );
    await save({ action: 'exclude', clusterId: big.id, payload: { excluded: true } }, '2026-01-02T00:00:01Z');
    const split = await save(
      {
        action: 'split',
        clusterId: big.id,
        payload: { templateIds: [], ticketIds: [member.ticket_id], label: 'Odd one' },
      },
      '2026-01-02T00:00:02Z',
    );
    const first = await reapplyClusterOverrides(database, { config });
    expect(first.clustering).toMatchObject({ mode: 'full', skippedOverrides: [] });
    expect(first.rederived).toBe(1);
    const splitId = splitClusterId(big.id, [], [member.ticket_id]);
    let now = await clusters();
    expect(now.find((c) => c.id === big.id)).toMatchObject({
      label: 'Big one',
      excluded: true,
      tickets: big.tickets - 1,
    });
    expect(now.find((c) => c.id === splitId)).toMatchObject({ label: 'Odd one', tickets: 1 });
    // The stored metrics follow the membership, and the excluded cluster leaves the candidates.
    expect(await metricCluster(member.ticket_id)).toBe(splitId);
    const ranked = await candidatesReport(database, { asOf: END, config });
    expect(ranked.map((r) => r.clusterId)).not.toContain(big.id);

    // Assign the ticket on to the second cluster: the split cluster empties and disappears.
    await save(
      { action: 'assign', clusterId: second.id, payload: { ticketId: member.ticket_id } },
      '2026-01-02T00:00:03Z',
    );
    await reapplyClusterOverrides(database, { config });
    now = await clusters();
    expect(now.find((c) => c.id === splitId)).toBeUndefined();
    expect(now.find((c) => c.id === second.id)?.tickets).toBe(second.tickets + 1);
    expect(await metricCluster(member.ticket_id)).toBe(second.id);

    // Undo the rename and the split: the label is back; the assign still holds the ticket.
    expect(await deleteClusterOverride({ sql: database.sql, id: renameId })).toBe(true);
    expect(await deleteClusterOverride({ sql: database.sql, id: renameId })).toBe(false);
    expect(await deleteClusterOverride({ sql: database.sql, id: split })).toBe(true);
    await reapplyClusterOverrides(database, { config });
    now = await clusters();
    expect(now.find((c) => c.id === big.id)).toMatchObject({ label: big.label, excluded: true });
    expect(await metricCluster(member.ticket_id)).toBe(second.id);
  }, 120_000);
});
