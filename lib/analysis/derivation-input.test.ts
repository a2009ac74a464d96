import { describe, expect, test } from 'vitest';
import type { Database } from '../../db/client';
import { streamDerivationInput, streamTicketHistories } from '../../db/queries/ticket-history';
import { loadDemo } from '../../scripts/commands/demo';
import { demoConfig } from '../../scripts/demo-data/generate';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import { loadConfig } from '../config';
import { analyze } from './analyze';
import { runClusterStep } from './cluster-step';
import { deriveTicket, prepareDerivation } from './derive-ticket';

const END = new Date('2026-01-01T00:00:00Z');
const config = loadConfig(JSON.stringify(demoConfig(END)), 'demo config');

/** The reference input: the general history reader plus one cluster lookup per ticket. */
async function referenceInput(database: Database) {
  const members = await database.sql<{ ticket_id: string; cluster_id: string }[]>`
    select ticket_id, cluster_id from cluster_members`;
  const clusterOf = new Map(members.map((m) => [m.ticket_id, m.cluster_id]));
  const tickets = [];
  for await (const page of streamTicketHistories({ sql: database.sql, pageSize: 97 })) {
    for (const t of page) tickets.push({ ...t, clusterId: clusterOf.get(t.id) ?? null });
  }
  return tickets;
}

describe.each(testDatabases())('derivation input and full analysis on $name', (target) => {
  const db = useTestDatabase(target);

  test('the slim reader returns what the history reader does, in the same pages', async () => {
    const database = db();
    await loadDemo(database, { tickets: 400, seed: 5, endAt: END });
    await runClusterStep(database);
    // A deleted ticket inside a page's id range must not appear, nor its events leak into a neighbour.
    const [victim] = await database.sql<
      { id: string }[]
    >`select id from tickets order by id offset 150 limit 1`;
    if (!victim) throw new Error('no tickets');
    await database.sql`update tickets set deleted_at = now() where id = ${victim.id}`;

    const reference = await referenceInput(database);
    expect(reference.length).toBeGreaterThan(300);
    expect(reference.some((t) => t.clusterId !== null)).toBe(true);
    const pick = (t: (typeof reference)[number]) => ({
      id: t.id,
      source: t.source,
      key: t.key,
      type: t.type,
      priority: t.priority,
      team: t.team,
      requester: t.requester,
      assignee: t.assignee,
      status: t.status,
      sourceStatusCategory: t.sourceStatusCategory,
      createdAt: t.createdAt,
      clusterId: t.clusterId,
      events: t.events,
    });

    const full = [];
    for await (const page of streamDerivationInput({ sql: database.sql, pageSize: 97 })) {
      expect(page.idRange).not.toBeNull();
      full.push(...page.tickets);
    }
    expect(full.map((t) => t.id)).not.toContain(victim.id);
    expect(full).toEqual(reference.map(pick));

    const ids = reference.filter((_, i) => i % 7 === 3).map((t) => t.id);
    const chosen = [];
    for await (const page of streamDerivationInput({
      sql: database.sql,
      ids: [...ids, victim.id].sort(),
      pageSize: 10,
    })) {
      expect(page.idRange).toBeNull();
      chosen.push(...page.tickets);
    }
    expect(chosen).toEqual(reference.filter((t) => ids.includes(t.id)).map(pick));
  });

  test('a full run stores exactly the reference derivation of every live ticket', async () => {
    const database = db();
    const asOf = new Date('2025-12-20T00:00:00Z');
    await analyze(database, { config, asOf, full: true });
    const derivation = prepareDerivation(config);
    const reference = await referenceInput(database);
    const expected = reference.map((t) => ({ t, d: deriveTicket(t, derivation, asOf, t.clusterId) }));

    const intervals = await database.sql<{ ticket_id: string; status: string; entered_at: Date | string }[]>`
      select ticket_id, status, entered_at from ticket_intervals order by ticket_id, ordinal`;
    expect(intervals.map((r) => [r.ticket_id, r.status, new Date(r.entered_at).getTime()])).toEqual(
      expected.flatMap(({ t, d }) => d.intervals.map((iv) => [t.id, iv.status, iv.enteredAt.getTime()])),
    );
    const metrics = await database.sql<
      {
        ticket_id: string;
        queue_hours: number;
        time_to_first_response_hours: number | null;
        cluster_id: string | null;
      }[]
    >`select ticket_id, queue_hours, time_to_first_response_hours, cluster_id from ticket_metrics order by ticket_id`;
    expect(
      metrics.map((r) => [r.ticket_id, r.queue_hours, r.time_to_first_response_hours, r.cluster_id]),
    ).toEqual(
      expected.map(({ t, d }) => [t.id, d.flow.queueHours, d.flow.timeToFirstResponseHours, t.clusterId]),
    );
    const cycles = await database.sql<
      { ticket_id: string; policy: string; cycle: number; elapsed_business_hours: number }[]
    >`
      select ticket_id, policy, cycle, elapsed_business_hours from slo_cycles`;
    const byKey = (rows: Array<[string, string, number, number]>) =>
      rows.sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : a[0] + a[1] > b[0] + b[1] ? 1 : a[2] - b[2]));
    expect(byKey(cycles.map((r) => [r.ticket_id, r.policy, r.cycle, r.elapsed_business_hours]))).toEqual(
      byKey(
        expected.flatMap(({ t, d }) =>
          d.slo.map((c): [string, string, number, number] => [
            t.id,
            c.policy,
            c.cycle,
            c.elapsedBusinessHours,
          ]),
        ),
      ),
    );
    expect(cycles.length).toBeGreaterThan(100);
  });
});
