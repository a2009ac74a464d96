import { describe, expect, test } from 'vitest';
import { loadDemo } from '../../scripts/commands/demo';
import { demoConfig, generateDemo } from '../../scripts/demo-data/generate';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import { analyze } from '../analysis/analyze';
import { runClusterStep } from '../analysis/cluster-step';
import { loadConfig } from '../config';
import { candidatesReport } from './candidates';

const END = new Date('2026-01-01T00:00:00Z');
const OPTIONS = { tickets: 5000, seed: 42, endAt: END };
const config = loadConfig(JSON.stringify(demoConfig(END)), 'demo config');

// The demo model's cheapest wins for a platform lead: frequent, short hands-on work that requesters
// wait days for (catalog.ts: ci-secret 12 min, repo-access 8 min, aws-access 20 min, weights 10/8/7).
// Project tasks and incidents cost more a month but are bespoke work and must not lead.
const EXPECTED_TOP_3 = ['aws-access', 'ci-secret', 'repo-access'];

describe.each(testDatabases())('the demo ranking on $name', (target) => {
  const db = useTestDatabase(target);

  test('ranks the request types a platform lead would automate first', async () => {
    const database = db();
    const truth = new Map<string, string>();
    for (const r of generateDemo(OPTIONS)) if (r.kind === 'ticket') truth.set(r.ticket.key, r.requestType);
    await loadDemo(database, OPTIONS);
    await runClusterStep(database);
    await analyze(database, { config, asOf: END });

    const rows = await candidatesReport(database, { asOf: END, config });
    const members = await database.sql<{ cluster_id: string; key: string }[]>`
      select m.cluster_id, t.key from cluster_members m join tickets t on t.id = m.ticket_id`;
    const typeOf = (clusterId: string) => {
      const counts = new Map<string, number>();
      for (const m of members) {
        if (m.cluster_id !== clusterId) continue;
        const type = truth.get(m.key) ?? 'unknown';
        counts.set(type, (counts.get(type) ?? 0) + 1);
      }
      return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    };
    const top = rows.slice(0, 3).map((r) => typeOf(r.clusterId));
    expect([...top].sort()).toEqual(EXPECTED_TOP_3);
    const bespoke = rows.filter((r) => ['project-task', 'incident'].includes(typeOf(r.clusterId) ?? ''));
    expect(bespoke.length).toBeGreaterThan(0);
    for (const r of bespoke) expect(r.rank).toBeGreaterThan(3);
    // repo-vending already replaces the cluster of OPS-1 (create-repo): it is no longer a candidate.
    expect(config.automations.map((a) => a.clusters)).toContainEqual(['OPS-1']);
    const [ops1] = await database.sql<{ cluster_id: string }[]>`
      select m.cluster_id from cluster_members m join tickets t on t.id = m.ticket_id where t.key = 'OPS-1'`;
    expect(ops1?.cluster_id).toBeDefined();
    expect(rows.map((r) => r.clusterId)).not.toContain(ops1?.cluster_id);
  }, 120_000);
});
