import { streamTicketExports } from '../../lib/analysis/export-tickets';
import { TICKET_EXPORT_COLUMNS } from '../../lib/analysis/ticket-export';
import { InputError } from '../../lib/errors';
import { csvLine } from '../../lib/format/csv';
import { asOfFlag, type CommandSpec, instantFlag, resolveConfig, stringFlag, withDatabase } from '../cli-kit';

const KINDS = ['tickets'] as const;

export const exportCommand: CommandSpec = {
  name: 'export',
  summary: 'print a report as JSON or CSV (tickets)',
  usage: 'export <tickets> [--format json|csv] [--from ISO] [--to ISO]',
  details: [
    '  --format json|csv   output format (default json)',
    '  --from ISO, --to ISO  window [from, to) over the ticket creation instant',
    '',
    'Durations are in hours; a value that does not apply is null. Output goes to stdout.',
  ].join('\n'),
  options: { format: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
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
    await withDatabase(async (database) => {
      const config = await resolveConfig(values, database);
      await exportTickets({ format, write: io.write, database, config, asOf, from, to });
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
}): Promise<void> {
  const { format, write } = input;
  const pages = streamTicketExports(input.database, {
    config: input.config,
    asOf: input.asOf,
    from: input.from,
    to: input.to,
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
