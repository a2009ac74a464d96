// Connections stored for `sync`: the source credential read from the environment once, sealed with
// AES-256-GCM (lib/security/secrets.ts) and opened only in the process that runs the sync.
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/client';
import { type Connection, connections, syncCursors, syncRuns } from '../../db/schema';
import type { Env } from '../env';
import { InputError, NotFoundError } from '../errors';
import { decryptSecret, encryptSecret, last4, type SecretKey } from '../security/secrets';

export const SYNCABLE_KINDS = ['jira', 'linear', 'github'] as const;
export type SyncableKind = (typeof SYNCABLE_KINDS)[number];

type CredentialVar = 'JIRA_EMAIL' | 'JIRA_API_TOKEN' | 'JIRA_PAT' | 'LINEAR_API_KEY' | 'GITHUB_TOKEN';

// Every variable a source reads its credential from; a stored secret replaces all of its source's.
const CREDENTIAL_VARS: Record<SyncableKind, readonly CredentialVar[]> = {
  jira: ['JIRA_EMAIL', 'JIRA_API_TOKEN', 'JIRA_PAT'],
  linear: ['LINEAR_API_KEY'],
  github: ['GITHUB_TOKEN'],
};

export interface SourceCredential {
  /** The variables to set when the connection runs (e.g. JIRA_EMAIL + JIRA_API_TOKEN). */
  vars: Partial<Record<CredentialVar, string>>;
  /** The secret part, for last4 and for scrubbing. */
  secret: string;
}

/**
 * A source credential from what a person typed (the Connections page) or the environment holds: Jira
 * takes an email with an API token (Cloud) or a token alone (Data Center PAT); Linear a key; GitHub an
 * optional token. Null when the source is read without one.
 */
export function credentialFor(
  kind: SyncableKind,
  input: { email?: string | null; secret?: string | null },
): SourceCredential | null {
  const secret = input.secret?.trim() || null;
  const email = input.email?.trim() || null;
  if (kind === 'jira') {
    if (!secret) {
      throw new InputError(
        'JIRA_API_TOKEN is not set: a Jira connection needs JIRA_EMAIL and JIRA_API_TOKEN (Cloud) or JIRA_PAT (Data Center)',
      );
    }
    return email
      ? { vars: { JIRA_EMAIL: email, JIRA_API_TOKEN: secret }, secret }
      : { vars: { JIRA_PAT: secret }, secret };
  }
  if (kind === 'linear') {
    if (!secret) throw new InputError('LINEAR_API_KEY is not set: a Linear connection needs the API key');
    return { vars: { LINEAR_API_KEY: secret }, secret };
  }
  return secret ? { vars: { GITHUB_TOKEN: secret }, secret } : null;
}

/** The credential `connections add <kind>` stores, from the source's environment variables. */
export function credentialFromEnv(kind: SyncableKind, e: Env): SourceCredential | null {
  if (kind === 'jira') {
    if (e.JIRA_EMAIL && e.JIRA_API_TOKEN)
      return credentialFor(kind, { email: e.JIRA_EMAIL, secret: e.JIRA_API_TOKEN });
    return credentialFor(kind, { secret: e.JIRA_PAT });
  }
  return credentialFor(kind, { secret: kind === 'linear' ? e.LINEAR_API_KEY : e.GITHUB_TOKEN });
}

const secretContext = (name: string) => `connection:${name}`;

/** `30m`, `1h`, `6h`, `1d` → milliseconds; null for no schedule. */
export function parseSchedule(raw: string | undefined | null): number | null {
  if (raw === undefined || raw === null || raw === '') return null;
  const match = /^(\d+)\s*(m|h|d)$/.exec(raw.trim());
  const amount = match ? Number(match[1]) : Number.NaN;
  const unit = match?.[2] as 'm' | 'h' | 'd' | undefined;
  if (!unit || !Number.isInteger(amount) || amount <= 0) {
    throw new InputError(`--schedule: expected a period such as 30m, 1h or 1d, got '${raw}'`);
  }
  const ms = amount * { m: 60_000, h: 3_600_000, d: 86_400_000 }[unit];
  if (ms < 5 * 60_000) throw new InputError(`--schedule: at least 5m between runs, got '${raw}'`);
  return ms;
}

