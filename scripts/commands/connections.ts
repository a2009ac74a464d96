import { count, eq } from 'drizzle-orm';
import { connections, tickets } from '../../db/schema';
import { env } from '../../lib/env';
import { InputError, NotFoundError } from '../../lib/errors';
import {
  addStoredConnection,
  credentialFromEnv,
  lastRunStarts,
  parseSchedule,
  SYNCABLE_KINDS,
  type SyncableKind,
} from '../../lib/ingest/stored-connections';
import { assertUrlAllowed, urlPolicyFrom } from '../../lib/security/url-guard';
import { type CommandSpec, stringFlag, withDatabase } from '../cli-kit';
import { baseUrlFlag, INGEST_CLIS } from './ingest';

const ACTIONS = ['add', 'list', 'remove'] as const;

function scopeText(scope: Record<string, unknown>): string {
  return Object.entries(scope)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
}

export const connectionsCommand: CommandSpec = {
  name: 'connections',
  summary: 'store, list or remove Jira / Linear / GitHub connections (secrets encrypted at rest)',
  usage:
    'connections add <jira|linear|github> --name N [--base-url URL] [--jql JQL|--team KEY|--repo OWNER/NAME] [--schedule 1h]\n' +
    '       toilscope connections list\n       toilscope connections remove N',
  details: [
    'add reads the secret from the source variable — JIRA_EMAIL + JIRA_API_TOKEN or JIRA_PAT, LINEAR_API_KEY,',
    'GITHUB_TOKEN — and stores it encrypted with TOILSCOPE_SECRET_KEY (AES-256-GCM); without a key nothing',
    'is stored. The URL passes the SSRF guard (TOILSCOPE_ALLOWED_HOSTS for private hosts).',
    '  --name N          how sync --name and remove address it',
    '  --base-url URL    Jira site (required for jira); Linear/GitHub API URL (default LINEAR_API_URL / GITHUB_API_URL)',
    '  --jql, --team, --repo  the scope, as for ingest',
    '  --schedule P      how often sync --watch runs it: 30m, 1h, 1d (at least 5m); none: only on demand',
    '',
    'list never prints a secret: only "set" and its last four characters (for secrets of 12+ characters).',
    'remove deletes the connection with its tickets, runs and cursors.',
  ].join('\n'),
  options: {
    name: { type: 'string' },
    'base-url': { type: 'string' },
    jql: { type: 'string' },
    deployment: { type: 'string' },
    team: { type: 'string' },
    repo: { type: 'string' },
    schedule: { type: 'string' },
  },
  positionals: [1, 2],
  async run({ values, positionals, io }) {
    const action = positionals[0] as string;
    if (!(ACTIONS as readonly string[]).includes(action)) {
      throw new InputError(`connections: unknown action '${action}' (one of: ${ACTIONS.join(', ')})`);
    }
    if (action === 'list') {
      if (positionals[1] !== undefined) throw new InputError('connections list: takes no argument');
      await withDatabase(async ({ db }) => {
        const rows = await db.select().from(connections).orderBy(connections.name);
        const lastRuns = await lastRunStarts(db);
        if (rows.length === 0) {
          io.err('no connections stored (connections add …)');
          return;
        }
        for (const row of rows) {
          const secret =
            row.secretCiphertext === null
              ? 'no secret'
              : `secret set${row.secretLast4 ? ` …${row.secretLast4}` : ''}`;
          const last = lastRuns.get(row.id);
          io.out(
            [
              row.name,
              row.kind,
              row.baseUrl ?? '-',
              scopeText(row.scope) || '-',
              row.schedule ? `every ${row.schedule}` : 'on demand',
              secret,
              last ? `last run ${last.toISOString()}` : 'never run',
            ].join('\t'),
          );
        }
      });
      return;
    }
    if (action === 'remove') {
      const name = positionals[1];
      if (!name) throw new InputError('connections remove: missing argument N (the connection name)');
      await withDatabase(async ({ db }) => {
        const [row] = await db.select().from(connections).where(eq(connections.name, name));
        if (!row) throw new NotFoundError(`connections remove: no connection named '${name}'`);
        const [held] = await db.select({ n: count() }).from(tickets).where(eq(tickets.connectionId, row.id));
        await db.delete(connections).where(eq(connections.id, row.id));
        io.err(`removed connection ${name} and its ${held?.n ?? 0} tickets`);
      });
      return;
    }
    const kind = positionals[1];
    if (!kind || !(SYNCABLE_KINDS as readonly string[]).includes(kind)) {
      throw new InputError(
        `connections add: expected a source (one of: ${SYNCABLE_KINDS.join(', ')}), got '${kind ?? ''}'`,
      );
    }
    const name = stringFlag(values, 'name');
    if (!name || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
      throw new InputError(`--name: required, letters, digits, '.', '_' or '-' (got '${name ?? ''}')`);
    }
    const cli = INGEST_CLIS[kind];
    if (!cli) throw new InputError(`connections add: unknown source '${kind}'`);
    const { baseUrl: defaultUrl, scope } = cli.connectionFrom(values);
    const baseUrl = kind !== 'jira' && stringFlag(values, 'base-url') ? baseUrlFlag(values) : defaultUrl;
    const schedule = stringFlag(values, 'schedule') ?? null;
    parseSchedule(schedule);
    if (baseUrl) await assertUrlAllowed(baseUrl, urlPolicyFrom(env().TOILSCOPE_ALLOWED_HOSTS));
    const credential = credentialFromEnv(kind as SyncableKind, env());
    await withDatabase(async ({ db }) => {
      const row = await addStoredConnection(db, {
        kind: kind as SyncableKind,
        name,
        baseUrl,
        scope,
        schedule,
        credential,
      });
      io.err(
        `stored connection ${row.name} (${row.kind}, ${row.baseUrl ?? 'default endpoint'}${schedule ? `, every ${schedule}` : ''}` +
          `${credential ? `, secret encrypted with key ${row.secretKeyId}` : ', no secret'})`,
      );
    });
  },
};
