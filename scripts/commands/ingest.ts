import type { Database } from '../../db/client';
import type { Connection } from '../../db/schema';
import { githubScopeSchema } from '../../lib/connectors/github/source';
import { jiraScopeSchema } from '../../lib/connectors/jira/source';
import { linearScopeSchema } from '../../lib/connectors/linear/source';
import { type Env, env } from '../../lib/env';
import { InputError } from '../../lib/errors';
import { ensureConnection } from '../../lib/ingest/connections';
import { ingestGithubDeployments } from '../../lib/ingest/github-deployments';
import { ingestSourceFor } from '../../lib/ingest/registry';
import { type IngestSummary, runIngest } from '../../lib/ingest/run-ingest';
import { assertUrlAllowed, urlPolicyFrom } from '../../lib/security/url-guard';
import {
  type CliIo,
  type CommandInput,
  type CommandSpec,
  resolveConfig,
  stringFlag,
  withDatabase,
} from '../cli-kit';
import { runAnalysis } from './analyze';

/** How `ingest <source>` turns flags into a connection (kind, base URL, scope). One entry per source. */
interface IngestCli {
  usage: string;
  connectionFrom(values: CommandInput['values']): { baseUrl: string | null; scope: Record<string, unknown> };
  /** Default connection name (else `<kind>-<host>`). */
  nameFor?(scope: Record<string, unknown>): string;
}

