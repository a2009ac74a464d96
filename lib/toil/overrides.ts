// User decisions about request types (rename, merge, split, exclude, assign), stored as
// cluster_overrides rows and re-applied, in created_at order, after every re-cluster.
import { z } from 'zod';
import { clusterIdOf } from './hash';
import { summariseCluster } from './summary';
import type { Cluster, ClusteringResult, ClusterMember } from './types';

export const OVERRIDE_ACTIONS = ['rename', 'merge', 'split', 'exclude', 'assign'] as const;
export type OverrideAction = (typeof OVERRIDE_ACTIONS)[number];

const clusterIdSchema = z.string().trim().min(1, { error: 'must name a cluster' });

export const renamePayloadSchema = z.object({ label: z.string().trim().min(1).max(200) });
/** cluster_id is the kept cluster; `from` are absorbed into it. */
export const mergePayloadSchema = z.object({ from: z.array(clusterIdSchema).min(1) });
/**
 * Moves the tickets on `templateIds`, and the tickets named in `ticketIds`, out of cluster_id into a new
 * cluster (see `splitClusterId`). At least one of the two lists is non-empty.
 */
export const splitPayloadSchema = z
  .object({
    templateIds: z.array(z.string().trim().min(1)).default([]),
    ticketIds: z.array(z.string().trim().min(1)).optional(),
    label: z.string().trim().min(1).max(200).optional(),
  })
  .refine((p) => p.templateIds.length + (p.ticketIds?.length ?? 0) > 0, {
    error: 'name at least one template or ticket to split off',
  });
/** Excluded clusters stay visible but are left out of candidates. */
export const excludePayloadSchema = z.object({ excluded: z.boolean() });
/** cluster_id is the target cluster. */
export const assignPayloadSchema = z.object({ ticketId: z.string().trim().min(1) });

const instantSchema = z.union([z.date(), z.iso.datetime({ offset: true })]).transform((v) => new Date(v));
const common = {
  id: z.number().int().optional(),
  clusterId: clusterIdSchema,
  createdAt: instantSchema,
  createdBy: z.string().nullable().default(null),
};

export const clusterOverrideSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('rename'), payload: renamePayloadSchema, ...common }),
  z.object({ action: z.literal('merge'), payload: mergePayloadSchema, ...common }),
  z.object({ action: z.literal('split'), payload: splitPayloadSchema, ...common }),
  z.object({ action: z.literal('exclude'), payload: excludePayloadSchema, ...common }),
  z.object({ action: z.literal('assign'), payload: assignPayloadSchema, ...common }),
]);
export type ClusterOverride = z.infer<typeof clusterOverrideSchema>;
export type ClusterOverrideInput = z.input<typeof clusterOverrideSchema>;

/** A new override as a person submits it (the server adds created_at and created_by). */
export const newClusterOverrideSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('rename'), clusterId: clusterIdSchema, payload: renamePayloadSchema }),
  z.object({ action: z.literal('merge'), clusterId: clusterIdSchema, payload: mergePayloadSchema }),
  z.object({ action: z.literal('split'), clusterId: clusterIdSchema, payload: splitPayloadSchema }),
  z.object({ action: z.literal('exclude'), clusterId: clusterIdSchema, payload: excludePayloadSchema }),
  z.object({ action: z.literal('assign'), clusterId: clusterIdSchema, payload: assignPayloadSchema }),
]);
export type NewClusterOverride = z.infer<typeof newClusterOverrideSchema>;

/** A stored row (snake_case as `sql` returns it, or camelCase as drizzle does) → a validated override. */
export function parseOverrideRow(row: {
  id?: number;
  action: string;
  cluster_id?: string;
  clusterId?: string;
  payload: unknown;
  created_at?: string | Date;
  createdAt?: string | Date;
  created_by?: string | null;
  createdBy?: string | null;
}): { ok: true; override: ClusterOverride } | { ok: false; reason: string } {
  const parsed = clusterOverrideSchema.safeParse({
    id: row.id,
    action: row.action,
    clusterId: row.clusterId ?? row.cluster_id,
    payload: row.payload,
    createdAt: row.createdAt ?? row.created_at,
    createdBy: row.createdBy ?? row.created_by ?? null,
  });
  if (parsed.success) return { ok: true, override: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, reason: `${issue?.path.join('.') || 'override'}: ${issue?.message ?? 'invalid'}` };
}

/** The id of the cluster a split creates: derived from the source cluster and what it moves. */
export function splitClusterId(
  clusterId: string,
  templateIds: readonly string[],
  ticketIds: readonly string[] = [],
): string {
  const templates = [...templateIds].sort().join(',');
  // Template-only splits keep the id they had before ticket splits existed.
  const tickets = ticketIds.length > 0 ? `|tickets:${[...ticketIds].sort().join(',')}` : '';
  return clusterIdOf(`split|${clusterId}|${templates}${tickets}`);
}

export interface OverrideOutcome {
  override: ClusterOverride;
  /** applied: fully; partial: some named clusters/templates were missing; skipped: nothing to do. */
  status: 'applied' | 'partial' | 'skipped';
  reason: string | null;
}

export interface AppliedOverrides {
  result: ClusteringResult;
  outcomes: OverrideOutcome[];
}

