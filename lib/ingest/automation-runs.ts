// Self-service runs of an automation (the v2 audit trail), from `import-runs <file>` or
// POST /api/v1/automations/{name}/runs. One validation for both; stored idempotently on
// (automation, at, actor), so re-sending a file or a webhook never double-counts.
import { readFile } from 'node:fs/promises';
import { parse as parseCsv } from 'csv-parse/sync';
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { automationRuns, automations } from '../../db/schema';
import type { ToilscopeConfig } from '../config';
import { parseInstantArgument } from '../domain/instant-argument';
import { AuthorizationError, InputError, NotFoundError } from '../errors';
import { hashToken, newToken } from '../security/tokens';
import { launchInstant } from '../toil/impact';

export const RUN_FIELDS = ['automation', 'at', 'actor', 'outcome', 'durationSeconds'] as const;

export interface RunRecord {
  automation: string;
  at: Date;
  actor: string | null;
  /** success | failure | canceled */
  outcome: string;
  durationSeconds: number | null;
}

const OUTCOMES: Record<string, string> = {
  success: 'success',
  succeeded: 'success',
  ok: 'success',
  failure: 'failure',
  failed: 'failure',
  error: 'failure',
  canceled: 'canceled',
  cancelled: 'canceled',
};

function text(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  const s = String(value).trim();
  return s === '' ? null : s;
}

/** One run from a CSV row or JSON object; `where` (e.g. `runs.csv:4`) prefixes every error. */
export function parseRunRecord(
  raw: unknown,
  where: string,
  defaults: { automation?: string } = {},
): RunRecord {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new InputError(`${where}: expected an object with ${RUN_FIELDS.join(', ')}`);
  }
  const record = raw as Record<string, unknown>;
  const unknown = Object.keys(record).find((k) => !(RUN_FIELDS as readonly string[]).includes(k));
  if (unknown)
    throw new InputError(`${where}: ${unknown}: unknown field (expected ${RUN_FIELDS.join(', ')})`);
  const automation = text(record.automation) ?? defaults.automation ?? null;
  if (!automation) throw new InputError(`${where}: automation: required`);
  if (defaults.automation && automation !== defaults.automation) {
    throw new InputError(
      `${where}: automation: '${automation}' does not match the URL's '${defaults.automation}'`,
    );
  }
  const atText = text(record.at);
  const at = atText === null ? null : parseInstantArgument(atText);
  if (!at)
    throw new InputError(`${where}: at: expected an ISO-8601 instant with an offset, got '${atText ?? ''}'`);
  const outcomeText = text(record.outcome)?.toLowerCase() ?? '';
  const outcome = OUTCOMES[outcomeText];
  if (!outcome) {
    throw new InputError(`${where}: outcome: expected success, failure or canceled, got '${outcomeText}'`);
  }
  const durationText = text(record.durationSeconds);
  const duration = durationText === null ? null : Number(durationText);
  if (duration !== null && (!Number.isFinite(duration) || duration < 0)) {
    throw new InputError(
      `${where}: durationSeconds: expected a number of seconds ≥ 0, got '${durationText}'`,
    );
  }
  return { automation, at, actor: text(record.actor), outcome, durationSeconds: duration };
}

/** Runs from a CSV (with a header row) or NDJSON file; the first bad line rejects the whole file. */
export async function readRunsFile(path: string): Promise<RunRecord[]> {
  const content = await readFile(path, 'utf8');
  const firstChar = content.trimStart()[0];
  if (firstChar === '{') {
    return content.split('\n').flatMap((line, index) => {
      if (line.trim() === '') return [];
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        throw new InputError(`${path}:${index + 1}: not valid JSON`);
      }
      return [parseRunRecord(parsed, `${path}:${index + 1}`)];
    });
  }
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(content, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new InputError(
      `${path}: not a readable CSV (${error instanceof Error ? error.message.split('\n')[0] : 'parse error'})`,
    );
  }
  // Line numbers count the header as line 1.
  return rows.map((row, index) => parseRunRecord(row, `${path}:${index + 2}`));
}

