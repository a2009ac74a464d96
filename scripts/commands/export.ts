import { streamTicketExports } from '../../lib/analysis/export-tickets';
import { TICKET_EXPORT_COLUMNS } from '../../lib/analysis/ticket-export';
import { InputError } from '../../lib/errors';
import { csvLine } from '../../lib/format/csv';
import type { PercentileMethod } from '../../lib/metrics';
import { CANDIDATE_CSV_COLUMNS, candidatesReport } from '../../lib/reports/candidates';
import { CLUSTER_CSV_COLUMNS, clustersReport } from '../../lib/reports/clusters';
import { reportCsv, rowsCsv } from '../../lib/reports/csv';
import { buildDoraReport } from '../../lib/reports/dora';
import { buildFlowReport } from '../../lib/reports/flow';
import { buildImpactReport, IMPACT_CSV_COLUMNS } from '../../lib/reports/impact';
import { parsePercentileMethod } from '../../lib/reports/percentile-method';
import { buildSloReport, SLO_REPORT_CSV_COLUMNS, sloReportCsvRow } from '../../lib/reports/slo';
import { asOfFlag, type CommandSpec, instantFlag, resolveConfig, stringFlag, withDatabase } from '../cli-kit';

const KINDS = ['tickets', 'flow', 'dora', 'slo', 'clusters', 'candidates', 'impact'] as const;

/** `--percentile nearest-rank|linear` (default nearest-rank). */
export function percentileFlag(values: Record<string, string | boolean | undefined>): PercentileMethod {
  const raw = stringFlag(values, 'percentile');
  const method = parsePercentileMethod(raw);
  if (method === null) throw new InputError(`--percentile: expected nearest-rank or linear, got '${raw}'`);
  return method;
}

export const exportCommand: CommandSpec = {
  name: 'export',
  summary: 'print a report as JSON or CSV (tickets, flow, dora, slo, clusters, candidates, impact)',
  usage:
    'export <tickets|flow|dora|slo|clusters|candidates|impact> [--format json|csv] [--from ISO] [--to ISO] [--team T] [--source S] [--cluster ID] [--percentile linear]',
  details: [
    '  --format json|csv   output format (default json)',
    '  --from ISO, --to ISO  window [from, to): over creation (tickets, clusters, candidates), first resolution',
    '                        (flow, dora) or the start of each SLO cycle (slo)',
    '  --team T, --source S, --cluster ID  only tickets of this team, source or request type (cluster id)',
    '  --percentile nearest-rank|linear  percentile method of flow/dora distributions (default nearest-rank)',
    '',
    'Durations are in hours; a value that does not apply is null. Output goes to stdout.',
    'flow/dora as CSV: one row per figure, columns metric,n,method,p50,p85,p95,mean,value.',
    'slo: one object per policy; as CSV one row per policy with the scalar fields, plus atRiskCount and',
    'nextDueAt in place of the at-risk list.',
    'clusters/candidates as CSV: one row per cluster; nested figures as dotted columns (queueHours.p85).',
    'impact: one object per automation; windows from its launch and impactWindowDays, ending at --to or',
    '  --as-of; as CSV one row per automation with dotted columns.',
  ].join('\n'),
  options: {
    format: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    percentile: { type: 'string' },
    team: { type: 'string' },
    source: { type: 'string' },
    cluster: { type: 'string' },
  },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const kind = positionals[0] as string;
    if (!(KINDS as readonly string[]).includes(kind)) {
      throw new InputError(`export: unknown report '${kind}' (one of: ${KINDS.join(', ')})`);
    }
    const format = stringFlag(values, 'format') ?? 'json';
    if (format !== 'json' && format !== 'csv')
      throw new InputError(`--format: expected json or csv, got '${format}'`);
    const from = instantFlag(values, 'from');
    const to = instantFlag(values, 'to');
    if (from && to && from >= to) throw new InputError('--from must be before --to');
    const asOf = asOfFlag(values);
    const method = percentileFlag(values);
    const filter = {
      team: stringFlag(values, 'team'),
      source: stringFlag(values, 'source'),
      clusterId: stringFlag(values, 'cluster'),
    };
    await withDatabase(async (database) => {
      const config = await resolveConfig(values, database);
      if (kind === 'clusters' || kind === 'candidates') {
        const scope = { asOf, from, to, team: filter.team, source: filter.source, cluster: filter.clusterId };
        io.write(
          kind === 'clusters'
            ? rowsOutput(
                await clustersReport(database, { ...scope, percentile: method }),
                CLUSTER_CSV_COLUMNS,
                format,
              )
            : rowsOutput(
                await candidatesReport(database, { ...scope, config }),
                CANDIDATE_CSV_COLUMNS,
                format,
              ),
        );
        return;
      }
      if (kind === 'impact') {
        const rows = await buildImpactReport(database, { config, asOf: to ?? asOf });
        io.write(rowsOutput(rows, IMPACT_CSV_COLUMNS, format));
        return;
      }
      if (kind === 'tickets') {
        await exportTickets({ format, write: io.write, database, config, asOf, from, to, filter });
        return;
      }
      if (kind === 'slo') {
        const rows = await buildSloReport(database, {
          config,
          asOf,
          from,
          to,
          team: filter.team,
          source: filter.source,
          cluster: filter.clusterId,
        });
        io.write(
          format === 'csv'
            ? csvLine(SLO_REPORT_CSV_COLUMNS) + rows.map((r) => csvLine(sloReportCsvRow(r))).join('')
            : `${JSON.stringify(rows, null, 2)}\n`,
        );
        return;
      }
      const build = kind === 'flow' ? buildFlowReport : buildDoraReport;
      const report = await build(database, { config, asOf, from, to, method, filter });
      io.write(format === 'csv' ? reportCsv(report) : `${JSON.stringify(report, null, 2)}\n`);
    });
  },
};

async function exportTickets(input: {
  format: 'json' | 'csv';
  write: (text: string) => void;
  database: Parameters<typeof streamTicketExports>[0];
  config: Parameters<typeof streamTicketExports>[1]['config'];
  asOf: Date;
  from?: Date;
  to?: Date;
  filter: Parameters<typeof streamTicketExports>[1]['filter'];
}): Promise<void> {
  const { format, write } = input;
  const pages = streamTicketExports(input.database, {
    config: input.config,
    asOf: input.asOf,
    from: input.from,
    to: input.to,
    filter: input.filter,
  });
  if (format === 'csv') {
    write(csvLine(TICKET_EXPORT_COLUMNS));
    for await (const page of pages)
      write(page.map((row) => csvLine(TICKET_EXPORT_COLUMNS.map((c) => row[c]))).join(''));
    return;
  }
  // Streamed as one JSON array so a large export never sits in memory.
  let count = 0;
  write('[');
  for await (const page of pages) {
    for (const row of page) write(`${count++ === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`);
  }
  write(count === 0 ? ']\n' : '\n]\n');
}

/** A list report: pretty JSON, or CSV with one row per item and nested figures as dotted columns. */
function rowsOutput(rows: readonly object[], csvColumns: readonly string[], format: 'json' | 'csv'): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  return rowsCsv(rows, csvColumns);
}
