// ServiceNow incidents: B-cubed precision against `Assignment group` and coverage (share of tickets
// in clusters of ≥ 5), at the product's default mining settings.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import {
  DEFAULT_MINING_OPTIONS,
  type MiningOptions,
  mineRequestTypes,
  type ToilTicket,
} from '../../lib/toil/mine';
import { bCubed, coverage, coveredPrecision } from '../../lib/toil/quality';

export interface ServiceNowFigures {
  tickets: number;
  clusters: number;
  /** B-cubed precision over every ticket (unclustered tickets are singletons). */
  precision: number;
  /** B-cubed precision over the tickets in clusters of ≥ 5 only: the stricter view. */
  coveredPrecision: number;
  recall: number;
  coverage: number;
}

export function loadServiceNow(dir: string): { tickets: ToilTicket[]; groups: string[] } {
  const rows = parse(readFileSync(path.join(dir, 'input_data.csv')), {
    columns: true,
    bom: true,
    relax_quotes: true,
  }) as Record<string, string>[];
  const start = Date.UTC(2016, 0, 1);
  const tickets = rows.map((r, i) => ({
    id: `sn:${String(i).padStart(5, '0')}`,
    key: `INC-${i + 1}`,
    title: r['Short description'] ?? '',
    description: r.Description ?? '',
    // The set has no dates: keep file order.
    createdAt: new Date(start + i * 60_000).toISOString(),
  }));
  return { tickets, groups: rows.map((r) => r['Assignment group'] ?? '') };
}

export function evaluateServiceNow(dir: string, options: Partial<MiningOptions> = {}): ServiceNowFigures {
  const { tickets, groups } = loadServiceNow(dir);
  const result = mineRequestTypes(tickets, { ...DEFAULT_MINING_OPTIONS, ...options });
  const clusterOf = new Map(result.members.map((m) => [m.ticketId, m.clusterId]));
  const predicted = tickets.map((t) => clusterOf.get(t.id) ?? null);
  const b = bCubed(predicted, groups);
  return {
    tickets: tickets.length,
    clusters: result.clusters.length,
    precision: b.precision,
    coveredPrecision: coveredPrecision(predicted, groups, 5),
    recall: b.recall,
    coverage: coverage(predicted, 5),
  };
}
