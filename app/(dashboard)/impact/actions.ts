'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { getDatabase } from '@/app/_lib/db';
import { validatedAction } from '@/app/_lib/validated-action';
import { listClusters } from '@/db/queries/cluster-tickets';
import { automations } from '@/db/schema';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import { InputError } from '@/lib/errors';
import { issueRunsToken } from '@/lib/ingest/automation-runs';
import { launchInstant } from '@/lib/toil/impact';

const registration = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, { error: "letters, digits, '.', '_' or '-', up to 64" }),
  clusters: z.array(z.string().min(1)).min(1, { error: 'choose at least one request type' }),
  launchedAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'a date YYYY-MM-DD' }),
  buildCostHours: z
    .string()
    .trim()
    .transform((v, ctx) => {
      if (v === '') return null;
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) {
        ctx.addIssue({ code: 'custom', message: 'a number of hours ≥ 0, or empty' });
        return z.NEVER;
      }
      return n;
    }),
});

/**
 * Editors register an automation: the request types it replaces and its launch date. The runs token
 * is shown once in the answer; only its hash is kept.
 */
export const registerAutomation = validatedAction(
  'editor',
  registration,
  async (input) => {
    const database = await getDatabase();
    const { config } = await getConfigInForce({ db: database.db });
    if (config.automations.some((a) => a.name === input.name)) {
      throw new InputError(`name: '${input.name}' is defined in the config file; change it there`);
    }
    const known = new Set((await listClusters({ sql: database.sql, ids: input.clusters })).map((c) => c.id));
    const unknown = input.clusters.find((id) => !known.has(id));
    if (unknown)
      throw new InputError(`clusters: ${unknown} is not a request type (it may have been merged away)`);
    const [row] = await database.db
      .insert(automations)
      .values({
        name: input.name,
        clusters: input.clusters,
        launchedAt: launchInstant(input.launchedAt, config.reportTimeZone),
        buildCostHours: input.buildCostHours,
      })
      .onConflictDoNothing({ target: automations.name })
      .returning({ id: automations.id });
    if (!row) throw new InputError(`name: an automation named '${input.name}' is already registered`);
    const token = await issueRunsToken(database.db, config, input.name);
    revalidatePath('/impact');
    return {
      ok: true,
      message: `Registered ${input.name}. Its runs token, shown only now: ${token}`,
    };
  },
  ['clusters'],
);
