import { existsSync, statSync } from 'node:fs';
import { InputError } from '../../lib/errors';
import { knownAutomations, readRunsFile, storeRuns } from '../../lib/ingest/automation-runs';
import { type CommandSpec, resolveConfig, withDatabase } from '../cli-kit';

export const importRunsCommand: CommandSpec = {
  name: 'import-runs',
  summary: 'load self-service runs of automations (CSV or NDJSON) for the Impact report',
  usage: 'import-runs <file>',
  details: [
    'Columns / fields: automation, at (ISO-8601 with an offset), actor, outcome (success, failure or',
    'canceled), durationSeconds. CSV needs a header row; NDJSON one object per line. The automation must be',
    'registered (config automations, or the Impact page). All or nothing: the first bad line names',
    'file:line: field and nothing is stored. A run already stored (same automation, at, actor) is skipped.',
  ].join('\n'),
  options: {},
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const path = positionals[0] as string;
    if (!existsSync(path) || !statSync(path).isFile()) throw new InputError(`${path}: no such file`);
    const runs = await readRunsFile(path);
    await withDatabase(async (database) => {
      const config = await resolveConfig(values, database);
      const { inserted, duplicates } = await storeRuns(
        database.db,
        runs,
        await knownAutomations(database.db, config),
      );
      io.err(
        `imported ${inserted} runs from ${path}${duplicates ? ` (${duplicates} already stored, skipped)` : ''}`,
      );
    });
  },
};
