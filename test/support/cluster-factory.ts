import type { Database } from '../../db/client';
import { clusterMembers, clusterRuns, clusters } from '../../db/schema';
import { DEFAULT_MINING_OPTIONS, miningSettingsKey } from '../../lib/toil/mine';

export interface ClusterSpec {
  id: string;
  label: string;
  template?: string | null;
  templates?: Array<{ id: string; text: string; tickets: number }>;
  parameters?: Array<{ slot: number; values: string[]; distinct: number }>;
  examples?: string[];
  excluded?: boolean;
  /** Ticket keys in the cluster, each with its template id. */
  members: Array<{ key: string; templateId?: string | null; parameters?: string[] }>;
}

/**
 * Stores clusters and their members as the clustering step would (tests of the reports and pages that
 * read them). Tickets are addressed by key; they must already be stored.
 */
export async function insertClusters(database: Database, specs: readonly ClusterSpec[]): Promise<void> {
  const keys = specs.flatMap((s) => s.members.map((m) => m.key));
  const rows = await database.sql<{ id: string; key: string; created_at: string | Date }[]>`
    select id, key, created_at from tickets where key = any(${keys})`;
  const byKey = new Map(rows.map((r) => [r.key, r]));
  await database.db.transaction(async (tx) => {
    // A run record, as the step writes: a later `analyze` then assigns only newer tickets (none) instead
    // of re-clustering these hand-made clusters away.
    const now = new Date();
    await tx.insert(clusterRuns).values({
      mode: 'full',
      settingsKey: miningSettingsKey(DEFAULT_MINING_OPTIONS),
      startedAt: now,
      finishedAt: now,
      ingestedThrough: now,
      tickets: keys.length,
      clustered: keys.length,
      clusters: specs.length,
    });
    for (const spec of specs) {
      const members = spec.members.map((m) => {
        const row = byKey.get(m.key);
        if (!row) throw new Error(`insertClusters: no stored ticket with key ${m.key}`);
        return { ...m, ticketId: row.id, createdAt: new Date(row.created_at) };
      });
      const times = members.map((m) => m.createdAt.getTime());
      await tx.insert(clusters).values({
        id: spec.id,
        label: spec.label,
        template: spec.template ?? null,
        templates: spec.templates ?? [],
        parameters: spec.parameters ?? [],
        tickets: members.length,
        firstSeen: times.length ? new Date(Math.min(...times)) : null,
        lastSeen: times.length ? new Date(Math.max(...times)) : null,
        examples: spec.examples ?? [],
        excluded: spec.excluded ?? false,
      });
      if (members.length === 0) continue;
      await tx.insert(clusterMembers).values(
        members.map((m) => ({
          ticketId: m.ticketId,
          clusterId: spec.id,
          templateId: m.templateId ?? null,
          parameters: m.parameters ?? [],
        })),
      );
    }
  });
}