/** Names runs may be recorded for: registered automations and those in the config. */
export async function knownAutomations(db: Db, config: ToilscopeConfig): Promise<Set<string>> {
  const rows = await db.select({ name: automations.name }).from(automations);
  return new Set([...rows.map((r) => r.name), ...config.automations.map((a) => a.name)]);
}

/** Stores runs in one transaction; a run already stored (same automation, instant, actor) is skipped. */
export async function storeRuns(
  db: Db,
  runs: readonly RunRecord[],
  known: Set<string>,
): Promise<{ inserted: number; duplicates: number }> {
  const unknown = runs.find((r) => !known.has(r.automation));
  if (unknown) {
    throw new NotFoundError(
      `automation '${unknown.automation}' is not registered (config automations or the Impact page)`,
    );
  }
  let inserted = 0;
  await db.transaction(async (tx) => {
    for (let i = 0; i < runs.length; i += 1000) {
      const batch = runs.slice(i, i + 1000);
      const rows = await tx
        .insert(automationRuns)
        .values(batch.map((r) => ({ ...r })))
        .onConflictDoNothing()
        .returning({ id: automationRuns.id });
      inserted += rows.length;
    }
  });
  return { inserted, duplicates: runs.length - inserted };
}

/**
 * A new token for POST /api/v1/automations/{name}/runs, replacing any earlier one; only its hash is
 * stored. An automation known only from the config is registered first.
 */
export async function issueRunsToken(db: Db, config: ToilscopeConfig, name: string): Promise<string> {
  const token = newToken();
  const configured = config.automations.find((a) => a.name === name);
  const [existing] = await db
    .select({ id: automations.id })
    .from(automations)
    .where(eq(automations.name, name));
  if (!existing && !configured) throw new NotFoundError(`automation '${name}' is not registered`);
  if (existing) {
    await db
      .update(automations)
      .set({ tokenHash: hashToken(token) })
      .where(eq(automations.id, existing.id));
  } else if (configured) {
    await db.insert(automations).values({
      name,
      clusters: configured.clusters,
      launchedAt: launchInstant(configured.launchedAt, config.reportTimeZone),
      buildCostHours: configured.buildCostHours ?? null,
      tokenHash: hashToken(token),
    });
  }
  return token;
}

/** Whether `token` is the automation's current runs token (null: no such automation). SHA-256 hashes are
 * compared, so the comparison's timing says nothing about the token. */
export async function runsTokenMatches(db: Db, name: string, token: string): Promise<boolean | null> {
  const [row] = await db
    .select({
      ok: sql<boolean>`${automations.tokenHash} is not null and ${automations.tokenHash} = ${hashToken(token)}`,
    })
    .from(automations)
    .where(eq(automations.name, name));
  return row ? row.ok : null;
}

/**
 * POST /api/v1/automations/{name}/runs: a run or an array of runs as JSON, authenticated only by the
 * automation's bearer token (machine to machine: no session, no Origin). 401 without a matching token,
 * 404 for an unknown automation, 400 naming the bad element and field.
 */
export async function acceptPostedRuns(
  db: Db,
  input: { name: string; authorization: string | null; body: string },
): Promise<{ inserted: number; duplicates: number }> {
  const token = /^Bearer\s+(\S+)$/i.exec(input.authorization ?? '')?.[1];
  if (!token)
    throw new AuthorizationError(
      401,
      'missing bearer token: send Authorization: Bearer <token> (automations token <name>)',
    );
  const matches = await runsTokenMatches(db, input.name, token);
  if (matches === null) throw new NotFoundError(`automation '${input.name}' is not registered`);
  if (!matches)
    throw new AuthorizationError(401, `the token is not the current runs token of '${input.name}'`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(input.body);
  } catch {
    throw new InputError('body: not valid JSON');
  }
  const items = Array.isArray(parsed) ? parsed : [parsed];
  if (items.length === 0) throw new InputError('body: no runs');
  if (items.length > 10_000) throw new InputError('body: at most 10000 runs per request');
  const runs = items.map((item, index) =>
    parseRunRecord(item, Array.isArray(parsed) ? `body[${index}]` : 'body', { automation: input.name }),
  );
  return storeRuns(db, runs, new Set([input.name]));
}