/**
 * Applies overrides in created_at order (then id). An override whose cluster (or ticket) no longer
 * exists is reported as skipped and left for the caller to keep; it never throws. Pure.
 */
export function applyOverrides(
  result: ClusteringResult,
  overrides: readonly ClusterOverride[],
): AppliedOverrides {
  const clusters = new Map<string, Cluster>(result.clusters.map((c) => [c.id, { ...c }]));
  const members = result.members.map((m) => ({ ...m }));
  const memberByTicket = new Map(members.map((m) => [m.ticketId, m]));
  const touched = new Set<string>();
  const templateText = new Map<string, string>();
  for (const c of result.clusters) for (const t of c.templates) templateText.set(t.id, t.text);

  const ordered = [...overrides].sort(
    (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id ?? 0) - (b.id ?? 0),
  );
  const outcomes: OverrideOutcome[] = [];
  const outcome = (override: ClusterOverride, status: OverrideOutcome['status'], reason: string | null) =>
    outcomes.push({ override, status, reason });

  for (const o of ordered) {
    const target = clusters.get(o.clusterId);
    if (!target) {
      outcome(o, 'skipped', `cluster ${o.clusterId} no longer exists`);
      continue;
    }
    switch (o.action) {
      case 'rename':
        target.label = o.payload.label;
        outcome(o, 'applied', null);
        break;
      case 'exclude':
        target.excluded = o.payload.excluded;
        outcome(o, 'applied', null);
        break;
      case 'merge': {
        const missing: string[] = [];
        let merged = 0;
        for (const from of o.payload.from) {
          if (from === target.id) continue;
          if (!clusters.has(from)) {
            missing.push(from);
            continue;
          }
          for (const m of members) if (m.clusterId === from) m.clusterId = target.id;
          clusters.delete(from);
          merged++;
        }
        touched.add(target.id);
        if (merged === 0) outcome(o, 'skipped', `clusters ${missing.join(', ')} no longer exist`);
        else if (missing.length > 0) outcome(o, 'partial', `clusters ${missing.join(', ')} no longer exist`);
        else outcome(o, 'applied', null);
        break;
      }
      case 'split': {
        const wanted = new Set(o.payload.templateIds);
        const pickedTickets = new Set(o.payload.ticketIds ?? []);
        const moving = members.filter(
          (m) =>
            m.clusterId === target.id &&
            ((m.templateId !== null && wanted.has(m.templateId)) || pickedTickets.has(m.ticketId)),
        );
        if (moving.length === 0) {
          const named = [
            ...(o.payload.templateIds.length > 0 ? [`templates ${o.payload.templateIds.join(', ')}`] : []),
            ...(pickedTickets.size > 0 ? [`tickets ${[...pickedTickets].join(', ')}`] : []),
          ];
          outcome(o, 'skipped', `cluster ${target.id} has no tickets on ${named.join(' or ')}`);
          break;
        }
        if (moving.length === members.filter((m) => m.clusterId === target.id).length) {
          outcome(o, 'skipped', `splitting would leave cluster ${target.id} empty`);
          break;
        }
        const newId = splitClusterId(target.id, o.payload.templateIds, o.payload.ticketIds);
        for (const m of moving) m.clusterId = newId;
        const firstTemplate = o.payload.templateIds.map((id) => templateText.get(id)).find((t) => t);
        clusters.set(newId, {
          ...target,
          id: newId,
          label: o.payload.label ?? firstTemplate ?? `${target.label} (split)`,
          examples: [],
          excluded: false,
        });
        touched.add(target.id);
        touched.add(newId);
        const found = new Set(moving.map((m) => m.templateId));
        const moved = new Set(moving.map((m) => m.ticketId));
        const absent = [
          ...o.payload.templateIds.filter((id) => !found.has(id)).map((id) => `template ${id}`),
          ...[...pickedTickets].filter((id) => !moved.has(id)).map((id) => `ticket ${id}`),
        ];
        if (absent.length > 0) outcome(o, 'partial', `${absent.join(', ')} not in ${target.id}`);
        else outcome(o, 'applied', null);
        break;
      }
      case 'assign': {
        const member = memberByTicket.get(o.payload.ticketId);
        if (!member) {
          outcome(o, 'skipped', `ticket ${o.payload.ticketId} no longer exists`);
          break;
        }
        if (member.clusterId !== null) touched.add(member.clusterId);
        member.clusterId = target.id;
        touched.add(target.id);
        outcome(o, 'applied', null);
        break;
      }
    }
  }

  const byCluster = new Map<string, ClusterMember[]>();
  for (const m of members) {
    if (m.clusterId === null) continue;
    const list = byCluster.get(m.clusterId) ?? [];
    byCluster.set(m.clusterId, list);
    list.push(m);
  }
  const out: Cluster[] = [];
  for (const c of clusters.values()) {
    const own = byCluster.get(c.id) ?? [];
    if (own.length === 0) continue; // emptied by moves: nothing left to show
    out.push(touched.has(c.id) ? summariseCluster(c, own, templateText) : c);
  }
  out.sort((a, b) => b.tickets - a.tickets || (a.id < b.id ? -1 : 1));
  return { result: { clusters: out, members }, outcomes };
}