export async function addStoredConnection(
  db: Db,
  input: {
    kind: SyncableKind;
    name: string;
    baseUrl: string | null;
    scope: Record<string, unknown>;
    schedule: string | null;
    credential: SourceCredential | null;
    keys?: SecretKey[];
  },
): Promise<Connection> {
  // Sealed before anything is written: without a key nothing is stored.
  const sealed = input.credential
    ? encryptSecret(JSON.stringify(input.credential.vars), {
        keys: input.keys,
        context: secretContext(input.name),
      })
    : null;
  const secretLast4 = input.credential ? last4(input.credential.secret) : null;
  const [row] = await db
    .insert(connections)
    .values({
      kind: input.kind,
      name: input.name,
      baseUrl: input.baseUrl,
      scope: input.scope,
      schedule: input.schedule,
      secretCiphertext: sealed?.ciphertext ?? null,
      secretKeyId: sealed?.keyId ?? null,
      secretLast4,
    })
    .onConflictDoNothing({ target: connections.name })
    .returning();
  if (!row)
    throw new InputError(`--name: a connection named '${input.name}' already exists (remove it first)`);
  return row;
}

/**
 * Changes a stored connection's URL, scope or schedule, and its secret when a new one is given (null
 * keeps the sealed one). A new URL or scope drops the sync cursors: the next sync reads everything in
 * the new scope, and its census reconciles tickets that left it, instead of only changes since.
 */
export async function updateStoredConnection(
  db: Db,
  input: {
    name: string;
    baseUrl: string | null;
    scope: Record<string, unknown>;
    schedule: string | null;
    credential: SourceCredential | null;
    keys?: SecretKey[];
  },
): Promise<{ connection: Connection; cursorsReset: boolean }> {
  const sealed = input.credential
    ? encryptSecret(JSON.stringify(input.credential.vars), {
        keys: input.keys,
        context: secretContext(input.name),
      })
    : null;
  return db.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(connections)
      .where(eq(connections.name, input.name))
      .for('update');
    if (!current) throw new NotFoundError(`no connection named '${input.name}'`);
    const moved =
      current.baseUrl !== input.baseUrl || JSON.stringify(current.scope) !== JSON.stringify(input.scope);
    const [row] = await tx
      .update(connections)
      .set({
        baseUrl: input.baseUrl,
        scope: input.scope,
        schedule: input.schedule,
        ...(sealed && input.credential
          ? {
              secretCiphertext: sealed.ciphertext,
              secretKeyId: sealed.keyId,
              secretLast4: last4(input.credential.secret),
            }
          : {}),
      })
      .where(eq(connections.id, current.id))
      .returning();
    if (moved) await tx.delete(syncCursors).where(eq(syncCursors.connectionId, current.id));
    return { connection: row ?? current, cursorsReset: moved };
  });
}

/** The environment a stored connection runs with: its own credential in place of the process's. */
export function connectionEnv(connection: Connection, e: Env, keys?: SecretKey[]): Env {
  const kind = connection.kind as SyncableKind;
  const vars = CREDENTIAL_VARS[kind];
  if (!vars || connection.secretCiphertext === null) return e;
  const opened = JSON.parse(
    decryptSecret(connection.secretCiphertext, { keys, context: secretContext(connection.name) }),
  ) as Partial<Record<CredentialVar, string>>;
  const cleared = Object.fromEntries(vars.map((v) => [v, undefined]));
  return { ...e, ...cleared, ...opened };
}

/** The stored connections `sync` can run, by name; NotFoundError when `name` matches none. */
export async function listSyncableConnections(db: Db, name?: string): Promise<Connection[]> {
  const rows = await db
    .select()
    .from(connections)
    .where(sql`${connections.kind} in ('jira', 'linear', 'github')`)
    .orderBy(asc(connections.name));
  if (name === undefined) return rows;
  const picked = rows.filter((r) => r.name === name);
  if (picked.length === 0)
    throw new NotFoundError(`--name: no stored connection named '${name}' (see connections list)`);
  return picked;
}

/** When each connection's latest ingest run started (null: never ran). */
export async function lastRunStarts(db: Db): Promise<Map<number, Date>> {
  const rows = await db
    .select({
      connectionId: syncRuns.connectionId,
      startedAt: sql<Date>`max(${syncRuns.startedAt})`.mapWith(syncRuns.startedAt),
    })
    .from(syncRuns)
    .where(eq(syncRuns.kind, 'ingest'))
    .groupBy(syncRuns.connectionId);
  return new Map(rows.map((r) => [r.connectionId, r.startedAt]));
}

/** The instant a scheduled connection is next due; null when it has no schedule. */
export function nextDue(connection: Pick<Connection, 'schedule'>, lastStart: Date | undefined): Date | null {
  const period = parseSchedule(connection.schedule);
  if (period === null) return null;
  return lastStart ? new Date(lastStart.getTime() + period) : new Date(0);
}
