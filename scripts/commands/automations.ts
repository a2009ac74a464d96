import { InputError } from '../../lib/errors';
import { issueRunsToken } from '../../lib/ingest/automation-runs';
import { type CommandSpec, resolveConfig, withDatabase } from '../cli-kit';

export const automationsCommand: CommandSpec = {
  name: 'automations',
  summary: 'issue the token an automation posts its runs with (POST /api/v1/automations/{name}/runs)',
  usage: 'automations token <name>',
  details: [
    'Prints a new token on stdout, once; only its hash is stored and any earlier token stops working.',
    'Send it as `Authorization: Bearer <token>` with each POST of runs.',
  ].join('\n'),
  options: {},
  positionals: [2, 2],
  async run({ values, positionals, io }) {
    const [action, name] = positionals as [string, string];
    if (action !== 'token') throw new InputError(`automations: unknown action '${action}' (one of: token)`);
    await withDatabase(async (database) => {
      const config = await resolveConfig(values, database);
      io.out(await issueRunsToken(database.db, config, name));
      io.err(`issued a new runs token for ${name}; earlier tokens no longer work`);
    });
  },
};