/** A site URL from a flag: http(s), no credentials, no trailing slash. */
export function baseUrlFlag(values: CommandInput['values'], name = 'base-url'): string {
  const raw = stringFlag(values, name);
  if (!raw) throw new InputError(`--${name}: required (the site URL, e.g. https://acme.atlassian.net)`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InputError(`--${name}: not a URL: '${raw}'`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(`--${name}: expected an http(s) URL, got '${url.protocol}'`);
  }
  if (url.username || url.password) {
    throw new InputError(`--${name}: credentials do not belong in the URL; set them in the environment`);
  }
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

export const INGEST_CLIS: Record<string, IngestCli> = {
  jira: {
    usage: 'ingest jira --base-url URL --jql JQL [--deployment cloud|datacenter]',
    connectionFrom(values) {
      const baseUrl = baseUrlFlag(values);
      const jql = stringFlag(values, 'jql');
      if (!jql) throw new InputError('--jql: required (e.g. --jql "project = OPS")');
      const deployment = stringFlag(values, 'deployment');
      const parsed = jiraScopeSchema.safeParse({ jql, ...(deployment ? { deployment } : {}) });
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InputError(
          `--${issue?.path[0] === 'deployment' ? 'deployment' : 'jql'}: ${issue?.message}`,
        );
      }
      return { baseUrl, scope: parsed.data };
    },
  },
  linear: {
    usage: 'ingest linear [--team KEY]',
    connectionFrom(values) {
      const team = stringFlag(values, 'team');
      const parsed = linearScopeSchema.safeParse(team ? { team } : {});
      if (!parsed.success) throw new InputError(`--team: ${parsed.error.issues[0]?.message} (got '${team}')`);
      // The endpoint is part of the connection, so a fake or a proxy never mixes with the real API.
      return { baseUrl: env().LINEAR_API_URL, scope: parsed.data };
    },
    nameFor: (scope) => `linear-${String(scope.team ?? 'all').toLowerCase()}`,
  },
  github: {
    usage: 'ingest github --repo OWNER/NAME [--deployments]',
    connectionFrom(values) {
      const repo = stringFlag(values, 'repo');
      if (!repo) throw new InputError('--repo: required (OWNER/NAME, e.g. --repo acme/widgets)');
      const parsed = githubScopeSchema.safeParse({ repo });
      if (!parsed.success) throw new InputError(`--repo: ${parsed.error.issues[0]?.message} (got '${repo}')`);
      return { baseUrl: env().GITHUB_API_URL.replace(/\/+$/, ''), scope: parsed.data };
    },
    nameFor: (scope) => `github-${String(scope.repo)}`,
  },
};

/**
 * Ingest one stored connection, then re-analyse what changed (the `sync` command shares this).
 * Prints the run's summary on stderr.
 */
export async function ingestConnection(
  database: Database,
  connection: Connection,
  input: {
    values: CommandInput['values'];
    io: CliIo;
    fetch?: typeof fetch;
    full?: boolean;
    census?: 'auto' | 'always' | 'never';
    /** Re-analyse the changed tickets afterwards (default true). */
    analyze?: boolean;
    /** The environment the source reads its credential from (a stored connection's own; default the process's). */
    env?: Env;
  },
): Promise<IngestSummary> {
  const config = await resolveConfig(input.values, database);
  const summary = await runIngest({
    database,
    connection,
    env: input.env ?? env(),
    io: input.io,
    statusMap: config.statusMap,
    fetch: input.fetch,
    full: input.full,
    census: input.census,
    config,
  });
  const census = summary.census.ran
    ? `; census: ${summary.census.deleted} deleted, ${summary.census.moved} moved, ${summary.census.filled} filled`
    : '';
  input.io.err(
    `ingested ${summary.tickets} tickets from ${connection.name} in ${summary.pages} pages, ${summary.seconds.toFixed(1)} s` +
      ` (${summary.since ? `changed since ${summary.since.toISOString()}` : 'full load'}` +
      `, ${summary.retries} retries${summary.rejected ? `, ${summary.rejected} rejected` : ''})${census}`,
  );
  if (input.analyze !== false && summary.changedTicketIds.length > 0) {
    // Deletions leave derived rows behind that only a full pass removes.
    const ticketIds = summary.census.deleted > 0 ? undefined : summary.changedTicketIds;
    await runAnalysis(database, { values: input.values, io: input.io, config, ticketIds });
  }
  return summary;
}

export const ingestCommand: CommandSpec = {
  name: 'ingest',
  summary: 'fetch tickets with their full history from Jira, Linear or GitHub; incremental',
  usage: [
    'ingest jira --base-url URL --jql JQL [--full] [--census always|never]',
    '       toilscope ingest linear [--team KEY] [--full] [--census always|never]',
    '       toilscope ingest github --repo OWNER/NAME [--deployments] [--full] [--census always|never]',
  ].join('\n'),
  details: [
    'Credentials come from the environment only: JIRA_EMAIL + JIRA_API_TOKEN (Cloud) or JIRA_PAT',
    '(Data Center). The first run loads everything the JQL matches; later runs re-read what changed',
    'since the last successful run started (minus 15 minutes). A daily id census marks deleted issues',
    'and updates moved keys. Interrupted runs are safe to start again.',
    '',
    '  --base-url URL            the Jira site, e.g. https://acme.atlassian.net',
    '  --jql JQL                 which issues, e.g. "project = OPS" (its ORDER BY is ignored)',
    '  --deployment cloud|datacenter  override detection (default: Atlassian hosts are Cloud; a JIRA_PAT',
    '                            alone means Data Center)',
    '  --full                    ignore the cursor and re-read everything',
    '  --census always|never     run the id census now, or skip it (default: once a day)',
    '  --no-analyze              skip recomputing metrics afterwards',
    '',
    'Linear: LINEAR_API_KEY (a personal key, sent without Bearer), LINEAR_API_URL (default',
    'https://api.linear.app/graphql). Archived issues are included; runs re-read 5 minutes of overlap.',
    '  --team KEY                one team (default: every team the key can read)',
    '',
    'GitHub / GitHub Enterprise: GITHUB_TOKEN, GITHUB_API_URL (default https://api.github.com;',
    'Enterprise: https://HOST/api/v3). Pull requests are skipped.',
    '  --repo OWNER/NAME         the repository',
    '  --deployments             also load deployments (or releases) for the DORA metrics and link',
    '                            incident issues to them',
  ].join('\n'),
  options: {
    'base-url': { type: 'string' },
    jql: { type: 'string' },
    deployment: { type: 'string' },
    full: { type: 'boolean' },
    census: { type: 'string' },
    team: { type: 'string' },
    repo: { type: 'string' },
    deployments: { type: 'boolean' },
    'no-analyze': { type: 'boolean' },
  },
  positionals: [1, 1],
  async run({ values, positionals, io }) {
    const kind = positionals[0] as string;
    const cli = INGEST_CLIS[kind];
    if (!cli)
      throw new InputError(
        `ingest: unknown source '${kind}' (one of: ${Object.keys(INGEST_CLIS).join(', ')})`,
      );
    const census = stringFlag(values, 'census');
    if (census !== undefined && census !== 'always' && census !== 'never') {
      throw new InputError(`--census: expected always or never, got '${census}'`);
    }
    if (values.deployments === true && kind !== 'github') {
      throw new InputError('--deployments: only for ingest github');
    }
    const { baseUrl, scope } = cli.connectionFrom(values);
    const source = ingestSourceFor(kind);
    // Credentials are checked before the database is touched: bad usage stores nothing.
    source.open({
      baseUrl,
      scope: source.scopeSchema.parse(scope),
      env: env(),
      fetch: globalThis.fetch,
      now: () => new Date(),
    });
    // A private or metadata address is refused before anything is stored (and again at every request).
    if (baseUrl) await assertUrlAllowed(baseUrl, urlPolicyFrom(env().TOILSCOPE_ALLOWED_HOSTS));
    await withDatabase(async (database) => {
      const connection = await ensureConnection(database.db, {
        kind,
        baseUrl,
        scope,
        name: cli.nameFor?.(scope) ?? `${kind}-${baseUrl ? new URL(baseUrl).host : 'default'}`,
      });
      await ingestConnection(database, connection, {
        values,
        io,
        full: values.full === true,
        census: census as 'always' | 'never' | undefined,
        analyze: values['no-analyze'] !== true,
      });
      if (values.deployments === true) {
        const config = await resolveConfig(values, database);
        const loaded = await ingestGithubDeployments({ database, connection, env: env(), config, io });
        io.err(
          `loaded ${loaded.deployments} ${loaded.fromReleases ? 'releases (no deployments found)' : 'deployments'} from ${connection.name}` +
            `; ${loaded.linkedIncidents} incidents linked to a deployment, ${loaded.retries} retries`,
        );
      }
    });
  },
};
