import type postgres from 'postgres';

export interface ClusterAssignment {
  ticketId: string;
  clusterId: string;
  label: string;
}

/** The request type of each ticket that has one (ticket id → cluster), for a page of tickets. */
export async function listClusterAssignments({
  sql,
  ticketIds,
}: {
  sql: postgres.Sql;
  ticketIds: readonly string[];
}): Promise<Map<string, ClusterAssignment>> {
  const rows = await sql<{ ticket_id: string; cluster_id: string; label: string | null }[]>`
    select m.ticket_id, m.cluster_id, c.label
    from cluster_members m left join clusters c on c.id = m.cluster_id
    where m.ticket_id = any(${ticketIds as string[]})`;
  return new Map(
    rows.map((r) => [
      r.ticket_id,
      { ticketId: r.ticket_id, clusterId: r.cluster_id, label: r.label ?? r.cluster_id },
    ]),
  );
}
