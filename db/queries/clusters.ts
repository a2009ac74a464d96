import type postgres from 'postgres';
import { type ClusterOverride, parseOverrideRow } from '../../lib/toil/overrides';
import type { PreviousClusters } from '../../lib/toil/stable-ids';
import type { Cluster, ClusterMember, TemplateSummary } from '../../lib/toil/types';

export interface ClusterText {
  id: string;
  key: string;
  title: string;
  description: string;
  createdAt: string;
  ingestedAt: string;
}

/** An instant as UTC ISO text to the microsecond (a JS Date would drop the last three digits). */
function microsecondText(sql: postgres.Sql, column: postgres.Fragment): postgres.Fragment {
  return sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/** Ticket texts for clustering in id order, a page at a time; descriptions cut to their start. */
export async function* streamClusterTexts({
  sql,
  ingestedAfter = null,
  pageSize = 5000,
  descriptionChars = 2000,
}: {
  sql: postgres.Sql;
  ingestedAfter?: string | null;
  pageSize?: number;
  descriptionChars?: number;
}): AsyncGenerator<ClusterText[]> {
  let after = '';
  for (;;) {
    const rows = await sql<
      {
        id: string;
        key: string;
        title: string;
        description: string;
        created_at: string;
        ingested_at: string;
      }[]
    >`
      select id, key, title, left(description, ${descriptionChars}) as description, created_at,
             ${microsecondText(sql, sql`ingested_at`)} as ingested_at
      from tickets
      where id > ${after} and deleted_at is null
        ${ingestedAfter ? sql`and ingested_at > ${ingestedAfter}` : sql``}
      order by id
      limit ${pageSize}`;
    if (rows.length === 0) return;
    after = rows[rows.length - 1]?.id ?? after;
    yield rows.map((r) => ({
      id: r.id,
      key: r.key,
      title: r.title,
      description: r.description,
      createdAt: new Date(r.created_at).toISOString(),
      // To the microsecond, fixed width: the newest is found by comparing text, and the next
      // incremental run starts strictly after it.
      ingestedAt: r.ingested_at,
    }));
  }
}

export interface StoredCluster {
  id: string;
  label: string;
  template: string | null;
  templates: TemplateSummary[];
  terms: string[];
  tickets: number;
}

/** The current clusters and the miner's memberships (before overrides): what a re-cluster keeps ids from. */
export async function getPreviousClusters({
  sql,
}: {
  sql: postgres.Sql;
}): Promise<PreviousClusters & { stored: StoredCluster[] }> {
  const clusters = await sql<StoredCluster[]>`
    select id, label, template, templates, terms, tickets from clusters order by id`;
  const memberOf = new Map<string, string>();
  let after = '';
  for (;;) {
    const rows = await sql<{ ticket_id: string; cluster_id: string }[]>`
      select ticket_id, coalesce(mined_cluster_id, cluster_id) as cluster_id from cluster_members
      where ticket_id > ${after} order by ticket_id limit 50000`;
    if (rows.length === 0) break;
    for (const r of rows) memberOf.set(r.ticket_id, r.cluster_id);
    after = rows[rows.length - 1]?.ticket_id ?? after;
  }
  return { clusters, memberOf, stored: clusters };
}

/** Stored overrides, valid ones parsed; malformed rows are reported, never applied. */
export async function listClusterOverrides({
  sql,
}: {
  sql: postgres.Sql;
}): Promise<{ overrides: ClusterOverride[]; invalid: { id: number; reason: string }[] }> {
  const rows = await sql<
    {
      id: number;
      action: string;
      cluster_id: string;
      payload: unknown;
      created_at: string;
      created_by: string | null;
    }[]
  >`select id, action, cluster_id, payload, created_at, created_by from cluster_overrides order by created_at, id`;
  const overrides: ClusterOverride[] = [];
  const invalid: { id: number; reason: string }[] = [];
  for (const row of rows) {
    const parsed = parseOverrideRow({ ...row, created_at: new Date(row.created_at).toISOString() });
    if (parsed.ok) overrides.push(parsed.override);
    else invalid.push({ id: row.id, reason: parsed.reason });
  }
  return { overrides, invalid };
}

export interface ClusterRun {
  mode: 'full' | 'incremental';
  settingsKey: string;
  startedAt: Date;
  finishedAt: Date;
  ingestedThrough: string | null;
  tickets: number;
  clustered: number;
  clusters: number;
}

export async function getLastClusterRun({ sql }: { sql: postgres.Sql }): Promise<ClusterRun | null> {
  const rows = await sql<
    {
      mode: 'full' | 'incremental';
      settings_key: string;
      started_at: string;
      finished_at: string;
      ingested_through: string | null;
      tickets: number;
      clustered: number;
      clusters: number;
    }[]
  >`select mode, settings_key, started_at, finished_at,
           ${microsecondText(sql, sql`ingested_through`)} as ingested_through, tickets, clustered, clusters
    from cluster_runs order by id desc limit 1`;
  const r = rows[0];
  if (!r) return null;
  return {
    mode: r.mode,
    settingsKey: r.settings_key,
    startedAt: new Date(r.started_at),
    finishedAt: new Date(r.finished_at),
    ingestedThrough: r.ingested_through,
    tickets: r.tickets,
    clustered: r.clustered,
    clusters: r.clusters,
  };
}

type TxSql = postgres.TransactionSql;
const BATCH = 5000;

async function insertClusters(tx: TxSql, clusters: readonly Cluster[]): Promise<void> {
  for (let i = 0; i < clusters.length; i += BATCH) {
    const chunk = clusters.slice(i, i + BATCH);
    await tx`
      insert into clusters (id, label, template, parameters, templates, terms, tickets, first_seen, last_seen,
                            examples, excluded, updated_at)
      select u.id, u.label, u.template, u.parameters::jsonb, u.templates::jsonb, u.terms::jsonb, u.tickets::int,
             u.first_seen::timestamptz, u.last_seen::timestamptz, u.examples::jsonb, u.excluded::boolean, now()
      from unnest(${chunk.map((c) => c.id)}::text[], ${chunk.map((c) => c.label)}::text[],
                  ${chunk.map((c) => c.template) as string[]}::text[],
                  ${chunk.map((c) => JSON.stringify(c.parameters))}::text[],
                  ${chunk.map((c) => JSON.stringify(c.templates))}::text[],
                  ${chunk.map((c) => JSON.stringify(c.terms))}::text[], ${chunk.map((c) => String(c.tickets))}::text[],
                  ${chunk.map((c) => c.firstSeen) as string[]}::text[], ${chunk.map((c) => c.lastSeen) as string[]}::text[],
                  ${chunk.map((c) => JSON.stringify(c.examples))}::text[], ${chunk.map((c) => String(c.excluded))}::text[])
        as u(id, label, template, parameters, templates, terms, tickets, first_seen, last_seen, examples, excluded)`;
  }
}

async function insertMembers(
  tx: TxSql,
  members: readonly ClusterMember[],
  minedClusterOf: ReadonlyMap<string, string | null>,
): Promise<void> {
  for (let i = 0; i < members.length; i += BATCH) {
    const chunk = members.slice(i, i + BATCH);
    await tx`
      insert into cluster_members (ticket_id, cluster_id, mined_cluster_id, template_id, parameters)
      select u.ticket_id, u.cluster_id, u.mined_cluster_id, u.template_id, u.parameters::jsonb
      from unnest(${chunk.map((m) => m.ticketId)}::text[], ${chunk.map((m) => m.clusterId) as string[]}::text[],
                  ${chunk.map((m) => minedClusterOf.get(m.ticketId) ?? null) as string[]}::text[],
                  ${chunk.map((m) => m.templateId) as string[]}::text[],
                  ${chunk.map((m) => JSON.stringify(m.parameters))}::text[])
        as u(ticket_id, cluster_id, mined_cluster_id, template_id, parameters)`;
  }
}

async function recordRun(tx: TxSql, run: ClusterRun): Promise<void> {
  await tx`
    insert into cluster_runs (mode, settings_key, started_at, finished_at, ingested_through, tickets, clustered, clusters)
    values (${run.mode}, ${run.settingsKey}, ${run.startedAt.toISOString()}, ${run.finishedAt.toISOString()},
            ${run.ingestedThrough}, ${run.tickets}, ${run.clustered}, ${run.clusters})`;
}

/** Replaces every cluster and membership in one transaction: readers see the old set or the new one. */
export async function replaceClusters({
  sql,
  clusters,
  members,
  minedClusterOf,
  run,
}: {
  sql: postgres.Sql;
  clusters: readonly Cluster[];
  members: readonly ClusterMember[];
  /** Ticket → the miner's cluster before overrides, kept so the next re-cluster matches on it. */
  minedClusterOf: ReadonlyMap<string, string | null>;
  run: ClusterRun;
}): Promise<void> {
  await sql.begin(async (tx) => {
    await tx`delete from cluster_members`;
    await tx`delete from clusters`;
    await insertClusters(tx, clusters);
    await insertMembers(
      tx,
      members.filter((m) => m.clusterId !== null),
      minedClusterOf,
    );
    await recordRun(tx, run);
  });
}

/** Adds incrementally assigned tickets and refreshes the figures of the clusters they joined. */
export async function addClusterMembers({
  sql,
  members,
  run,
}: {
  sql: postgres.Sql;
  members: readonly ClusterMember[];
  run: ClusterRun;
}): Promise<void> {
  const assigned = members.filter((m) => m.clusterId !== null);
  const touched = [...new Set(assigned.map((m) => m.clusterId as string))];
  await sql.begin(async (tx) => {
    await tx`delete from cluster_members where ticket_id = any(${members.map((m) => m.ticketId)}::text[])`;
    await insertMembers(tx, assigned, new Map(assigned.map((m) => [m.ticketId, m.clusterId])));
    if (touched.length > 0) {
      await tx`
        update clusters c set tickets = s.tickets, first_seen = s.first_seen, last_seen = s.last_seen, updated_at = now()
        from (select m.cluster_id, count(*)::int as tickets, min(t.created_at) as first_seen, max(t.created_at) as last_seen
              from cluster_members m join tickets t on t.id = m.ticket_id
              where m.cluster_id = any(${touched}::text[]) group by m.cluster_id) s
        where c.id = s.cluster_id`;
    }
    await recordRun(tx, run);
  });
}

/**
 * The stored clusters and how many tickets the last clustering placed: all an incremental assignment
 * needs. Loading every membership (getPreviousClusters) took seconds at 1M tickets.
 */
export async function getStoredClusters({
  sql,
}: {
  sql: postgres.Sql;
}): Promise<{ stored: StoredCluster[]; members: number }> {
  const stored = await sql<StoredCluster[]>`
    select id, label, template, templates, terms, tickets from clusters order by id`;
  const [row] = await sql<{ n: number }[]>`select count(*)::int as n from cluster_members`;
  return { stored, members: row?.n ?? 0 };
}
