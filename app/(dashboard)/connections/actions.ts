'use server';

import { eq } from 'drizzle-orm';
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDatabase } from '@/app/_lib/db';
import { validatedAction } from '@/app/_lib/validated-action';
import { connections } from '@/db/schema';
import { env } from '@/lib/env';
import { InputError, NotFoundError } from '@/lib/errors';
import { ingestSourceFor } from '@/lib/ingest/registry';
import {
  addStoredConnection,
  credentialFor,
  parseSchedule,
  SYNCABLE_KINDS,
  type SyncableKind,
  updateStoredConnection,
} from '@/lib/ingest/stored-connections';
import { assertUrlAllowed, connectorFetch, urlPolicyFrom } from '@/lib/security/url-guard';

const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? null : v));

const connectionForm = z.object({
  kind: z.enum(SYNCABLE_KINDS, { error: 'choose Jira, Linear or GitHub' }),
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: "letters, digits, '.', '_' or '-', up to 64" }),
  baseUrl: optional,
  scope: optional,
  schedule: optional,
  email: optional,
  // Never echoed back: the page only ever shows "set" and the last four characters.
  secret: optional,
});

const DEFAULT_URL = { jira: null, linear: 'LINEAR_API_URL', github: 'GITHUB_API_URL' } as const;

/** URL (SSRF-checked), scope and schedule of a connection form, validated for its source. */
async function connectionSettings(
  kind: SyncableKind,
  input: { baseUrl: string | null; scope: string | null; schedule: string | null },
): Promise<{ baseUrl: string; scope: Record<string, unknown>; schedule: string | null }> {
  const e = env();
  const defaultVar = DEFAULT_URL[kind];
  const baseUrl = input.baseUrl ?? (defaultVar ? e[defaultVar] : null);
  if (!baseUrl)
    throw new InputError('baseUrl: required for Jira (the site URL, e.g. https://acme.atlassian.net)');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new InputError(`baseUrl: not a URL: '${baseUrl}'`);
  }
  await assertUrlAllowed(url, urlPolicyFrom(e.TOILSCOPE_ALLOWED_HOSTS));
  const rawScope =
    kind === 'jira'
      ? { jql: input.scope ?? '' }
      : kind === 'github'
        ? { repo: input.scope ?? '' }
        : input.scope
          ? { team: input.scope }
          : {};
  const scope = ingestSourceFor(kind).scopeSchema.safeParse(rawScope);
  if (!scope.success) throw new InputError(`scope: ${scope.error.issues[0]?.message ?? 'invalid'}`);
  try {
    parseSchedule(input.schedule);
  } catch {
    throw new InputError(
      `schedule: expected a period such as 30m, 1h or 1d (at least 5m), got '${input.schedule}'`,
    );
  }
  return {
    baseUrl: url.toString().replace(/\/+$/, ''),
    scope: scope.data as Record<string, unknown>,
    schedule: input.schedule,
  };
}

/** Admins store a connection; the secret is sealed with TOILSCOPE_SECRET_KEY before anything is written. */
export const addConnection = validatedAction('admin', connectionForm, async (input) => {
  const settings = await connectionSettings(input.kind, input);
  const { db } = await getDatabase();
  await addStoredConnection(db, {
    kind: input.kind,
    name: input.name,
    ...settings,
    credential: credentialFor(input.kind, { email: input.email, secret: input.secret }),
  });
  revalidatePath('/connections');
  return {
    ok: true,
    message: `Stored connection ${input.name}; the secret is encrypted and will not be shown again.`,
  };
});

/** Admins change a connection; an empty secret keeps the stored one. */
export const editConnection = validatedAction('admin', connectionForm.omit({ kind: true }), async (input) => {
  const { db } = await getDatabase();
  const [row] = await db.select().from(connections).where(eq(connections.name, input.name));
  if (!row || !(SYNCABLE_KINDS as readonly string[]).includes(row.kind)) {
    throw new NotFoundError(`no Jira, Linear or GitHub connection named '${input.name}'`);
  }
  const kind = row.kind as SyncableKind;
  const settings = await connectionSettings(kind, input);
  const { cursorsReset } = await updateStoredConnection(db, {
    name: input.name,
    ...settings,
    credential: input.secret ? credentialFor(kind, { email: input.email, secret: input.secret }) : null,
  });
  revalidatePath('/connections');
  return {
    ok: true,
    message: `Updated ${input.name}${input.secret ? ' with a new secret' : ''}${cursorsReset ? '; the next sync reads the new scope in full' : ''}.`,
  };
});

const named = z.object({ name: z.string().trim().min(1, { error: 'which connection' }) });

export const removeConnection = validatedAction('admin', named, async ({ name }) => {
  const { db } = await getDatabase();
  const removed = await db
    .delete(connections)
    .where(eq(connections.name, name))
    .returning({ id: connections.id });
  if (removed.length === 0) throw new NotFoundError(`no connection named '${name}'`);
  revalidatePath('/connections');
  return { ok: true, message: `Removed connection ${name} with its tickets and runs.` };
});

/**
 * Checks that the connection's URL passes the SSRF guard now and answers at all (without sending its
 * secret: a full sync is what proves the credential).
 */
export const testConnection = validatedAction('admin', named, async ({ name }) => {
  const { db } = await getDatabase();
  const [row] = await db.select().from(connections).where(eq(connections.name, name));
  if (!row?.baseUrl) throw new NotFoundError(`no connection named '${name}' with a URL`);
  const started = Date.now();
  const response = await connectorFetch(env().TOILSCOPE_ALLOWED_HOSTS)(row.baseUrl, {
    method: 'GET',
    redirect: 'error',
    signal: AbortSignal.timeout(10_000),
  }).catch((error: unknown) => {
    if (error instanceof InputError) throw error;
    throw new InputError(
      `${new URL(row.baseUrl as string).host} did not answer (${error instanceof Error ? error.message : 'network error'})`,
    );
  });
  return {
    ok: true,
    message: `${name}: ${new URL(row.baseUrl).host} answered HTTP ${response.status} in ${Date.now() - started} ms; the URL passes the SSRF guard.`,
  };
});
