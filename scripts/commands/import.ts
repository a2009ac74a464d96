import { existsSync, statSync } from 'node:fs';
import { InputError } from '../../lib/errors';
import { importFile } from '../../lib/ingest/import-file';
import { type CommandSpec, resolveConfig, stringFlag, withDatabase } from '../cli-kit';
import { progressReporter } from '../progress';
import { runAnalysis } from './analyze';

export const importCommand: CommandSpec = {
  name: 'import',
  summary: 'load tickets from canonical JSON / NDJSON or a Jira CSV export',
  usage: 'import <file> [--source NAME] [--no-analyze]',
  details: [
    'Formats: a JSON array or NDJSON of canonical tickets (see README), or a Jira CSV export.',
    '(source, key) identifies a ticket: importing it again replaces it. Bad records are reported with',
    'their line/index and reason while the good ones load; a file-level fault loads nothing.',
    '',
    '  --source NAME   source name for records without one (default: file)',
    '  --no-analyze    skip recomputing metrics afterwards',
  ].join('\n'),
  options: { source: { type: 'string' }, 'no-analyze': { type: 'boolean' } },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const path = positionals[0] as string;
    if (!existsSync(path) || !statSync(path).isFile()) throw new InputError(`${path}: no such file`);
    await withDatabase(async (database) => {
      const config = await resolveConfig(values, database);
      const progress = progressReporter('import', null, io.progress);
      const summary = await importFile(database, {
        path,
        source: stringFlag(values, 'source'),
        statusMap: config.statusMap,
        onProgress: (n) => progress.update(n),
      });
      const seconds = progress.done();
      // Each reason already says where (line, element or record) and which field.
      for (const r of summary.rejected) io.err(`${path}: ${r.reason}`);
      if (summary.rejectedTotal > summary.rejected.length) {
        io.err(`${path}: … and ${summary.rejectedTotal - summary.rejected.length} more rejected records`);
      }
      io.err(
        `imported ${summary.loaded} tickets from ${path} in ${seconds.toFixed(1)} s` +
          (summary.rejectedTotal ? `; rejected ${summary.rejectedTotal}` : ''),
      );
      if (!values['no-analyze']) await runAnalysis(database, { values, io, config });
      if (summary.rejectedTotal > 0) {
        // The good records are stored; exit 2 still tells a script the file was not clean.
        throw new InputError(`${path}: ${summary.rejectedTotal} invalid records were not imported`);
      }
    });
  },
};
