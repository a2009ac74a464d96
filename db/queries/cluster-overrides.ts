import type postgres from 'postgres';
import type { NewClusterOverride } from '../../lib/toil/overrides';
import { instantOf } from './ticket-history';

/** Stores a person's override; the next cluster step (or a re-apply) puts it into effect. */
export async function insertClusterOverride({
  sql,
  override,
  createdBy,
  createdAt,
}: {
  sql: postgres.Sql;
  override: NewClusterOverride;
  createdBy: string | null;
  createdAt: Date;
}): Promise<number> {
  const [row] = await sql<{ id: number }[]>`
    insert into cluster_overrides (action, cluster_id, payload, created_at, created_by)
    values (${override.action}, ${override.clusterId}, ${JSON.stringify(override.payload)}::jsonb,
            ${createdAt.toISOString()}::timestamptz, ${createdBy})
    returning id`;
  if (!row) throw new Error('the override was not stored');
  return row.id;
}

/** Undo: removes one stored override; false when it was already gone. */
export async function deleteClusterOverride({
  sql,
  id,
}: {
  sql: postgres.Sql;
  id: number;
}): Promise<boolean> {
  const rows = await sql`delete from cluster_overrides where id = ${id} returning id`;
  return rows.length > 0;
}

export interface TicketRef {
  id: string;
  key: string;
  source: string;
}

/** Live tickets with these keys (a key may exist in more than one source), for assign and split forms. */
export async function listTicketsByKey({
  sql,
  keys,
}: {
  sql: postgres.Sql;
  keys: readonly string[];
}): Promise<TicketRef[]> {
  if (keys.length === 0) return [];
  return sql<TicketRef[]>`
    select id, key, source from tickets
    where key = any(${keys as string[]}) and deleted_at is null order by key, source`;
}

/** Tickets whose stored metrics name another cluster than their membership: what a re-apply re-derives. */
export async function listTicketsWithStaleCluster({ sql }: { sql: postgres.Sql }): Promise<string[]> {
  const rows = await sql<{ ticket_id: string }[]>`
    select m.ticket_id from ticket_metrics m
    left join cluster_members cm on cm.ticket_id = m.ticket_id
    where m.cluster_id is distinct from cm.cluster_id
    order by 1`;
  return rows.map((r) => r.ticket_id);
}

/** The "now" of the last full or incremental analysis, or null before the first one. */
export async function getLastAnalysisAsOf({ sql }: { sql: postgres.Sql }): Promise<Date | null> {
  const [row] = await sql<
    { as_of: string | Date }[]
  >`select as_of from analysis_runs order by id desc limit 1`;
  return row ? instantOf(row.as_of) : null;
}
