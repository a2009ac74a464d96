import { describe, expect, test } from 'vitest';
import { loadDemo } from '../../scripts/commands/demo';
import { demoConfig, generateDemo } from '../../scripts/demo-data/generate';
import { testDatabases, useTestDatabase } from '../../test/support/databases';
import { analyze } from '../analysis/analyze';
import { runClusterStep } from '../analysis/cluster-step';
import { loadConfig } from '../config';
import { buildImpactReport } from './impact';

const END = new Date('2026-01-01T00:00:00Z');
const OPTIONS = { tickets: 5000, seed: 42, endAt: END };
const config = loadConfig(JSON.stringify(demoConfig(END)), 'demo config');
const DAY = 86_400_000;

// The demo launches repo-vending mid-year (scripts/demo-data/config.ts); its impact is read back and
// cross-checked against the stored rows directly.
describe.each(testDatabases())('the demo automation impact on $name', (target) => {
  const db = useTestDatabase(target);

  test('repo-vending: equal windows, residual tickets, runs and a positive realised saving', async () => {
    const database = db();
    const repoTickets = new Set<string>();
    for (const r of generateDemo(OPTIONS))
      if (r.kind === 'ticket' && r.requestType === 'create-repo') repoTickets.add(r.ticket.key);
    await loadDemo(database, OPTIONS);
    await runClusterStep(database);
    await analyze(database, { config, asOf: END });

    const [report, ...others] = await buildImpactReport(database, { config, asOf: END });
    expect(others).toEqual([]);
    if (!report) throw new Error('no impact report');
    expect(report.name).toBe('repo-vending');
    const launch = new Date(report.launchedAt).getTime();
    expect(new Date(report.after.from).getTime()).toBe(launch);
    expect(new Date(report.before.to).getTime()).toBe(launch);
    expect(new Date(report.after.to).getTime() - launch).toBe(90 * DAY);
    expect(launch - new Date(report.before.from).getTime()).toBe(90 * DAY);

    // Residual tickets and runs, counted straight from the tables over the half-open after window.
    const [direct] = await database.sql<{ residual: number; runs: number }[]>`
      select
        (select count(*)::int from cluster_members m join tickets t on t.id = m.ticket_id
          where m.cluster_id = any(${report.clusters}) and t.created_at >= ${report.after.from}::timestamptz
            and t.created_at < ${report.after.to}::timestamptz and t.deleted_at is null) as residual,
        (select count(*)::int from automation_runs where automation = 'repo-vending' and outcome = 'success'
          and at >= ${report.after.from}::timestamptz and at < ${report.after.to}::timestamptz) as runs`;
    expect(report.residualTickets).toBe(direct?.residual);
    expect(report.selfServiceRuns).toBe(direct?.runs);
    expect(report.selfServiceRuns).toBeGreaterThan(0);
    expect(report.adoption).toBeCloseTo(
      report.selfServiceRuns / (report.selfServiceRuns + report.residualTickets),
      6,
    );
    expect(report.after.volumeByMonth.reduce((a, m) => a + m.tickets, 0)).toBe(report.residualTickets);

    // The volume fell and the untouched clusters did not explain it.
    expect(report.after.ticketsPerMonth).toBeLessThan(report.before.ticketsPerMonth / 2);
    expect(report.controlChange.clusters).toBeGreaterThan(5);
    expect(report.controlChange.avoidedTicketsPerMonth).toBeGreaterThan(0);
    expect(report.realisedHoursSavedPerMonth).toBeGreaterThan(0);
    expect(report.realisedHoursSavedPerMonth).toBeLessThanOrEqual(
      (report.projectedHoursSavedPerMonth ?? 0) * 1.5,
    );

    // The replaced cluster is the repo-creation request type of the generator.
    const members = await database.sql<{ key: string }[]>`
      select t.key from cluster_members m join tickets t on t.id = m.ticket_id where m.cluster_id = any(${report.clusters})`;
    const pure = members.filter((m) => repoTickets.has(m.key)).length / members.length;
    expect(pure).toBeGreaterThan(0.9);
  });
});
