'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import type { Principal } from '@/app/_lib/authorize';
import { getDatabase } from '@/app/_lib/db';
import { type ActionResult, validatedAction } from '@/app/_lib/validated-action';
import type { Database } from '@/db/client';
import {
  deleteClusterOverride,
  insertClusterOverride,
  listTicketsByKey,
} from '@/db/queries/cluster-overrides';
import { listClusters } from '@/db/queries/cluster-tickets';
import { getConfigInForce } from '@/lib/analysis/config-in-force';
import { reapplyClusterOverrides } from '@/lib/analysis/reapply-overrides';
import { InputError, NotFoundError } from '@/lib/errors';
import {
  excludePayloadSchema,
  type NewClusterOverride,
  renamePayloadSchema,
  splitClusterId,
} from '@/lib/toil/overrides';

const clusterId = z.string().trim().min(1, { error: 'must name a cluster' }).max(100);
// The page's own query string, so the person lands back on the window and filters they had.
const back = z
  .string()
  .max(1000)
  .regex(/^(\?[^#\s]*)?$/, { error: 'must be a query string' })
  .default('');
const ticketRef = z.string().trim().min(1, { error: 'enter a ticket key' }).max(200);

async function requireCluster(database: Database, id: string): Promise<void> {
  const [found] = await listClusters({ sql: database.sql, ids: [id] });
  if (!found) throw new NotFoundError(`cluster ${id} does not exist (it may have been merged away)`);
}

/** `KEY` or `source:KEY` → the ticket's id; an unknown or ambiguous key is an InputError naming it. */
async function resolveTicket(database: Database, ref: string, field: string): Promise<string> {
  const colon = ref.indexOf(':');
  const source = colon > 0 ? ref.slice(0, colon) : null;
  const key = colon > 0 ? ref.slice(colon + 1) : ref;
  const found = (await listTicketsByKey({ sql: database.sql, keys: [key] })).filter(
    (t) => source === null || t.source === source,
  );
  if (found.length === 0) throw new InputError(`${field}: no ticket ${ref}`);
  if (found.length > 1) {
    const sources = found.map((t) => t.source).join(', ');
    throw new InputError(`${field}: ${key} exists in ${sources}; write it as source:${key}`);
  }
  return (found[0] as { id: string }).id;
}

/** Stores the override, re-applies every override, and sends the person to the cluster it affects. */
async function saveAndReapply(
  override: NewClusterOverride,
  principal: Principal,
  show: string,
  query: string,
): Promise<ActionResult> {
  const database = await getDatabase();
  await insertClusterOverride({
    sql: database.sql,
    override,
    createdBy: principal.email ?? (principal.mode === 'open' ? 'local user' : null),
    createdAt: new Date(),
  });
  await reapply(database);
  return { redirectTo: `/clusters/${encodeURIComponent(show)}${query}` };
}

async function reapply(database: Database): Promise<void> {
  const { config } = await getConfigInForce({ db: database.db });
  await reapplyClusterOverrides(database, { config });
  revalidatePath('/clusters', 'layout');
  revalidatePath('/candidates');
}

export const renameCluster = validatedAction(
  'editor',
  z.object({ clusterId, label: renamePayloadSchema.shape.label, back }),
  async ({ clusterId, label, back }, principal) => {
    await requireCluster(await getDatabase(), clusterId);
    return saveAndReapply({ action: 'rename', clusterId, payload: { label } }, principal, clusterId, back);
  },
);

export const mergeCluster = validatedAction(
  'editor',
  z.object({ clusterId, into: clusterId, back }),
  async ({ clusterId, into, back }, principal) => {
    if (into === clusterId) throw new InputError('into: choose another cluster to merge into');
    const database = await getDatabase();
    await requireCluster(database, clusterId);
    await requireCluster(database, into);
    // The override names the kept cluster; this one is absorbed into it.
    return saveAndReapply(
      { action: 'merge', clusterId: into, payload: { from: [clusterId] } },
      principal,
      into,
      back,
    );
  },
);

export const splitCluster = validatedAction(
  'editor',
  z.object({
    clusterId,
    templateIds: z.array(z.string().trim().min(1)).max(500),
    ticketKeys: z.array(ticketRef).max(1000),
    label: z.string().trim().max(200).default(''),
    back,
  }),
  async ({ clusterId, templateIds, ticketKeys, label, back }, principal) => {
    if (templateIds.length + ticketKeys.length === 0) {
      throw new InputError('split: tick at least one template or ticket to split off');
    }
    const database = await getDatabase();
    await requireCluster(database, clusterId);
    const ticketIds: string[] = [];
    for (const ref of ticketKeys) ticketIds.push(await resolveTicket(database, ref, 'ticketKeys'));
    const payload = {
      templateIds,
      ...(ticketIds.length > 0 ? { ticketIds } : {}),
      ...(label ? { label } : {}),
    };
    const created = splitClusterId(clusterId, templateIds, ticketIds);
    return saveAndReapply({ action: 'split', clusterId, payload }, principal, created, back);
  },
  ['templateIds', 'ticketKeys'],
);

export const excludeCluster = validatedAction(
  'editor',
  z.object({ clusterId, excluded: z.enum(['true', 'false']), back }),
  async ({ clusterId, excluded, back }, principal) => {
    await requireCluster(await getDatabase(), clusterId);
    const payload = excludePayloadSchema.parse({ excluded: excluded === 'true' });
    return saveAndReapply({ action: 'exclude', clusterId, payload }, principal, clusterId, back);
  },
);

export const assignTicket = validatedAction(
  'editor',
  z.object({ clusterId, ticket: ticketRef, back }),
  async ({ clusterId, ticket, back }, principal) => {
    const database = await getDatabase();
    await requireCluster(database, clusterId);
    const ticketId = await resolveTicket(database, ticket, 'ticket');
    return saveAndReapply({ action: 'assign', clusterId, payload: { ticketId } }, principal, clusterId, back);
  },
);

export const undoOverride = validatedAction(
  'editor',
  z.object({ overrideId: z.coerce.number().int().positive(), clusterId, back }),
  async ({ overrideId, clusterId, back }) => {
    const database = await getDatabase();
    if (!(await deleteClusterOverride({ sql: database.sql, id: overrideId }))) {
      throw new NotFoundError(`override #${overrideId} was already undone`);
    }
    await reapply(database);
    // Undoing a split or merge can remove the cluster the person was on: fall back to the explorer.
    const [still] = await listClusters({ sql: database.sql, ids: [clusterId] });
    return { redirectTo: still ? `/clusters/${encodeURIComponent(clusterId)}${back}` : `/clusters${back}` };
  },
);
